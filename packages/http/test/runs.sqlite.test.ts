/**
 * Campaign runs through the HTTP API over SQLite: POST /run, the event stream, cancel, the error
 * answers, and the csv lead source of LF_IMPORT_DIR. The worker runs in the server's process.
 */
import { mkdirSync, symlinkSync, writeFileSync } from "node:fs"
import { join } from "node:path"
import { afterAll, describe, expect, it } from "vitest"
import { call, register } from "./support/Http.js"
import { makeOperator } from "./support/Operator.js"
import type { TestServer } from "./support/TestServer.js"
import { crawlerLog, readEventStream, startRunsServer, tempDir, waitFor } from "./runs.support.js"

const dir = tempDir("http-sqlite")
process.env.FAKE_CRAWLER_LOG = join(dir, "crawler.log")
const importDir = join(dir, "imports")
mkdirSync(importDir)

const servers: Array<TestServer> = []
let databases = 0
/** A server over a database of its own, so that no other test's worker takes its runs. */
const start = async (env: Record<string, string> = {}) => {
  const databaseUrl = `sqlite:${join(dir, `leadfactory-${++databases}.db`)}`
  const server = await startRunsServer(databaseUrl, dir, { LF_IMPORT_DIR: importDir, ...env })
  servers.push(server)
  return { ...server, databaseUrl }
}
afterAll(async () => {
  for (const server of servers) await server.stop()
})

const newCampaign = async (base: string, token: string, vertical: string, config: Record<string, unknown> = {}) => {
  const created = await call(base, "/api/campaigns", { token, json: { name: `Run ${vertical}`, vertical, config } })
  expect(created.status).toBe(201)
  return created.body.id as string
}

