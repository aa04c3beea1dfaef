/**
 * Property: any file of crawler rows, valid and broken mixed, in any delimiter, line ending and
 * chunking, imports without an unexpected error, rejects exactly the broken rows at their lines,
 * and keeps every valid row: one lead per dedupe key, holding the newest row's values.
 */
import { type CampaignId, Importer } from "@leadfactory/core"
import * as SqliteStore from "@leadfactory/store-sqlite"
import { Effect, ManagedRuntime } from "effect"
import fc from "fast-check"
import { afterAll, describe, expect, it } from "vitest"
import { CRAWLER_HEADER } from "./csv.js"
import { allLeads, chunked, importerOver, makeCampaign } from "./fixtures.js"

const runtime = ManagedRuntime.make(importerOver(SqliteStore.layer({ filename: ":memory:" })))
afterAll(() => runtime.dispose())

interface ValidRow {
  readonly kind: "valid"
  readonly cells: Array<string>
  readonly key: string
  readonly score: number
  readonly scrapedAt: number | null
}
interface BrokenRow {
  readonly kind: "broken"
  readonly cells: Array<string>
}
const NAMES = ["Ann Lee", "Bo Chen", "José Núñez", "O'Brien, Pat", "Zoë \"Z\" Müller", "Line\nBreak", "Crlf\r\nName"]
const FUNDS = ["Acme", "N/A", "Smith, Kline & Co", "The \"Garage\" Fund", "Zürich Capital", "Multi\nLine Fund"]
const LOCALS = ["ann", "bo", "x.y", "o'brien"]
const DOMAINS = ["acme.vc", "Fund.IO", "garage.co"]
const DATES = ["N/A", "2026-02-20T10:00:00", "2026-02-20T10:00:00.5", "2026-02-21T00:00:00", "2026-02-19 23:59:59", "2026-02-21T00:00:00Z"]
const TIERS = ["", "🔴 HOT", "warm", "🟢 COOL", "⚪ COLD", "N/A"]
const TEXTS = ["N/A", "-", "", "Partner", "AI, ML; Fintech", "Seed; Series A", "quote \"here\"", "two\nlines", "São Paulo"]
const STATUSES = ["guessed", "unknown", "scraped", "dns_harvest", "js_scrape", "github", "wayback", "N/A"]

const text = fc.constantFrom(...TEXTS)

const validRow: fc.Arbitrary<ValidRow> = fc
  .record({
    name: fc.constantFrom(...NAMES),
    fund: fc.constantFrom(...FUNDS),
    email: fc.oneof(fc.constantFrom("N/A", ""), fc.tuple(fc.constantFrom(...LOCALS), fc.constantFrom(...DOMAINS)).map(([l, d]) => `${l}@${d}`)),
    status: fc.constantFrom(...STATUSES),
    score: fc.oneof(fc.integer({ min: 0, max: 100 }), fc.integer({ min: 0, max: 999 }).map((n) => n / 10)),
    tier: fc.constantFrom(...TIERS),
    scraped: fc.constantFrom(...DATES),
    role: text,
    sectors: text,
    stage: text,
    location: text
  })
  .map((r) => {
    const email = r.email === "N/A" || r.email === "" ? null : r.email
    const fund = r.fund === "N/A" ? "" : r.fund
    const key = email !== null ? `e:${email.toLowerCase()}` : `n:${r.name.toLowerCase()}\u0001${fund.toLowerCase()}`
    const scrapedAt = r.scraped === "N/A" ? null : Date.parse(r.scraped.includes("Z") ? r.scraped : `${r.scraped.replace(" ", "T")}Z`)
    const cells = [
      r.name, r.email, r.status, r.role, r.fund, r.sectors, r.stage, "N/A", r.location, "N/A", "https://acme.vc",
      String(r.score), r.tier, "https://acme.vc/team", r.scraped
    ]
    return { kind: "valid" as const, cells, key, score: r.score, scrapedAt }
  })

