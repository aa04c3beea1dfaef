/**
 * Case 6, races (OWASP ASVS V11 business logic, atomicity): 50 concurrent run requests of one campaign
 * start exactly one run; 100 concurrent credit charges (through the Credits service, and through 100
 * runs that each charge for their lead) leave a ledger that adds up to the balance, never below zero;
 * concurrent registrations of one email make one account. Then the same load on two server processes
 * sharing one PostgreSQL database keeps all three rules.
 */
import { randomUUID } from "node:crypto"
import { writeFileSync } from "node:fs"
import { join } from "node:path"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { writeCrawlConfig } from "../../packages/core/test/runs/support.js"
import { crawlerCsv, fixtureLeads } from "../../packages/http/test/support/CrawlerCsv.js"
import { makeOperator } from "../../packages/http/test/support/Operator.js"
import { databases, NO_REAL_POSTGRES, realPostgresDatabase, scratchFolder } from "./support/Databases.js"
import { activeCampaigns, leadProblems, ledgerProblems, num, withInspector } from "./support/Inspector.js"
import { call, register, type ServerProcess, serverProcess, startTestServer, stopAll, type TestServer, waitFor } from "./support/Servers.js"

const importDir = scratchFolder("races-imports")
// One lead with an email: each run of it charges exactly 1 credit.
writeFileSync(join(importDir, "one.csv"), crawlerCsv(fixtureLeads(1)))
const runsDir = scratchFolder("races-runs")
// vc runs the fake crawl engine of the run tests: it reports progress for `steps` × `step_ms`, then writes `rows` leads.
const runEnv = {
  LF_CRAWL_CONFIG: writeCrawlConfig(runsDir),
  LF_IMPORT_DIR: importDir,
  LF_RUNS_DIR: runsDir,
  LF_WORKER_POLL_MS: "50",
  LF_WORKER_CONCURRENCY: "3"
}

/** The base URLs to spread requests over: one server, or two processes on one database. */
type Bases = ReadonlyArray<string>
const spread = (bases: Bases, i: number) => bases[i % bases.length]!

/**
 * 50 run requests of one campaign at once, while no run of it could have ended (its crawl takes
 * seconds): one 202, the rest 409, one run in the queue's table, and its leads charged once.
 */
const oneRunStarts = async (bases: Bases, databaseUrl: string) => {
  const { token } = await register(bases[0]!)
  const config = { rows: 240, without_email: 60, steps: 8, step_ms: 250 }
  const id = (await call(bases[0]!, "/api/campaigns", { token, json: { name: "Raced", vertical: "vc", config } })).body.id
  const answers = await Promise.all(Array.from({ length: 50 }, (_, i) => call(spread(bases, i), `/api/campaigns/${id}/run`, { method: "POST", token })))
  const statuses = answers.map((answer) => answer.status).sort()
  expect(statuses).toEqual([202, ...Array.from({ length: 49 }, () => 409)])
  for (const answer of answers.filter((a) => a.status === 409)) expect(answer.body.code).toBe("CampaignRunning")
  await waitFor("the raced run to end", async () => {
    const status = (await call(bases[0]!, `/api/campaigns/${id}`, { token })).body.status
    return status === "completed" ? status : undefined
  }, 60_000)
  await withInspector(databaseUrl, async (db) => {
    expect(num((await db.rows<{ n: unknown }>("SELECT COUNT(*) AS n FROM campaign_runs WHERE campaign_id = $1", id))[0]!.n)).toBe(1)
    expect(num((await db.rows<{ n: unknown }>("SELECT COUNT(*) AS n FROM leads WHERE campaign_id = $1", id))[0]!.n)).toBe(300)
  })
  const campaign = (await call(bases[0]!, `/api/campaigns/${id}`, { token })).body
  expect(campaign).toMatchObject({ total_leads: 300, credits_used: 240 })
}

/**
 * A user with `balance` credits runs 100 campaigns at once, each worth 1 credit: the first
 * `balance` runs to commit are charged, the others hold their lead back; the ledger adds up.
 */
