/**
 * Campaign runs through two servers on one PostgreSQL database: run requests racing on both get
 * exactly one 202, and one server's event stream follows a run that the other server's worker runs.
 * Two servers need a real PostgreSQL (PGlite's single backend mixes up concurrent sessions):
 * LF_TEST_PG_URL, else postgres://postgres@127.0.0.1:5432 when it answers; skipped without one.
 */
import { findRealPostgres, scratchDatabase } from "../../core/test/runs/support.js"
import { join } from "node:path"
import { afterAll, describe, expect, it } from "vitest"
import { call, register } from "./support/Http.js"
import type { TestServer } from "./support/TestServer.js"
import { readEventStream, startRunsServer, tempDir } from "./runs.support.js"

const serverUrl = await findRealPostgres()
const databaseUrl = serverUrl === undefined ? undefined : await scratchDatabase(serverUrl)
const dir = tempDir("http-pg")
process.env.FAKE_CRAWLER_LOG = join(dir, "crawler.log")

const servers: Array<TestServer> = []
afterAll(async () => {
  for (const server of servers) await server.stop()
})

describe.skipIf(databaseUrl === undefined)("campaign runs over HTTP on two servers sharing PostgreSQL", () => {
  it("gives one of the run requests racing on both servers a 202 and the others 409; the other server streams the run", async () => {
    // Only the first server runs a worker, so that the second one's stream shows work done elsewhere.
    const working = await startRunsServer(databaseUrl!, dir)
    const watching = await startRunsServer(databaseUrl!, dir, { LF_WORKER: "0" })
    servers.push(working, watching)
    const { token } = await register(working.url)
    const created = await call(working.url, "/api/campaigns", {
      token,
      json: { name: "Shared", vertical: "vc", config: { rows: 5, steps: 3, step_ms: 300 } }
    })
    const id = created.body.id as string

    const answers = await Promise.all(
      Array.from({ length: 10 }, (_, i) => call((i % 2 === 0 ? watching : working).url, `/api/campaigns/${id}/run`, { method: "POST", token }))
    )
    expect(answers.map((a) => a.status).sort()).toEqual([202, ...Array.from({ length: 9 }, () => 409)])

    const { campaigns } = await readEventStream(`${watching.url}/api/campaigns/${id}/events`, { authorization: `Bearer ${token}` })
    expect(campaigns.some((c) => c.status === "running")).toBe(true)
    expect(campaigns.at(-1)).toMatchObject({ status: "completed", total_leads: 5, total_emails: 5, credits_used: 5 })
    const history = await call(watching.url, "/api/users/credits/history", { token })
    const charged = history.body.transactions.filter((t: { campaign_id: string }) => t.campaign_id === id)
    expect(charged.reduce((sum: number, t: { amount: number }) => sum + t.amount, 0)).toBe(-5)
  })
})
