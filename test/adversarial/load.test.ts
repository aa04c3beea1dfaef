/**
 * Case 8, load: a bounded load of mixed reads and writes on a server process, from 50 concurrent
 * clients on loopback, for LF_LOAD_SECONDS (10 s by default; the 60 s with
 * LF_LOAD_SECONDS=60) and at most a fixed number of requests. No answer may be a 5xx or anything but
 * the expected status, and every write that was acknowledged (201, or an import's summary) must be
 * readable afterwards. The latency percentiles are printed.
 */
import { randomUUID } from "node:crypto"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { crawlerCsv, fixtureLeads } from "../../packages/http/test/support/CrawlerCsv.js"
import { processDatabases } from "./support/Databases.js"
import { num, withInspector } from "./support/Inspector.js"
import { type Answer, call, register, type ServerProcess, serverProcess, sigkill } from "./support/Servers.js"

const SECONDS = Number(process.env.LF_LOAD_SECONDS ?? 10)
const CLIENTS = 50
/** The load stops at this many requests even if time is left. */
const MAX_REQUESTS = 200_000
const USERS = 10

interface Account {
  readonly token: string
  readonly key: string
  readonly campaignId: string
}

/** What the clients were told was written, to be read back afterwards. */
interface Writes {
  readonly campaigns: Array<{ readonly token: string; readonly id: string; readonly name: string }>
  readonly keys: Array<string>
  /** New leads each acknowledged import added, by campaign. */
  readonly imported: Map<string, number>
}