const chargesAddUp = async (bases: Bases, databaseUrl: string, balance: number, workers = 1) => {
  const user = await register(bases[0]!)
  const ids: Array<string> = []
  for (let at = 0; at < 100; at += 10) {
    const created = await Promise.all(Array.from({ length: 10 }, (_, i) =>
      call(spread(bases, i), "/api/campaigns", { token: user.token, json: { name: `Charge ${at + i}`, vertical: "vc", config: { csv: "one.csv" } } })
    ))
    ids.push(...created.map((answer) => answer.body.id as string))
  }
  const operator = makeOperator(databaseUrl)
  try {
    await operator.charge(user.user.id, 500 - balance)
  } finally {
    await operator.close()
  }
  const answers = await Promise.all(ids.map((id, i) => call(spread(bases, i), `/api/campaigns/${id}/run`, { method: "POST", token: user.token })))
  const accepted = ids.filter((_, i) => answers[i]!.status === 202)
  for (const answer of answers) expect([202, 402]).toContain(answer.status)
  expect(accepted.length).toBeGreaterThanOrEqual(balance)
  const ended = await waitFor("the 100 runs to end", async () => {
    const { campaigns } = (await call(bases[0]!, "/api/campaigns?per_page=100", { token: user.token })).body
    return campaigns.every((c: { status: string }) => c.status !== "queued" && c.status !== "running") ? campaigns : undefined
  }, 120_000) as Array<{ id: string; status: string; credits_used: number; total_leads: number; error_message: string | null }>
  const ran = ended.filter((c) => accepted.includes(c.id))
  expect(ran.every((c) => c.status === "completed")).toBe(true)
  expect(ran.reduce((sum, c) => sum + c.credits_used, 0)).toBe(balance)
  expect(ran.reduce((sum, c) => sum + c.total_leads, 0)).toBe(balance)
  expect(ran.filter((c) => c.error_message?.includes("held back")).length).toBe(accepted.length - balance)
  expect((await call(bases[0]!, "/api/users/credits", { token: user.token })).body.credits_remaining).toBe(0)
  await withInspector(databaseUrl, async (db) => {
    const ran = await db.rows<{ n: unknown }>(
      "SELECT COUNT(DISTINCT r.worker_id) AS n FROM campaign_runs r JOIN campaigns c ON c.id = r.campaign_id WHERE c.user_id = $1",
      user.user.id
    )
    expect(num(ran[0]!.n), "workers that ran the runs").toBe(workers)
  })
}

/** 20 registrations of one address (in different cases) at once: one account, the others 409. */
const oneAccount = async (bases: Bases, databaseUrl: string) => {
  const email = `race.${randomUUID()}@example.com`
  const spellings = [email, email.toUpperCase(), ` ${email} `, email.replace("race", "RACE")]
  const answers = await Promise.all(Array.from({ length: 20 }, (_, i) =>
    call(spread(bases, i), "/api/users/register", { json: { email: spellings[i % spellings.length], password: "long enough password", name: `Racer ${i}` } })
  ))
  expect(answers.map((answer) => answer.status).sort()).toEqual([201, ...Array.from({ length: 19 }, () => 409)])
  for (const answer of answers.filter((a) => a.status === 409)) expect(answer.body.code).toBe("EmailTaken")
  await withInspector(databaseUrl, async (db) => {
    expect(num((await db.rows<{ n: unknown }>("SELECT COUNT(*) AS n FROM users WHERE lower(email) = $1", email))[0]!.n)).toBe(1)
  })
}

const invariantsHold = (databaseUrl: string) =>
  withInspector(databaseUrl, async (db) => {
    expect(await ledgerProblems(db)).toEqual([])
    expect(await leadProblems(db)).toEqual([])
    expect(await activeCampaigns(db)).toEqual([])
  })

const backends = await databases("races")

describe.each(backends)("races on one server over $name", ({ url }) => {
  let server: TestServer
  beforeAll(async () => {
    server = await startTestServer(url, runEnv)
  })
  afterAll(async () => {
    await server?.stop()
  })

  it("starts exactly one of 50 concurrent runs of one campaign", () => oneRunStarts([server.url], url))

  it("charges exactly the balance for 100 concurrent runs of 1 credit each, holding back the rest", () => chargesAddUp([server.url], url, 60))

  it("lets exactly 60 of 100 concurrent 1-credit charges through the Credits service on a balance of 60", async () => {
    const user = await register(server.url)
    const operator = makeOperator(url)
    try {
      await operator.charge(user.user.id, 440)
      const results = await Promise.allSettled(Array.from({ length: 100 }, () => operator.charge(user.user.id, 1)))
      expect(results.filter((r) => r.status === "fulfilled").length).toBe(60)
      for (const result of results.filter((r) => r.status === "rejected")) expect(String((result as PromiseRejectedResult).reason)).toMatch(/Not enough credits/)
    } finally {
      await operator.close()
    }
    expect((await call(server.url, "/api/users/credits", { token: user.token })).body.credits_remaining).toBe(0)
  })

  it("makes one account of 20 concurrent registrations of one email", () => oneAccount([server.url], url))

  it("left a ledger that adds up, no duplicate leads, and no campaign queued or running", () => invariantsHold(url))
})

const shared = await realPostgresDatabase()

describe.skipIf(shared === undefined)(`races on two server processes sharing PostgreSQL${shared === undefined ? ` (skipped: ${NO_REAL_POSTGRES})` : ""}`, () => {
  const servers: Array<ServerProcess> = []
  let bases: Bases
  beforeAll(async () => {
    servers.push(await serverProcess(shared!, runEnv))
    servers.push(await serverProcess(shared!, runEnv))
    bases = servers.map((s) => s.url)
  })
  afterAll(() => stopAll(servers))

  it("starts exactly one of 50 concurrent runs of one campaign sent to both", () => oneRunStarts(bases, shared!))

  it("charges exactly the balance for 100 concurrent 1-credit runs sent to both, run by both workers", () => chargesAddUp(bases, shared!, 60, 2))

  it("makes one account of 20 concurrent registrations of one email sent to both", () => oneAccount(bases, shared!))

  it("left a ledger that adds up, no duplicate leads, and no campaign queued or running", () => invariantsHold(shared!))
})
