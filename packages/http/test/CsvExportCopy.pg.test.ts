/**
 * The export on PostgreSQL, written by the database (LeadStore.exportCsv, a COPY … TO STDOUT):
 * byte for byte what the export writes from LeadStore.exportRows (csvBytes) for awkward leads and
 * every filter of the endpoint; and its connection goes back to the pool when the consumer stops
 * early, in the store and when an HTTP client hangs up mid-file. On LF_TEST_PG_URL's server when set,
 * else on PGlite.
 */
import { CampaignId, type LeadFilter, LeadStore, type Tier } from "@leadfactory/core"
import { awkwardLead, campaignWithLeads } from "@leadfactory/core/testing"
import * as StorePg from "@leadfactory/store-pg"
import { makeTestDatabaseUrl } from "@leadfactory/store-pg/testing"
import { parse } from "csv-parse/sync"
import express from "express"
import type { Server } from "node:http"
import type { AddressInfo } from "node:net"
import pg from "pg"
import { Chunk, Effect, ManagedRuntime, Option, Stream } from "effect"
import { afterAll, describe, expect, it } from "vitest"
import { csvBytes } from "../src/CsvExport.js"
import { createLeadFactory, type LeadFactory } from "../src/index.js"
import { call, register } from "./support/Http.js"
import { TEST_SECRET } from "./support/TestServer.js"

const onServer = process.env.LF_TEST_PG_URL !== undefined && process.env.LF_TEST_PG_URL !== ""
const url = await makeTestDatabaseUrl()

const insertLeads = (campaignId: CampaignId, count: number) =>
  Effect.flatMap(LeadStore, (store) =>
    store.insertMany(campaignId, Array.from({ length: count }, (_, i) => ({ key: `k${i}`, lead: awkwardLead(i) }))))

const setUp = (count: number) => campaignWithLeads("Copy", Array.from({ length: count }, (_, i) => awkwardLead(i)))

const concat = (chunks: Chunk.Chunk<Uint8Array>) => Buffer.concat(Chunk.toReadonlyArray(chunks))

/** The export's lines both ways: COPY's bytes, and csvBytes of the rows as the endpoint wrote them before. */
const bothWays = (campaignId: CampaignId, filter: LeadFilter) =>
  Effect.gen(function*() {
    const store = yield* LeadStore
    const copy = Option.getOrThrow(store.exportCsv(campaignId, filter))
    const copied = concat(yield* Stream.runCollect(copy))
    const rows = Chunk.toReadonlyArray(yield* Stream.runCollect(store.exportRows(campaignId, filter)))
    return { copied: copied.toString("utf8"), written: Buffer.from(csvBytes(rows)).toString("utf8"), rows: rows.length }
  })

const FILTERS: ReadonlyArray<LeadFilter> = [
  {},
  { tier: ["HOT"] satisfies Array<Tier> },
  { tier: ["WARM", "COLD"] },
  { min_score: 50, has_email: true },
  { min_score: 1e-7 },
  { has_email: false },
  { email_verified: true },
  { email_verified: false, email_status: "guessed" },
  { fund: "ai, s" },
  { sector: "\"" },
  { stage: "it's" },
  { check_size: "back\\slash" },
  { hq: "zÜrich" },
  { search: "lines" },
  { search: "%" },
  { search: "_" },
  { search: "'; DROP TABLE leads; --" },
  { search: "$1" },
  { fund: "東京", min_score: 0 }
]

