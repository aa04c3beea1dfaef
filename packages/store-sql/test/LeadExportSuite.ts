/**
 * LeadStore.exportRows against LeadStore.stream: the same leads in the same order with the same
 * values, across chunk boundaries that fall inside runs of equal scores, for awkward values (formula
 * and quoted text, line breaks, tiny and fractional scores, times with and without milliseconds,
 * and, where the database keeps them, microseconds). Each store package runs it from a few lines.
 */
import { SqlClient } from "@effect/sql/SqlClient"
import { CampaignId, type Lead, type LeadExportRow, type LeadFilter, LeadStore, type Stores } from "@leadfactory/core"
import { awkwardLead, campaignWithLeads } from "@leadfactory/core/testing"
import { Chunk, Effect, type Layer, ManagedRuntime, Stream } from "effect"
import { afterAll, describe, expect, it } from "vitest"

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

const setUp = (count: number) => campaignWithLeads("Export", Array.from({ length: count }, (_, i) => awkwardLead(i)))

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
