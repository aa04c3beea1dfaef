/**
 * The import pipeline's rules, checked against a real store: every test imports into a campaign
 * of its own, so the suite runs on one database per store. Called by Importer.sqlite.test.ts and
 * Importer.pg.test.ts.
 */
import { describe, expect, layer } from "@effect/vitest"
import {
  type CampaignId,
  CampaignStore,
  Importer,
  type ImportOptions,
  ImportSummary,
  InvalidCsv,
  type Lead,
  LeadStore,
  type RowIssue,
  type Stores,
  SuppressionStore
} from "@leadfactory/core"
import { Effect, Exit, type Layer, Option } from "effect"
import { randomUUID } from "node:crypto"
import { crawlerCsv, crawlerRow, csvText } from "./csv.js"
import { allLeads, chunked, fileBytes, importerOver, makeCampaign } from "./fixtures.js"
import { expectedOutcome, generateLeads } from "./generator.js"

const run = (campaignId: CampaignId, content: string | Uint8Array, options: ImportOptions = {}, chunkSize = 7) =>
  Effect.flatMap(Importer, (importer) => importer.importCsv(campaignId, chunked(content, chunkSize), options))

const counts = (summary: ImportSummary) => ({
  rows_read: summary.rows_read,
  imported: summary.imported,
  updated: summary.updated,
  unchanged: summary.unchanged,
  skipped: summary.skipped,
  suppressed: summary.suppressed,
  held_back: summary.held_back,
  with_email: summary.with_email,
  error_count: summary.error_count
})

const byEmail = (leads: ReadonlyArray<Lead>) => new Map(leads.map((lead) => [lead.email ?? `${lead.name}/${lead.fund}`, lead]))

const totals = (id: CampaignId) =>
  Effect.flatMap(CampaignStore, (store) => store.findById(id)).pipe(
    Effect.map(Option.getOrThrow),
    Effect.map((campaign) => [campaign.total_leads, campaign.total_emails])
  )

/** A unique address, so tests that share a database never meet in the suppression list. */
const uniqueEmail = (label: string) => `${label}.${randomUUID().slice(0, 8)}@Example.COM`