describe(`the export written by PostgreSQL's COPY: ${onServer ? "PostgreSQL" : "PGlite"}`, () => {
  const runtime = ManagedRuntime.make(StorePg.layer({ url }))
  afterAll(() => runtime.dispose())

  it("writes exactly the bytes of the rows' export, for awkward values and every filter", async () => {
    const results = await runtime.runPromise(
      Effect.gen(function*() {
        // Several of COPY's chunks and several of the rows' chunks of 500.
        const id = yield* setUp(3_000)
        return yield* Effect.forEach(FILTERS, (filter) => Effect.map(bothWays(id, filter), (both) => ({ filter, ...both })))
      })
    )
    const all = results[0]!
    expect(all.rows).toBe(3_000)
    expect(all.copied.length).toBeGreaterThan(3_000 * 50)
    for (const { copied, filter, written } of results) {
      expect({ filter, copied }).toEqual({ filter, copied: written })
    }
    // The filters select something, so an empty result on both sides cannot pass for equality.
    expect(results.filter((result) => result.rows > 0).length).toBeGreaterThanOrEqual(FILTERS.length - 3)
    // The values that PostgreSQL writes differently from JavaScript are among the leads.
    for (const cell of ["'=HYPERLINK(\"\"x\"\")", "0.0000001", "0.000015", "0.00012345", "0.30000000000000004", "1999-12-31T23:59:59.999\r\n"]) {
      expect(all.written).toContain(cell)
    }
  }, 180_000)

  it("gives the connection back when the consumer stops early or reads to the end", async () => {
    // One connection: a copy that kept it would make the next statement wait for ever.
    const single = ManagedRuntime.make(StorePg.layer({ url, maxConnections: 1 }))
    try {
      const firstChunks = await single.runPromise(
        Effect.gen(function*() {
          const store = yield* LeadStore
          const id = yield* setUp(3_000)
          const copy = Option.getOrThrow(store.exportCsv(id, {}))
          const chunks: Array<number> = []
          for (let i = 0; i < 3; i++) {
            const first = yield* Stream.runHead(copy)
            chunks.push(Option.getOrThrow(first).length)
            yield* store.stats(id)
          }
          yield* Stream.runDrain(copy)
          yield* store.stats(id)
          return chunks
        }).pipe(Effect.timeoutFail({ duration: "30 seconds", onTimeout: () => new Error("a COPY kept the connection") }))
      )
      expect(firstChunks.length).toBe(3)
    } finally {
      await single.dispose()
    }
  }, 120_000)
})

describe(`GET /api/leads/export on ${onServer ? "PostgreSQL" : "PGlite"}, the client hanging up mid-file`, () => {
  const maxConnections = 2
  let leadFactory: LeadFactory | undefined
  let server: Server | undefined
  afterAll(async () => {
    server?.closeAllConnections()
    await new Promise<void>((resolve) => (server === undefined ? resolve() : server.close(() => resolve())))
    await leadFactory?.close()
  })

  it("gives the connection back, and the server stops the query", async () => {
    // Made here, after the tests above: two layers migrating one new database at once collide.
    leadFactory = createLeadFactory({
      database: StorePg.layer({ url, maxConnections }),
      config: { secretKey: TEST_SECRET, bcryptCost: 4 },
      authRateLimit: null,
      runs: { worker: false }
    })
    await leadFactory.ready
    const app = express()
    app.use("/api", leadFactory.router())
    const base = await new Promise<string>((resolve) => {
      server = app.listen(0, "127.0.0.1", () => resolve(`http://127.0.0.1:${(server!.address() as AddressInfo).port}`))
    })
    const { token } = await register(base, "Hang Up")
    const campaign = await call(base, "/api/campaigns", { token, json: { name: "Big", vertical: "vc" } })
    expect(campaign.status).toBe(201)
    // About 2 MB of CSV: far more than the sockets buffer between PostgreSQL, the server and the client.
    const stores = ManagedRuntime.make(StorePg.layer({ url }))
    await stores.runPromise(insertLeads(CampaignId.make(campaign.body.id), 8_000)).finally(() => stores.dispose())

    // More hang-ups than the pool has connections: a leaked one would starve the requests after them.
    for (let i = 0; i < maxConnections + 2; i++) {
      const abort = new AbortController()
      const response = await fetch(`${base}/api/leads/export?campaign_id=${campaign.body.id}`, {
        headers: { authorization: `Bearer ${token}` },
        signal: abort.signal
      })
      expect(response.status).toBe(200)
      const reader = response.body!.getReader()
      const first = await reader.read()
      expect(first.done).toBe(false)
      abort.abort()
      await reader.closed.catch(() => undefined)
    }
    const page = await call(base, `/api/leads?campaign_id=${campaign.body.id}&per_page=5`, { token })
    expect(page.status).toBe(200)
    expect(page.body.leads.length).toBe(5)
    const whole = await fetch(`${base}/api/leads/export?campaign_id=${campaign.body.id}`, {
      headers: { authorization: `Bearer ${token}` }
    })
    expect(parse(await whole.text(), { columns: true }).length).toBe(8_000)

    if (onServer) {
      // PostgreSQL itself ends the copies of the closed connections (PGlite has no such view).
      const admin = new pg.Client({ connectionString: url })
      await admin.connect()
      try {
        let copying = -1
        for (let attempt = 0; attempt < 50 && copying !== 0; attempt++) {
          const { rows } = await admin.query<{ count: string }>(
            "SELECT count(*) AS count FROM pg_stat_activity WHERE query LIKE 'COPY (SELECT%' AND state <> 'idle'"
          )
          copying = Number(rows[0]!.count)
          if (copying !== 0) await new Promise((resolve) => setTimeout(resolve, 100))
        }
        expect(copying).toBe(0)
      } finally {
        await admin.end()
      }
    }
  }, 120_000)
})