const brokenRow: fc.Arbitrary<BrokenRow> = fc
  .tuple(validRow, fc.constantFrom("no-name", "bad-score", "high-score", "formula", "bad-date", "bad-tier", "extra-field", "missing-field"))
  .map(([row, kind]) => {
    const cells = [...row.cells]
    if (kind === "no-name") cells[0] = " "
    if (kind === "bad-score") cells[11] = "abc"
    if (kind === "high-score") cells[11] = "100.5"
    if (kind === "formula") cells[3] = "=1+2"
    if (kind === "bad-date") cells[14] = "2026-02-30T10:00:00"
    if (kind === "bad-tier") cells[12] = "HOTT"
    if (kind === "extra-field") cells.push("surplus")
    if (kind === "missing-field") cells.pop()
    return { kind: "broken" as const, cells }
  })

const fileArbitrary = fc.record({
  rows: fc.array(fc.oneof({ arbitrary: validRow, weight: 4 }, { arbitrary: brokenRow, weight: 1 }), { maxLength: 40 }),
  delimiter: fc.constantFrom(",", ";", "\t"),
  eol: fc.constantFrom("\n", "\r\n"),
  bom: fc.boolean(),
  batchSize: fc.integer({ min: 1, max: 12 }),
  chunkSize: fc.integer({ min: 1, max: 200 })
})

const quote = (cell: string, delimiter: string) =>
  cell.includes(delimiter) || /["\r\n]/.test(cell) ? `"${cell.replaceAll("\"", "\"\"")}"` : cell

/** The physical line breaks of a cell: a CRLF is one. */
const breaks = (cell: string) => (cell.match(/\r\n|\r|\n/g) ?? []).length

describe("Importer property (SQLite)", () => {
  it("imports any generated file without an unexpected error, rejecting exactly the broken rows and keeping every valid one", async () => {
    await fc.assert(
      fc.asyncProperty(fileArbitrary, async ({ rows, delimiter, eol, bom, batchSize, chunkSize }) => {
        let line = 2
        const lines: Array<string> = [CRAWLER_HEADER.join(delimiter)]
        const brokenLines: Array<number> = []
        const expected = new Map<string, { score: number; scrapedAt: number | null }>()
        let updates = 0
        let valid = 0
        for (const row of rows) {
          lines.push(row.cells.map((cell) => quote(cell, delimiter)).join(delimiter))
          if (row.kind === "broken") brokenLines.push(line)
          else {
            valid++
            const known = expected.get(row.key)
            if (known === undefined) expected.set(row.key, { score: row.score, scrapedAt: row.scrapedAt })
            else if (row.scrapedAt !== null && (known.scrapedAt === null || row.scrapedAt > known.scrapedAt)) {
              expected.set(row.key, { score: row.score, scrapedAt: row.scrapedAt })
              updates++
            }
          }
          line += 1 + row.cells.reduce((sum, cell) => sum + breaks(cell), 0)
        }
        const file = `${bom ? "\uFEFF" : ""}${lines.join(eol)}${eol}`

        const { summary, leads } = await runtime.runPromise(
          Effect.gen(function*() {
            const id: CampaignId = yield* makeCampaign
            const importer = yield* Importer
            const summary = yield* importer.importCsv(id, chunked(file, chunkSize), { batchSize })
            return { summary, leads: yield* allLeads(id) }
          })
        )

        expect(summary.rows_read).toBe(rows.length)
        expect(summary.errors.map((error) => error.line)).toEqual(brokenLines)
        expect(summary.error_count).toBe(brokenLines.length)
        expect({ imported: summary.imported, updated: summary.updated, unchanged: summary.unchanged }).toEqual({
          imported: expected.size,
          updated: updates,
          unchanged: valid - expected.size - updates
        })
        const stored = new Map(
          leads.map((lead) => [
            lead.email !== null ? `e:${lead.email.toLowerCase()}` : `n:${lead.name.toLowerCase()}\u0001${(lead.fund ?? "").toLowerCase()}`,
            { score: lead.score, scrapedAt: lead.scraped_at?.getTime() ?? null }
          ])
        )
        expect(stored).toEqual(expected)
      }),
      { numRuns: 60 }
    )
  }, 120_000)
})