export const importerSuite = <E>(name: string, stores: () => Layer.Layer<Stores, E>) =>
  describe(`Importer on ${name}`, () => {
    layer(importerOver(stores()), { excludeTestServices: true, timeout: "180 seconds" })((it) => {
      it.effect("imports the crawler's CSV with every value rule applied", () =>
        Effect.gen(function*() {
          const id = yield* makeCampaign
          const file = crawlerCsv([
            crawlerRow(),
            crawlerRow({ Name: " Bo Chen ", Email: "Bo.Chen@Fund.IO", "Email Status": "dns_harvest", Tier: "⚪ COLD", "Lead Score": "31.5", "Scraped At": "2026-02-21T08:30:00" }),
            crawlerRow({ Name: "Cy Dee", Email: "N/A", "Email Status": "unknown", Role: "n/a", Fund: "Dee Capital", Stage: "-", Location: "", Tier: "", "Lead Score": "64", "Scraped At": "N/A" }),
            crawlerRow({ Name: "Di Eng", Email: "di.eng@fund.io", "Email Status": "guessed", Tier: "warm", "Lead Score": "90", Fund: "The \"Garage\" Fund \\ {x}, NULL" })
          ])
          const summary = yield* run(id, file)
          expect(counts(summary)).toEqual({
            rows_read: 4, imported: 4, updated: 0, unchanged: 0, skipped: 0, suppressed: 0, held_back: 0, with_email: 3, error_count: 0
          })
          expect(summary).toMatchObject({ encoding: "utf-8", delimiter: ",", unknown_columns: [], dry_run: false, errors: [], warnings: [] })
          const leads = byEmail(yield* allLeads(id))
          expect(leads.get("ann.lee@acme.vc")).toMatchObject({
            name: "Ann Lee", email_status: "scraped", email_source: "scraped", email_verified: false, role: "Partner",
            fund: "Acme Ventures", sectors: "AI, ML; Fintech", stage: "Seed, Series A", check_size: null, hq: "New York, NY",
            linkedin: "https://www.linkedin.com/in/annlee/", website: "https://www.acme.vc", score: 85, tier: "HOT",
            source: "https://www.acme.vc/team", opted_out: false
          })
          expect(leads.get("ann.lee@acme.vc")?.scraped_at?.toISOString()).toBe("2026-02-20T10:00:00.123Z")
          expect(leads.get("Bo.Chen@fund.io")).toMatchObject({
            name: "Bo Chen", email_status: "scraped", email_source: "dns_harvest", tier: "COLD", score: 31.5
          })
          expect(leads.get("Bo.Chen@fund.io")?.scraped_at?.toISOString()).toBe("2026-02-21T08:30:00.000Z")
          // No tier in the file: the crawler's thresholds give WARM for 64. N/A, n/a, - and empty are null.
          expect(leads.get("Cy Dee/Dee Capital")).toMatchObject({
            email: null, email_status: "unknown", role: null, stage: null, hq: null, tier: "WARM", scraped_at: null
          })
          expect(leads.get("di.eng@fund.io")).toMatchObject({ email_status: "guessed", tier: "WARM", fund: "The \"Garage\" Fund \\ {x}, NULL" })
          expect(yield* totals(id)).toEqual([4, 3])
        }))

      it.effect("running the same file again writes nothing and reports every row unchanged", () =>
        Effect.gen(function*() {
          const id = yield* makeCampaign
          const file = crawlerCsv([
            crawlerRow(),
            crawlerRow({ Email: "second@acme.vc" }),
            crawlerRow({ Name: "No Mail", Email: "N/A", Fund: "Nowhere" }),
            crawlerRow({ Email: "ANN.LEE@ACME.VC", "Scraped At": "2026-02-19T00:00:00" })
          ])
          const first = yield* run(id, file)
          const before = yield* allLeads(id)
          const second = yield* run(id, file)
          expect(counts(first)).toMatchObject({ imported: 3, unchanged: 1, updated: 0 })
          expect(counts(second)).toEqual({
            rows_read: 4, imported: 0, updated: 0, unchanged: 4, skipped: 0, suppressed: 0, held_back: 0, with_email: 0, error_count: 0
          })
          expect(yield* allLeads(id)).toEqual(before)
        }))

      it.effect("a newer Scraped At updates the lead, an older or missing one does not", () =>
        Effect.gen(function*() {
          const id = yield* makeCampaign
          yield* run(id, crawlerCsv([crawlerRow({ "Lead Score": "50", "Scraped At": "2026-02-20T10:00:00" })]))
          const older = yield* run(id, crawlerCsv([crawlerRow({ "Lead Score": "10", "Scraped At": "2026-02-19T10:00:00" })]))
          const missing = yield* run(id, crawlerCsv([crawlerRow({ "Lead Score": "11", "Scraped At": "N/A" })]))
          expect([older.unchanged, missing.unchanged]).toEqual([1, 1])
          expect((yield* allLeads(id))[0]).toMatchObject({ score: 50 })
          const newer = yield* run(id, crawlerCsv([crawlerRow({ "Lead Score": "95", Tier: "", Role: "GP", "Scraped At": "2026-02-22T10:00:00" })]))
          expect(counts(newer)).toMatchObject({ updated: 1, imported: 0, unchanged: 0 })
          const [lead] = yield* allLeads(id)
          expect(lead).toMatchObject({ score: 95, tier: "HOT", role: "GP" })
          expect(lead?.scraped_at?.toISOString()).toBe("2026-02-22T10:00:00.000Z")
        }))

      it.effect("repeats inside a file become one lead (the newest row wins), counted the same for any batch size", () =>
        Effect.gen(function*() {
          const rows = [
            crawlerRow({ Email: "rep@acme.vc", "Lead Score": "40", "Scraped At": "2026-02-20T00:00:00" }),
            crawlerRow({ Email: "other@acme.vc" }),
            crawlerRow({ Email: "REP@acme.vc", "Lead Score": "70", "Scraped At": "2026-02-23T00:00:00" }),
            crawlerRow({ Email: "rep@ACME.vc", "Lead Score": "55", "Scraped At": "2026-02-21T00:00:00" }),
            crawlerRow({ Name: "Ann Lee", Email: "N/A", Fund: "Solo" }),
            crawlerRow({ Name: "ANN LEE", Email: "", Fund: "solo", "Scraped At": "2026-03-01T00:00:00", "Lead Score": "99" })
          ]
          const outcomes: Array<unknown> = []
          for (const batchSize of [1, 2, 3, 1000]) {
            const id = yield* makeCampaign
            const summary = yield* run(id, crawlerCsv(rows), { batchSize })
            const leads = yield* allLeads(id)
            outcomes.push({
              counts: counts(summary),
              leads: leads.map((lead) => [lead.email, lead.name, lead.score]).sort()
            })
          }
          expect(outcomes[0]).toEqual({
            counts: { rows_read: 6, imported: 3, updated: 2, unchanged: 1, skipped: 0, suppressed: 0, held_back: 0, with_email: 2, error_count: 0 },
            leads: [["REP@acme.vc", "Ann Lee", 70], [null, "ANN LEE", 99], ["other@acme.vc", "Ann Lee", 85]].sort()
          })
          for (const outcome of outcomes) expect(outcome).toEqual(outcomes[0])
        }))

      it.effect("skips and counts addresses on the suppression list", () =>
        Effect.gen(function*() {
          const id = yield* makeCampaign
          const stopped = uniqueEmail("stop")
          yield* Effect.flatMap(SuppressionStore, (store) => store.add(stopped.toLowerCase()))
          const summary = yield* run(id, crawlerCsv([crawlerRow({ Email: stopped }), crawlerRow({ Email: uniqueEmail("keep") })]))
          expect(counts(summary)).toMatchObject({ rows_read: 2, suppressed: 1, imported: 1 })
          expect((yield* allLeads(id)).map((lead) => lead.email?.toLowerCase())).not.toContain(stopped.toLowerCase())
        }))

      it.effect("recomputes the campaign's totals from the database, not by adding up", () =>
        Effect.gen(function*() {
          const id = yield* makeCampaign
          const file = crawlerCsv([crawlerRow({ Email: "t1@acme.vc" }), crawlerRow({ Email: "t2@acme.vc" }), crawlerRow({ Name: "T3", Email: "N/A" })])
          yield* run(id, file)
          expect(yield* totals(id)).toEqual([3, 2])
          const [first] = yield* allLeads(id)
          yield* Effect.flatMap(LeadStore, (store) => store.setOptedOut(first!.id))
          yield* run(id, file)
          expect(yield* totals(id)).toEqual([2, first!.email === null ? 2 : 1])
        }))

      it.effect("rejects bad rows with their line and reason: the first 100 in the summary, all to onRowError", () =>
        Effect.gen(function*() {
          const id = yield* makeCampaign
          const rows = [crawlerRow({ Email: "good@acme.vc" })]
          for (let i = 0; i < 150; i++) rows.push(crawlerRow({ Email: `bad${i}@acme.vc`, "Lead Score": "abc" }))
          rows.push(crawlerRow({ Name: "", Email: "noname@acme.vc" }))
          const all: Array<RowIssue> = []
          const summary = yield* run(id, crawlerCsv(rows), { onRowError: (issue) => all.push(issue) }, 4096)
          expect(counts(summary)).toMatchObject({ rows_read: 152, imported: 1, skipped: 151, error_count: 151 })
          expect(summary.errors).toHaveLength(100)
          expect(summary.errors[0]).toEqual({ line: 3, message: "Lead Score \"abc\" is not a number from 0 to 100" })
          expect(all).toHaveLength(151)
          expect(all.map((issue) => issue.line)).toEqual(Array.from({ length: 151 }, (_, i) => i + 3))
          expect(all[150]).toEqual({ line: 153, message: "Name is empty" })
          expect((yield* allLeads(id)).map((lead) => lead.email)).toEqual(["good@acme.vc"])
        }))

      it.effect("rejects the generator's broken rows at the lines of its manifest and keeps every valid row", () =>
        Effect.gen(function*() {
          const id = yield* makeCampaign
          const { file, manifest } = generateLeads({ rows: 3000, seed: "suite", badRate: 0.05 })
          const expected = yield* Effect.promise(() => expectedOutcome(file, manifest))
          const lines: Array<number> = []
          const summary = yield* Effect.flatMap(Importer, (importer) =>
            importer.importCsv(id, fileBytes(file, 8192), { batchSize: 500, onRowError: (issue) => lines.push(issue.line) }))
          expect(summary.rows_read).toBe(3000)
          expect(lines).toEqual(expected.rejectedLines)
          expect(summary.warnings.map((warning) => warning.line)).toEqual(expected.warnedLines)
          const keys = (yield* allLeads(id)).map((lead) =>
            lead.email !== null ? `e:${lead.email.toLowerCase()}` : `n:${lead.name.toLowerCase()}\u0001${(lead.fund ?? "").toLowerCase()}`
          )
          expect(new Set(keys)).toEqual(expected.keys)
          expect(keys).toHaveLength(expected.keys.size)
          expect(summary.imported).toBe(expected.keys.size)
        }))

      it.effect("reports a last record whose quote is never closed at the line where it starts", () =>
        Effect.gen(function*() {
          const id = yield* makeCampaign
          const { file } = generateLeads({ rows: 40, seed: "tail", unterminatedTail: true, eol: "crlf" })
          const summary = yield* Effect.flatMap(Importer, (importer) => importer.importCsv(id, fileBytes(file, 1024)))
          expect(summary.rows_read).toBe(40)
          expect(summary.errors).toEqual([{ line: 41, message: "a quoted field that starts in this record is never closed" }])
          expect(summary.imported + summary.updated + summary.unchanged).toBe(39)
        }))

      it.effect("without a Name column it fails before writing anything", () =>
        Effect.gen(function*() {
          const id = yield* makeCampaign
          const exit = yield* Effect.exit(run(id, "Email,Fund,Lead Score\na@b.co,Acme,50\n"))
          expect(exit).toEqual(Exit.fail(new InvalidCsv({
            message: "The file has no Name column (the header line has \"Email\", \"Fund\", \"Lead Score\"); nothing was imported."
          })))
          expect(yield* allLeads(id)).toEqual([])
          const empty = yield* Effect.exit(run(id, ""))
          expect(Exit.isFailure(empty) && String(empty.cause)).toMatch(/empty/)
        }))

      it.effect("imports the older file without Email Status, and reports unknown columns once", () =>
        Effect.gen(function*() {
          const id = yield* makeCampaign
          const summary = yield* run(id, csvText([
            ["Name", "Email", "Fund", "Lead Score", "Tier", "Notes", "Twitter"],
            ["Old Timer", "old@fund.io", "Old Fund", "45", "COOL", "met at demo day", "@old"]
          ]))
          expect(summary.unknown_columns).toEqual(["Notes", "Twitter"])
          expect((yield* allLeads(id))[0]).toMatchObject({ email: "old@fund.io", email_status: "unknown", email_source: null, tier: "COOL" })
        }))

      it.effect("reads semicolon and tab files, CRLF, a BOM, and quoted fields with delimiters and line breaks", () =>
        Effect.gen(function*() {
          const rows = [
            crawlerRow({ Email: "semi@acme.vc", "Focus Areas": "AI; ML", Role: "Partner,\nHead of \"Seed\"" }),
            crawlerRow({ Email: "plain@acme.vc", "Lead Score": "72,5" })
          ]
          for (const [delimiter, label, eol, bom] of [[";", ";", "\r\n", true], ["\t", "tab", "\n", false], [",", ",", "\r\n", true]] as const) {
            const id = yield* makeCampaign
            const summary = yield* run(id, `${bom ? "\uFEFF" : ""}${crawlerCsv(rows, delimiter, eol)}`, {}, 3)
            expect(summary).toMatchObject({ delimiter: label, imported: 2, error_count: 0 })
            const leads = byEmail(yield* allLeads(id))
            expect(leads.get("semi@acme.vc")).toMatchObject({ sectors: "AI; ML", role: "Partner,\nHead of \"Seed\"", name: "Ann Lee" })
            expect(leads.get("plain@acme.vc")?.score).toBe(72.5)
          }
        }))

      it.effect("reads a Windows-1252 file and says so", () =>
        Effect.gen(function*() {
          const id = yield* makeCampaign
          const text = crawlerCsv([crawlerRow({ Name: "José Núñez", Location: "Zürich", Email: "jose@acme.vc", Role: "Partner – Seed" })])
          const bytes = Buffer.from([...text].flatMap((c) => (c === "–" ? [0x96] : c.charCodeAt(0) < 256 ? [c.charCodeAt(0)] : [])))
          const summary = yield* run(id, bytes)
          expect(summary).toMatchObject({ encoding: "windows-1252", imported: 1 })
          expect((yield* allLeads(id))[0]).toMatchObject({ name: "José Núñez", hq: "Zürich", role: "Partner – Seed" })
        }))

      it.effect("keeps a malformed email as null with a warning, and refuses spreadsheet formulas", () =>
        Effect.gen(function*() {
          const id = yield* makeCampaign
          const summary = yield* run(id, crawlerCsv([
            crawlerRow({ Email: "ann.lee acme.vc" }),
            crawlerRow({ Name: "=HYPERLINK(\"http://evil.example/x\",\"Click\")", Email: "evil@acme.vc" }),
            crawlerRow({ Email: "ok@acme.vc", Fund: "@SUM(A1:A2)" })
          ]))
          expect(summary.warnings).toEqual([{ line: 2, message: "Email \"ann.lee acme.vc\" is not a valid address; the lead is kept without an email" }])
          expect(summary.errors).toEqual([
            { line: 3, message: "Name starts with \"=\" and would run as a spreadsheet formula (\"=HYPERLINK(\\\"http://evil.example/x\\\",\\\"Clic\")" },
            { line: 4, message: "Fund starts with \"@\" and would run as a spreadsheet formula (\"@SUM(A1:A2)\")" }
          ])
          expect(yield* allLeads(id)).toMatchObject([{ name: "Ann Lee", email: null, fund: "Acme Ventures" }])
        }))

      it.effect("a dry run writes nothing and predicts what the import will report", () =>
        Effect.gen(function*() {
          const id = yield* makeCampaign
          yield* run(id, crawlerCsv([crawlerRow({ Email: "known@acme.vc", "Scraped At": "2026-01-01T00:00:00" })]))
          const file = crawlerCsv([
            crawlerRow({ Email: "known@acme.vc", "Scraped At": "2026-02-01T00:00:00" }),
            crawlerRow({ Email: "new@acme.vc" }),
            crawlerRow({ Email: "x@acme.vc", "Lead Score": "200" }),
            crawlerRow({ Email: "new@acme.vc", "Scraped At": "2026-03-01T00:00:00" }),
            crawlerRow({ Email: "new@acme.vc" })
          ])
          const before = yield* allLeads(id)
          const dry = yield* run(id, file, { dryRun: true, batchSize: 1 })
          expect(yield* allLeads(id)).toEqual(before)
          const real = yield* run(id, file, { batchSize: 1 })
          expect(dry.dry_run).toBe(true)
          expect({ ...counts(dry), errors: dry.errors }).toEqual({ ...counts(real), errors: real.errors })
          expect(counts(real)).toMatchObject({ imported: 1, updated: 2, unchanged: 1, skipped: 1 })
        }))

      it.effect("a campaign run's admitNewLeads decides which new leads are written; the rest are held back", () =>
        Effect.gen(function*() {
          const id = yield* makeCampaign
          const file = crawlerCsv([
            crawlerRow({ Email: "h1@acme.vc" }), crawlerRow({ Email: "h2@acme.vc" }), crawlerRow({ Email: "h3@acme.vc" }),
            crawlerRow({ Email: "h2@acme.vc", "Scraped At": "2026-03-01T00:00:00" })
          ])
          const offered: Array<Array<string>> = []
          const held = yield* run(id, file, {
            admitNewLeads: (leads) =>
              Effect.sync(() => {
                offered.push(leads.map((lead) => lead.key))
                return leads.filter((lead) => lead.key !== "e:h2@acme.vc")
              })
          })
          expect(offered).toEqual([["e:h1@acme.vc", "e:h2@acme.vc", "e:h3@acme.vc"]])
          expect(counts(held)).toMatchObject({ rows_read: 4, imported: 2, held_back: 2, updated: 0, unchanged: 0, with_email: 2 })
          expect((yield* allLeads(id)).map((lead) => lead.email).sort()).toEqual(["h1@acme.vc", "h3@acme.vc"])
          const later = yield* run(id, file)
          expect(counts(later)).toMatchObject({ imported: 1, updated: 1, unchanged: 2, held_back: 0 })
        }))

      it.effect("a record too large to read stops the import with InvalidCsv, keeping the rows before it", () =>
        Effect.gen(function*() {
          const id = yield* makeCampaign
          const file = `${crawlerCsv([crawlerRow({ Email: "before@acme.vc" })])}Huge,"${"x".repeat(1_100_000)}\n${crawlerCsv([crawlerRow({ Email: "after@acme.vc" })])}`
          const exit = yield* Effect.exit(run(id, file, {}, 65_536))
          expect(Exit.isFailure(exit) && String(exit.cause)).toMatch(/Line 3: a record is longer than 1,000,000 characters.*1 new/)
          expect((yield* allLeads(id)).map((lead) => lead.email)).toEqual(["before@acme.vc"])
          expect(yield* totals(id)).toEqual([1, 1])
        }))

      it.effect("a 10 MB field, or a header of 100,000 columns, fails with a clear message", () =>
        Effect.gen(function*() {
          const id = yield* makeCampaign
          const wide = `${Array.from({ length: 100_000 }, (_, i) => `c${i}`).join(",")}\n1,2\n`
          const header = yield* Effect.flip(run(id, wide, {}, 65_536))
          expect(header.message).toBe("Line 1: a record has 100,000 fields, more than 10,000; the rest of the file cannot be read. Nothing was imported.")
          const field = `${crawlerCsv([crawlerRow({ Email: "first@acme.vc" }), crawlerRow({ Email: "second@acme.vc" })])}` +
            `Big,big@acme.vc,scraped,Partner,Fund,"${"y".repeat(10_000_000)}",Seed,N/A,NY,N/A,x,50,HOT,x,N/A\n`
          const big = yield* Effect.flip(run(id, field, {}, 65_536))
          expect(big.message).toMatch(/^Line 4: a record is longer than 1,000,000 characters .*Imported before it: 2 new/)
          expect(yield* allLeads(id)).toHaveLength(2)
        }))

      it.effect("reports progress after each batch, ending with every row and byte", () =>
        Effect.gen(function*() {
          const id = yield* makeCampaign
          const file = crawlerCsv(Array.from({ length: 25 }, (_, i) => crawlerRow({ Email: `p${i}@acme.vc` })))
          const seen: Array<{ rows_read: number; bytes_read: number }> = []
          yield* run(id, file, { batchSize: 10, onProgress: (progress) => seen.push(progress) }, 100)
          // One call per batch of 10 (3) and one at the end; the next batch is read while one is written.
          expect(seen).toHaveLength(4)
          expect(seen[0]!.rows_read).toBeGreaterThanOrEqual(10)
          expect(seen.at(-1)).toEqual({ rows_read: 25, bytes_read: Buffer.byteLength(file) })
          for (let i = 1; i < seen.length; i++) {
            expect(seen[i]!.rows_read).toBeGreaterThanOrEqual(seen[i - 1]!.rows_read)
            expect(seen[i]!.bytes_read).toBeGreaterThanOrEqual(seen[i - 1]!.bytes_read)
          }
        }))
    })
  })