describe("campaign runs over HTTP (SQLite)", () => {
  it("answers 202 queued and streams the run's progress until it completes", async () => {
    const server = await start()
    const { token } = await register(server.url)
    const id = await newCampaign(server.url, token, "vc", { rows: 6, without_email: 2, steps: 4, step_ms: 300 })

    const queued = await call(server.url, `/api/campaigns/${id}/run`, { method: "POST", token })
    expect(queued.status).toBe(202)
    expect(queued.body.status).toBe("queued")
    expect(queued.body.id).toBe(id)

    // As a browser's EventSource would: the token in the query string.
    const stream = await readEventStream(`${server.url}/api/campaigns/${id}/events?access_token=${token}`)
    expect(stream.status).toBe(200)
    expect(stream.contentType).toContain("text/event-stream")
    const last = stream.campaigns.at(-1)!
    expect(last).toMatchObject({ id, status: "completed", progress_stage: "completed", progress_pct: 100, total_leads: 8, total_emails: 6, credits_used: 6 })
    // The stream reads the campaign every 500 ms: it sees some of the crawler's stages (300 ms each).
    const crawlStages = ["crawling", "enriching", "validating", "scoring"]
    expect(stream.campaigns.some((c) => c.status === "running" && crawlStages.includes(c.progress_stage))).toBe(true)
    const pcts = stream.campaigns.map((c) => c.progress_pct as number)
    expect(pcts).toEqual([...pcts].sort((a, b) => a - b))
    expect(stream.campaigns.length).toBeGreaterThanOrEqual(3)

    const credits = await call(server.url, "/api/users/credits", { token })
    expect(credits.body.credits_remaining).toBe(500 - 6)
    const leads = await call(server.url, `/api/leads?campaign_id=${id}`, { token })
    expect(leads.body.total).toBe(8)
    // Request logs never carry the query string, so the token stays out of them.
    expect(server.logs.some((line) => line.includes(token))).toBe(false)
    expect(server.logs.some((line) => line.includes(`/api/campaigns/${id}/events`))).toBe(true)

    // A finished run's stream answers its final state once and ends.
    const after = await readEventStream(`${server.url}/api/campaigns/${id}/events`, { authorization: `Bearer ${token}` })
    expect(after.campaigns).toHaveLength(1)
    expect(after.campaigns[0]!.status).toBe("completed")
  })

  it("gives exactly one of racing run requests a 202, the others 409", async () => {
    const server = await start({ LF_WORKER: "0" })
    const { token } = await register(server.url)
    const id = await newCampaign(server.url, token, "vc")
    const answers = await Promise.all(
      Array.from({ length: 8 }, () => call(server.url, `/api/campaigns/${id}/run`, { method: "POST", token }))
    )
    expect(answers.map((a) => a.status).sort()).toEqual([202, 409, 409, 409, 409, 409, 409, 409])
    expect(answers.find((a) => a.status === 409)!.body.code).toBe("CampaignRunning")
    // Nothing runs it (LF_WORKER=0): a queued run is cancelled at once, and the campaign may run again.
    const cancelled = await call(server.url, `/api/campaigns/${id}/cancel`, { method: "POST", token })
    expect(cancelled.status).toBe(200)
    expect(cancelled.body.status).toBe("cancelled")
    expect((await call(server.url, `/api/campaigns/${id}/run`, { method: "POST", token })).status).toBe(202)
    // Deleting is refused while queued, as while running.
    expect((await call(server.url, `/api/campaigns/${id}`, { method: "DELETE", token })).status).toBe(409)
  })

  it("answers 400 without a lead source, 402 without credits, 404 for others' campaigns and 401 without credentials", async () => {
    const server = await start({ LF_WORKER: "0" })
    const alice = await register(server.url)
    const bob = await register(server.url)

    const unconfigured = await newCampaign(server.url, alice.token, "corp_dev")
    const noSource = await call(server.url, `/api/campaigns/${unconfigured}/run`, { method: "POST", token: alice.token })
    expect(noSource.status).toBe(400)
    expect(noSource.body.code).toBe("InvalidInput")
    expect(noSource.body.detail).toContain("LF_CRAWL_COMMAND")
    expect(noSource.body.detail).toContain("LF_IMPORT_DIR")
    expect((await call(server.url, `/api/campaigns/${unconfigured}`, { token: alice.token })).body.status).toBe("pending")

    const vc = await newCampaign(server.url, alice.token, "vc")
    expect((await call(server.url, `/api/campaigns/${vc}/run`, { method: "POST", token: bob.token })).status).toBe(404)
    expect((await call(server.url, `/api/campaigns/${vc}/cancel`, { method: "POST", token: bob.token })).status).toBe(404)
    expect((await readEventStream(`${server.url}/api/campaigns/${vc}/events?access_token=${bob.token}`)).status).toBe(404)
    expect((await readEventStream(`${server.url}/api/campaigns/${vc}/events`)).status).toBe(401)
    expect((await readEventStream(`${server.url}/api/campaigns/${vc}/events?access_token=nonsense`)).status).toBe(401)
    // The query-string token is for the event stream only.
    expect((await call(server.url, `/api/campaigns/${vc}/run?access_token=${alice.token}`, { method: "POST" })).status).toBe(401)

    const operator = makeOperator(server.databaseUrl)
    await operator.spendAllCredits(alice.user.id)
    await operator.close()
    const broke = await call(server.url, `/api/campaigns/${vc}/run`, { method: "POST", token: alice.token })
    expect(broke.status).toBe(402)
    expect(broke.body.code).toBe("InsufficientCredits")
  })

  it("cancels a running crawl: the stream ends with the campaign cancelled", async () => {
    const server = await start()
    const { token } = await register(server.url)
    const id = await newCampaign(server.url, token, "family_office")
    expect((await call(server.url, `/api/campaigns/${id}/run`, { method: "POST", token })).status).toBe(202)
    const stream = readEventStream(`${server.url}/api/campaigns/${id}/events`, { authorization: `Bearer ${token}` })
    await waitFor("the crawl to start", () => (crawlerLog(process.env.FAKE_CRAWLER_LOG!).some((line) => line.startsWith(`${id} started`)) ? true : undefined))
    const answer = await call(server.url, `/api/campaigns/${id}/cancel`, { method: "POST", token })
    expect(answer.status).toBe(200)
    const { campaigns } = await stream
    expect(campaigns.at(-1)).toMatchObject({ status: "cancelled", progress_stage: "cancelled", error_message: "Cancelled on request." })
    expect(campaigns.some((c) => c.status === "running")).toBe(true)
    expect(crawlerLog(process.env.FAKE_CRAWLER_LOG!)).toContain(`${id} SIGTERM`)
  })

  it("imports a CSV of LF_IMPORT_DIR named by the campaign's config, and nothing outside that folder", async () => {
    const server = await start()
    const { token } = await register(server.url)
    writeFileSync(
      join(importDir, "leads.csv"),
      "Name,Email,Fund,Lead Score\nAda Lovelace,ada@engines.example,Engines Fund,91\nCharles Babbage,N/A,Engines Fund,70\n"
    )
    const good = await newCampaign(server.url, token, "corp_dev", { csv: "leads.csv" })
    expect((await call(server.url, `/api/campaigns/${good}/run`, { method: "POST", token })).status).toBe(202)
    const { campaigns } = await readEventStream(`${server.url}/api/campaigns/${good}/events?access_token=${token}`)
    expect(campaigns.at(-1)).toMatchObject({ status: "completed", total_leads: 2, total_emails: 1, credits_used: 1 })

    for (const outside of ["../crawl.json", "/etc/passwd", "imports/../../crawl.json"]) {
      const id = await newCampaign(server.url, token, "vc", { csv: outside })
      const refused = await call(server.url, `/api/campaigns/${id}/run`, { method: "POST", token })
      expect(refused.status).toBe(400)
      expect(refused.body.errors[0].field).toBe("config.csv")
    }

    symlinkSync(join(dir, "crawl.json"), join(importDir, "link.csv"))
    const linked = await newCampaign(server.url, token, "vc", { csv: "link.csv" })
    expect((await call(server.url, `/api/campaigns/${linked}/run`, { method: "POST", token })).status).toBe(202)
    const failed = await readEventStream(`${server.url}/api/campaigns/${linked}/events?access_token=${token}`)
    expect(failed.campaigns.at(-1)).toMatchObject({ status: "failed", total_leads: 0 })
    expect(failed.campaigns.at(-1)!.error_message).toContain("outside the import folder")
  })
})
