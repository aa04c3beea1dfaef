/**
 * Case 9, fuzz: fast-check properties over the query parameters of every GET operation that takes
 * some, and over the import pipeline (arbitrary files through the upload endpoint, and arbitrary
 * bytes in arbitrary chunks straight into the Importer). Never a 500, never an untyped error:
 * every answer is 200 with the documented shape, or a 400/404 (413) with `{detail, code}`, and every
 * import summary adds up. LF_FUZZ_RUNS scales the number of cases; LF_FUZZ_SEED replays a failure.
 */
import { ImportSummary, InvalidCsv, type CampaignId } from "@leadfactory/core"
import { storeLayerFromUrl } from "@leadfactory/http"
import { Cause, Effect, Exit, ManagedRuntime, Option } from "effect"
import fc from "fast-check"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { Importer, importerOver, makeCampaign } from "../../packages/core/test/import/fixtures.js"
import { crawlerCsv, fixtureLeads, HEADER } from "../../packages/http/test/support/CrawlerCsv.js"
import { databases } from "./support/Databases.js"
import { leadProblems, withInspector } from "./support/Inspector.js"
import { readOperations } from "./support/OpenApi.js"
import { call, register, startTestServer, type TestServer } from "./support/Servers.js"

const RUNS = Number(process.env.LF_FUZZ_RUNS ?? 1)
/** fast-check's settings: `n` cases scaled by LF_FUZZ_RUNS; LF_FUZZ_SEED replays a reported failure. */
const runs = (n: number): fc.Parameters<unknown> => ({
  numRuns: Math.max(1, Math.round(n * RUNS)),
  ...(process.env.LF_FUZZ_SEED === undefined ? {} : { seed: Number(process.env.LF_FUZZ_SEED) })
})

/** Pieces of query values: plausible ones, hostile encodings, and arbitrary text. */
const PLAUSIBLE = ["HOT", "warm,COOL", "PURPLE", "0", "55.5", "100", "101", "-1", "1e2", "true", "no", "maybe", "score", "name", "scraped_at", "asc", "DESC", "1", "2", "200", "201", "pending", "vc", "family_office", "a@b.co", "x", ""]
const HOSTILE = ["%", "%%", "%2", "%zz", "+", "%2B", "%26", "%3D", "%23", "%00", "%FF", "%C0%AF", "%ED%A0%80", "%F4%90%80%80", "%E2%80%AE", "%EF%BB%BF", "'%20OR%20'1'='1", "%22", "..%2F..%2F"]
/** Every byte of the text's UTF-8 percent-encoded (a lone surrogate becomes U+FFFD's bytes). */
const percentEncoded = (text: string) => [...Buffer.from(text, "utf8")].map((b) => `%${b.toString(16).padStart(2, "0")}`).join("")
const queryValue = fc.oneof(
  fc.constantFrom(...PLAUSIBLE).map(encodeURIComponent),
  fc.constantFrom(...HOSTILE),
  fc.string({ unit: "grapheme", maxLength: 20 }).map(encodeURIComponent),
  // Control characters, NUL among them, in otherwise plausible text.
  fc.string({ unit: "binary-ascii", maxLength: 12 }).map(percentEncoded),
  fc.tuple(fc.string({ unit: "grapheme", maxLength: 6 }), fc.constantFrom("%00", "%0A", "%0D", "%09", "%1B", "%7F", "%08"), fc.string({ maxLength: 6 }))
    .map(([before, control, after]) => `${encodeURIComponent(before)}${control}${encodeURIComponent(after)}`),
  fc.uint8Array({ maxLength: 6 }).map((bytes) => [...bytes].map((b) => `%${b.toString(16).padStart(2, "0")}`).join("")),
  fc.array(fc.constantFrom(...PLAUSIBLE, ...HOSTILE), { maxLength: 4 }).map((parts) => parts.join("")),
  fc.nat({ max: 400 }).map((n) => "x".repeat(n))
)

