/**
 * LeadStore.exportRows against LeadStore.stream: the same leads in the same order with the same
 * values, across chunk boundaries that fall inside runs of equal scores, for awkward values (formula
 * and quoted text, line breaks, tiny and fractional scores, times with and without milliseconds,
 * and, where the database keeps them, microseconds). Each store package runs it from a few lines.
 */
import { SqlClient } from "@effect/sql/SqlClient"
import {
  CampaignId,
  CampaignStore,
  type Lead,
  type LeadExportRow,
  type LeadFilter,
  LeadInput,
  LeadStore,
  type Stores,
  tierFromScore,
  UserId,
  UserStore
} from "@leadfactory/core"
import { Chunk, Effect, type Layer, ManagedRuntime, Stream } from "effect"
import { randomUUID } from "node:crypto"
import { afterAll, describe, expect, it } from "vitest"

const TEXTS = [null, "", "Plain", "=HYPERLINK(\"x\")", "+1 555", "-5", "@cmd", "AI, SaaS", "two\nlines", "Ann \"AJ\" Lee", "Zürich", "São Paulo"]
const SCORES = [0, 1e-7, 12.25, 50, 72.5, 80, 99.999, 100]
const TIMES = [null, "2024-05-01T09:30:00.000Z", "2024-05-01T09:30:00.123Z", "1999-12-31T23:59:59.999Z"]

const pick = <A>(values: ReadonlyArray<A>, i: number, salt: number): A => values[(i * 7 + salt * 13 + (i >> 3)) % values.length]!

const leadAt = (i: number) => {
  const scraped = pick(TIMES, i, 4)
  return new LeadInput({
    name: `${pick(TEXTS.filter((t) => t !== null), i, 1)} ${i}`,
    email: i % 5 === 0 ? null : `lead${i}@example.com`,
    email_status: pick(["scraped", "guessed", "unknown", "verified"] as const, i, 2),
    email_source: pick([null, "dns_harvest", "guessed"], i, 3),
    email_verified: i % 3 === 0,
    linkedin: pick(TEXTS, i, 5),
    phone: null,
    fund: pick(TEXTS, i, 6),
    role: pick(TEXTS, i, 7),
    website: pick(TEXTS, i, 8),
    sectors: pick(TEXTS, i, 9),
    check_size: pick(TEXTS, i, 10),
    stage: pick(TEXTS, i, 11),
    hq: pick(TEXTS, i, 12),
    score: pick(SCORES, i, 13),
    tier: tierFromScore(pick(SCORES, i, 13)),
    source: pick(TEXTS, i, 14),
    scraped_at: scraped === null ? null : new Date(scraped)
  })
}

const asExportRow = (lead: Lead): LeadExportRow => ({
  name: lead.name,
  email: lead.email,
  email_status: lead.email_status,
  email_source: lead.email_source,
  role: lead.role,
  fund: lead.fund,
  sectors: lead.sectors,
  stage: lead.stage,
  check_size: lead.check_size,
  hq: lead.hq,
  linkedin: lead.linkedin,
  website: lead.website,
  score: lead.score,
  tier: lead.tier,
  source: lead.source,
  scraped_at: lead.scraped_at === null ? null : lead.scraped_at.toISOString()
})

const setUp = (count: number) =>
  Effect.gen(function*() {
    const user = yield* (yield* UserStore).insert({
      id: UserId.make(randomUUID()), email: `export-${randomUUID().slice(0, 8)}@example.com`, password_hash: "$2b$04$hash",
      name: "Export", company: null, credits: 10, created_at: new Date()
    })
    const id = CampaignId.make(randomUUID())
    yield* (yield* CampaignStore).insert({
      id, user_id: user.id, name: "Export", vertical: "vc", status: "pending", config: {}, total_leads: 0,
      total_emails: 0, credits_used: 0, error_message: null, progress_stage: "pending", progress_pct: 0,
      started_at: null, completed_at: null, created_at: new Date()
    })
    yield* (yield* LeadStore).insertMany(id, Array.from({ length: count }, (_, i) => ({ key: `k${i}`, lead: leadAt(i) })))
    return id
  })

const both = (campaignId: CampaignId, filter: LeadFilter) =>
  Effect.gen(function*() {
    const store = yield* LeadStore
    const rows = Chunk.toReadonlyArray(yield* Stream.runCollect(store.exportRows(campaignId, filter)))
    const leads = Chunk.toReadonlyArray(yield* Stream.runCollect(store.stream(campaignId, filter)))
    return { rows, expected: leads.map(asExportRow) }
  })

export const leadExportSuite = (name: string, makeLayer: () => Layer.Layer<Stores | SqlClient, unknown>) =>
  describe(`lead export rows: ${name}`, () => {
    const runtime = ManagedRuntime.make(makeLayer())
    afterAll(() => runtime.dispose())

    it("exportRows gives stream's leads, in its order, with the same values, across chunks of equal scores", async () => {
      const { rows, expected, filtered } = await runtime.runPromise(
        Effect.gen(function*() {
          // More than two export chunks (5,000 rows), scores from a handful of values: chunk ends fall in ties.
          const id = yield* setUp(11_000)
          const all = yield* both(id, {})
          const filtered = yield* both(id, { min_score: 50, has_email: true, fund: "a" })
          return { ...all, filtered }
        })
      )
      expect(rows.length).toBe(11_000)
      expect(rows).toEqual(expected)
      expect(filtered.rows.length).toBeGreaterThan(0)
      expect(filtered.rows).toEqual(filtered.expected)
    }, 180_000)

    it("gives times with microseconds as stream does: cut to milliseconds", async () => {
      const { rows, expected } = await runtime.runPromise(
        Effect.gen(function*() {
          const sql = yield* SqlClient
          const id = yield* setUp(3)
          // What a bulk load (COPY of the crawler's times) leaves in PostgreSQL; SQLite keeps the text as written.
          yield* sql.onDialectOrElse({
            pg: () => sql`UPDATE leads SET scraped_at = '2026-02-20T00:05:45.277613Z' WHERE campaign_id = ${id}`,
            orElse: () => sql`UPDATE leads SET scraped_at = '2026-02-20T00:05:45.277Z' WHERE campaign_id = ${id}`
          })
          return yield* both(id, {})
        })
      )
      expect(rows.map((row) => row.scraped_at)).toEqual(["2026-02-20T00:05:45.277Z", "2026-02-20T00:05:45.277Z", "2026-02-20T00:05:45.277Z"])
      expect(rows).toEqual(expected)
    })
  })