const percentile = (sorted: ReadonlyArray<number>, p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!

const backends = await processDatabases("load")

describe.each(backends)("load on $name", ({ name, url }) => {
  let server: ServerProcess
  const accounts: Array<Account> = []
  const leadsAtStart = 40

  beforeAll(async () => {
    server = await serverProcess(url)
    for (let i = 0; i < USERS; i++) {
      const { token } = await register(server.url, `Load ${i}`)
      const key = (await call(server.url, "/api/users/api-keys", { token, json: { name: "load" } })).body.key as string
      const campaignId = (await call(server.url, "/api/campaigns", { token, json: { name: `Load ${i}`, vertical: "vc" } })).body.id as string
      const answer = await call(server.url, `/api/campaigns/${campaignId}/import`, { token, body: crawlerCsv(fixtureLeads(leadsAtStart)), headers: { "content-type": "text/csv" } })
      expect(answer.body.imported).toBe(leadsAtStart)
      accounts.push({ token, key, campaignId })
    }
  })
  afterAll(async () => {
    if (server !== undefined) await sigkill(server)
  })

  it(`serves ${CLIENTS} clients of mixed reads and writes for ${SECONDS} s with no 5xx and no lost write`, async () => {
    const writes: Writes = { campaigns: [], keys: [], imported: new Map() }
    const latencies: Array<number> = []
    const statuses = new Map<number, number>()
    const unexpected: Array<string> = []
    const deadline = Date.now() + SECONDS * 1000
    let sent = 0

    const timed = async (label: string, expected: number, run: () => Promise<Answer>) => {
      const started = performance.now()
      const answer = await run()
      latencies.push(performance.now() - started)
      statuses.set(answer.status, (statuses.get(answer.status) ?? 0) + 1)
      if (answer.status !== expected) unexpected.push(`${label}: ${answer.status} ${answer.text.slice(0, 200)}`)
      return answer
    }

    const client = async (index: number) => {
      const account = accounts[index % USERS]!
      const token = account.token
      let step = 0
      while (Date.now() < deadline && sent < MAX_REQUESTS) {
        sent++
        const pick = (index * 7 + step++) % 20
        if (pick < 6) {
          await timed("list leads", 200, () => call(server.url, `/api/leads?campaign_id=${account.campaignId}&per_page=50&sort_by=${pick % 2 === 0 ? "score" : "name"}`, { token }))
        } else if (pick < 8) {
          await timed("list campaigns", 200, () => call(server.url, "/api/campaigns?per_page=20", { apiKey: account.key }))
        } else if (pick < 10) {
          await timed("lead stats", 200, () => call(server.url, `/api/leads/stats?campaign_id=${account.campaignId}`, { token }))
        } else if (pick < 11) {
          await timed("me", 200, () => call(server.url, "/api/users/me", { token: account.key }))
        } else if (pick < 12) {
          await timed("overview", 200, () => call(server.url, "/api/stats", { token }))
        } else if (pick < 15) {
          const campaignName = `Load ${randomUUID()}`
          const answer = await timed("create campaign", 201, () => call(server.url, "/api/campaigns", { token, json: { name: campaignName, vertical: "pe" } }))
          if (answer.status === 201) writes.campaigns.push({ token, id: answer.body.id, name: campaignName })
        } else if (pick < 16) {
          const answer = await timed("create key", 201, () => call(server.url, "/api/users/api-keys", { token, json: { name: "under load" } }))
          if (answer.status === 201) writes.keys.push(answer.body.key)
        } else if (pick < 18) {
          const own = writes.campaigns.filter((c) => c.token === token)
          const target = own[own.length - 1]
          if (target === undefined) continue
          const prefix = randomUUID().slice(0, 8)
          const rows = fixtureLeads(5).map((lead) => ({ ...lead, name: `${prefix} ${lead.name}`, email: `${prefix}.${lead.email ?? "none"}`.replace(".none", "") }))
          const answer = await timed("import", 200, () => call(server.url, `/api/campaigns/${target.id}/import`, { token, body: crawlerCsv(rows), headers: { "content-type": "text/csv" } }))
          if (answer.status === 200) writes.imported.set(target.id, (writes.imported.get(target.id) ?? 0) + answer.body.imported)
        } else if (pick < 19) {
          await timed("export", 200, async () => {
            const started = await fetch(`${server.url}/api/leads/export?campaign_id=${account.campaignId}`, { headers: { authorization: `Bearer ${token}` } })
            const text = await started.text()
            return { status: started.status, headers: started.headers, body: text, text }
          })
        } else {
          await timed("health", 200, () => call(server.url, "/api/health"))
        }
      }
    }

    const started = Date.now()
    await Promise.all(Array.from({ length: CLIENTS }, (_, i) => client(i)))
    const elapsed = (Date.now() - started) / 1000
    const sorted = [...latencies].sort((a, b) => a - b)
    console.log(
      `load on ${name}: ${latencies.length} requests in ${elapsed.toFixed(1)} s (${(latencies.length / elapsed).toFixed(0)}/s) from ${CLIENTS} clients; ` +
        `p50 ${percentile(sorted, 50).toFixed(1)} ms, p95 ${percentile(sorted, 95).toFixed(1)} ms, p99 ${percentile(sorted, 99).toFixed(1)} ms, max ${sorted.at(-1)!.toFixed(0)} ms; ` +
        `statuses ${JSON.stringify(Object.fromEntries(statuses))}; ${writes.campaigns.length} campaigns, ${writes.keys.length} keys, ${[...writes.imported.values()].reduce((a, b) => a + b, 0)} leads written`
    )
    expect(unexpected.slice(0, 10)).toEqual([])
    expect([...statuses.keys()].filter((status) => status >= 500)).toEqual([])
    expect(latencies.length).toBeGreaterThan(CLIENTS * 5)
    expect(writes.campaigns.length).toBeGreaterThan(0)

    // Every acknowledged write is there.
    for (let at = 0; at < writes.campaigns.length; at += 25) {
      await Promise.all(writes.campaigns.slice(at, at + 25).map(async ({ id, name: campaignName, token }) => {
        const read = await call(server.url, `/api/campaigns/${id}`, { token })
        expect(read.status).toBe(200)
        expect(read.body.name).toBe(campaignName)
        expect(read.body.total_leads).toBe(writes.imported.get(id) ?? 0)
      }))
    }
    for (let at = 0; at < writes.keys.length; at += 25) {
      await Promise.all(writes.keys.slice(at, at + 25).map(async (key) => expect((await call(server.url, "/api/users/me", { apiKey: key })).status).toBe(200)))
    }
    await withInspector(url, async (db) => {
      for (const [id, count] of writes.imported) {
        expect(num((await db.rows<{ n: unknown }>("SELECT COUNT(*) AS n FROM leads WHERE campaign_id = $1", id))[0]!.n)).toBe(count)
      }
    })
  }, SECONDS * 1000 + 120_000)
})