/** Values each parameter accepts, so that a query reaches the database with one fuzzed value in it. */
const VALID: Record<string, fc.Arbitrary<string>> = {
  tier: fc.constantFrom("HOT", "WARM,COOL", "cold"),
  min_score: fc.integer({ min: 0, max: 100 }).map(String),
  has_email: fc.constantFrom("true", "false"),
  email_verified: fc.constantFrom("true", "false"),
  email_status: fc.constantFrom("verified", "scraped", "guessed", "unknown"),
  sort_by: fc.constantFrom("score", "name", "fund", "scraped_at"),
  sort_dir: fc.constantFrom("asc", "desc"),
  page: fc.integer({ min: 1, max: 3 }).map(String),
  per_page: fc.integer({ min: 1, max: 100 }).map(String),
  status: fc.constantFrom("pending", "completed"),
  vertical: fc.constantFrom("vc", "pe"),
  email: fc.emailAddress().map(encodeURIComponent)
}
const validValue = (name: string) => VALID[name] ?? fc.string({ unit: "grapheme", maxLength: 12 }).map(encodeURIComponent)

/** Fragments of CSV cells that have broken parsers before. */
const FRAGMENTS = ["", "N/A", "Ann Lee", "ann@acme.vc", "ANN@ACME.VC", "mailto:x@y.co", "88", "100", "101", "-5", "12,5", "🔴 HOT", "warm", "COLD", "2024-05-01T09:30:00", "2024-13-45", "\"", "\"\"", ",", ";", "\t", "|", "\r", "\n", "\r\n", "=1+1", "+44 20 7946 0000", "@SUM(A1)", "é", "\uFEFF", "\u2028", "💥", "\u0000", "\\", "'; DROP TABLE leads; --"]
const cell = fc.oneof(
  fc.array(fc.constantFrom(...FRAGMENTS), { maxLength: 4 }).map((parts) => parts.join("")),
  fc.string({ maxLength: 16 }),
  fc.string({ unit: "grapheme", maxLength: 8 })
)
const quotedCell = cell.map((text) => `"${text.replaceAll("\"", "\"\"")}"`)
const headerCells = fc.oneof(
  fc.constant(HEADER.split(",")),
  fc.shuffledSubarray(HEADER.split(","), { minLength: 1 }),
  fc.array(cell, { minLength: 1, maxLength: 20 })
)
const csvFile = fc
  .record({
    header: headerCells,
    rows: fc.array(fc.array(fc.oneof(cell, quotedCell), { maxLength: 18 }), { maxLength: 25 }),
    delimiter: fc.constantFrom(",", ";", "\t", "|"),
    eol: fc.constantFrom("\n", "\r\n", "\r"),
    bom: fc.boolean(),
    latin1: fc.boolean()
  })
  .map(({ bom, delimiter, eol, header, latin1, rows }) => {
    const text = (bom ? "\uFEFF" : "") + [header.join(delimiter), ...rows.map((r) => r.join(delimiter))].join(eol) + eol
    return Buffer.from(text, latin1 ? "latin1" : "utf8")
  })
/** A file: crawler-like text, a real file with damage, or bytes of any kind. */
const anyFile = fc.oneof(
  { weight: 3, arbitrary: csvFile },
  {
    weight: 1,
    arbitrary: fc
      .tuple(fc.nat({ max: 3000 }), fc.uint8Array({ minLength: 1, maxLength: 40 }))
      .map(([at, junk]) => {
        const good = Buffer.from(crawlerCsv(fixtureLeads(12)))
        const cut = Math.min(at, good.length)
        return Buffer.concat([good.subarray(0, cut), junk, good.subarray(cut)])
      })
  },
  { weight: 1, arbitrary: fc.uint8Array({ maxLength: 3000 }).map((bytes) => Buffer.from(bytes)) }
)

/** A summary whose counts add up. */
const expectCoherentSummary = (summary: Record<string, any>) => {
  expect(summary.rows_read).toBe(summary.imported + summary.updated + summary.unchanged + summary.suppressed + summary.held_back + summary.skipped)
  expect(summary.skipped).toBe(summary.error_count)
  expect(summary.errors.length).toBe(Math.min(100, summary.error_count))
  for (const issue of summary.errors) expect(typeof issue.message).toBe("string")
}

const expectErrorBody = (body: any, codes: ReadonlyArray<string>) => {
  expect(codes).toContain(body.code)
  expect(typeof body.detail).toBe("string")
  expect(body.detail.length).toBeGreaterThan(5)
}

const backends = await databases("fuzz")

describe.each(backends)("fuzz on $name", ({ url }) => {
  let server: TestServer
  let token: string
  let campaignId: string

  beforeAll(async () => {
    server = await startTestServer(url)
    token = (await register(server.url)).token
    campaignId = (await call(server.url, "/api/campaigns", { token, json: { name: "Fuzzed", vertical: "vc" } })).body.id
    await call(server.url, `/api/campaigns/${campaignId}/import`, { token, body: crawlerCsv(fixtureLeads(30)), headers: { "content-type": "text/csv" } })
  })
  afterAll(async () => {
    await server?.stop()
  })

  it("answers any query of any GET operation with 200 and its shape, or 400/404 with {detail, code}, never 5xx", async () => {
    const operations = (await readOperations(server.url)).filter((op) => op.method === "GET" && op.parameters.some((p) => p.in === "query"))
    expect(operations.map((op) => op.id).sort()).toEqual(expect.arrayContaining(["campaigns.list", "leads.export", "leads.list", "leads.stats", "users.creditHistory"]))
    const shapes: Record<string, (body: any, text: string) => void> = {
      "leads.list": (body) => expect(Array.isArray(body.leads) && typeof body.total === "number").toBe(true),
      "leads.export": (_, text) => expect(text.startsWith(HEADER)).toBe(true),
      "leads.stats": (body) => expect(typeof body.total_leads).toBe("number"),
      "leads.freshness": (body) => expect(typeof body.freshness_pct).toBe("number"),
      "campaigns.list": (body) => expect(Array.isArray(body.campaigns)).toBe(true),
      "users.creditHistory": (body) => expect(Array.isArray(body.transactions)).toBe(true),
      "optout.optOutByEmail": (body) => expect(body.opted_out).toBe(true),
      "outreach.list": (body) => expect(Array.isArray(body)).toBe(true)
    }
    expect(operations.filter((op) => shapes[op.id] === undefined).map((op) => op.id), "GET operations without a shape check").toEqual([])
    /**
     * One parameter of one operation (every pair as likely) gets a fuzzed value, sometimes with a
     * second fuzzed pair; some of the others get valid values, so that the query reaches the database.
     */
    const targets = operations.flatMap((operation) =>
      operation.parameters.filter((p) => p.in === "query").map((p) => ({ operation, name: p.name }))
    )
    const query = ({ name, operation }: (typeof targets)[number]) => {
      const names = operation.parameters.filter((p) => p.in === "query" && p.name !== "campaign_id" && p.name !== "cursor" && p.name !== name).map((p) => p.name)
      const valid = names.length === 0
        ? fc.constant([] as Array<[string, string]>)
        : fc.subarray(names).chain((chosen) => fc.tuple(...chosen.map((other) => validValue(other).map((value): [string, string] => [other, value]))))
      const extra = fc.array(
        fc.tuple(fc.constantFrom(...operation.parameters.map((p) => p.name), "bogus", "%00", "page[]", "__proto__", "", "access_token"), queryValue),
        { maxLength: 1 }
      )
      return fc.tuple(valid, queryValue.map((value): [string, string] => [name, value]), extra)
    }
    const byId = new Map(operations.map((operation) => [operation.id, operation]))
    const property = fc.asyncProperty(
      fc.constantFrom(...targets).chain((target) => fc.tuple(fc.constant(target.operation.id), query(target), fc.boolean())),
      async ([id, [valid, target, extra], withCampaign]) => {
        const operation = byId.get(id)!
        const fuzzed = [target, ...extra]
        const campaign: Array<[string, string]> = withCampaign || operation.parameters.some((p) => p.name === "campaign_id" && p.required)
          ? [["campaign_id", campaignId]]
          : []
        const fuzzedNames = new Set(fuzzed.map(([name]) => name))
        const pairs = [...campaign.filter(([name]) => !fuzzedNames.has(name)), ...valid.filter(([name]) => !fuzzedNames.has(name)), ...fuzzed]
        const search = pairs.map(([name, value]) => `${name}=${value}`).join("&")
        const answer = await call(server.url, `${operation.path}?${search}`, { token })
        expect(answer.status, `${operation.id}?${search}`).toBeLessThan(500)
        if (answer.status === 200) shapes[operation.id]!(answer.body, answer.text)
        else {
          expect([400, 404], `${operation.id}?${search}`).toContain(answer.status)
          expectErrorBody(answer.body, ["InvalidInput", "NotFound"])
        }
      }
    )
    await fc.assert(property, runs(400))
    expect((await call(server.url, "/api/health")).status).toBe(200)
  })

  it("answers any uploaded file with a coherent summary or a 400 with {detail, code}, never 5xx, and the campaign's totals stay true", async () => {
    const property = fc.asyncProperty(anyFile, fc.boolean(), async (file, asForm) => {
      let answer
      if (asForm) {
        const form = new FormData()
        form.append("file", new Blob([file]), "fuzz.csv")
        answer = await call(server.url, `/api/campaigns/${campaignId}/import`, { token, body: form })
      } else {
        answer = await call(server.url, `/api/campaigns/${campaignId}/import`, { token, body: file, headers: { "content-type": "text/csv" } })
      }
      expect(answer.status, answer.text.slice(0, 300)).toBeLessThan(500)
      if (answer.status === 200) expectCoherentSummary(answer.body)
      else {
        expect(answer.status).toBe(400)
        expectErrorBody(answer.body, ["InvalidCsv", "InvalidInput"])
      }
    })
    await fc.assert(property, runs(120))
    await withInspector(url, async (db) => expect(await leadProblems(db)).toEqual([]))
    const failures = server.logs.filter((line) => /"status":5\d\d/.test(line))
    expect(failures).toEqual([])
  })

  it("fails the Importer only with InvalidCsv, for any bytes in any chunks", async () => {
    const runtime = ManagedRuntime.make(importerOver(storeLayerFromUrl(url)))
    try {
      const campaign = await runtime.runPromise(makeCampaign) as CampaignId
      const chunks = (bytes: Buffer, cuts: ReadonlyArray<number>) =>
        (async function*() {
          let at = 0
          for (const cut of [...cuts.map((c) => c % (bytes.length + 1))].sort((a, b) => a - b)) {
            yield bytes.subarray(at, Math.max(at, cut))
            at = Math.max(at, cut)
          }
          yield bytes.subarray(at)
        })()
      const property = fc.asyncProperty(anyFile, fc.array(fc.nat(), { maxLength: 12 }), fc.integer({ min: 1, max: 7 }), async (file, cuts, batchSize) => {
        const exit = await runtime.runPromiseExit(Effect.flatMap(Importer, (importer) => importer.importCsv(campaign, chunks(file, cuts), { batchSize })))
        if (Exit.isSuccess(exit)) {
          expect(exit.value).toBeInstanceOf(ImportSummary)
          expectCoherentSummary(exit.value)
        } else {
          const failure = Cause.failureOption(exit.cause)
          expect(Option.isSome(failure), `an untyped failure: ${Cause.pretty(exit.cause).slice(0, 500)}`).toBe(true)
          expect(Option.getOrThrow(failure)).toBeInstanceOf(InvalidCsv)
        }
      })
      await fc.assert(property, runs(150))
    } finally {
      await runtime.dispose()
    }
  })
})
