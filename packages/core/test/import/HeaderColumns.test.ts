import { InvalidCsv } from "@leadfactory/core"
import { describe, expect, it } from "vitest"
import { headerKey, matchHeader, MAX_COLUMNS, type HeaderColumns } from "../../src/Import/HeaderColumns.js"

const CRAWLER_HEADER =
  "Name,Email,Email Status,Role,Fund,Focus Areas,Stage,Check Size,Location,LinkedIn,Website,Lead Score,Tier,Source,Scraped At".split(",")

const matched = (cells: ReadonlyArray<string>): HeaderColumns => {
  const result = matchHeader(cells)
  if (result instanceof InvalidCsv) throw new Error(result.message)
  return result
}

describe("matchHeader", () => {
  it("maps the crawler's header to the lead fields, in order", () => {
    expect(matched(CRAWLER_HEADER).fields).toEqual([
      "name", "email", "email_status", "role", "fund", "sectors", "stage", "check_size", "hq", "linkedin",
      "website", "score", "tier", "source", "scraped_at"
    ])
  })

  it("ignores case, spaces and punctuation", () => {
    expect(matched([" NAME ", "e-mail", "email_status", "lead score", "SCRAPED-AT", "focus  areas"]).fields).toEqual([
      "name", "email", "email_status", "score", "scraped_at", "sectors"
    ])
    expect(headerKey("Lead_Score ")).toBe("leadscore")
  })

  it("knows the aliases other tools use", () => {
    const { positions } = matched(["Full Name", "E-mail", "Firm", "Sectors", "HQ", "Score", "URL", "Title"])
    expect(positions).toEqual({ name: 0, email: 1, fund: 2, sectors: 3, hq: 4, score: 5, source: 6, role: 7 })
    expect(matched(["Name", "Company", "City", "Lead Score"]).positions).toMatchObject({ fund: 1, hq: 2 })
  })

  it("accepts the older file without Email Status", () => {
    const older = CRAWLER_HEADER.filter((cell) => cell !== "Email Status")
    const { positions, unknown } = matched(older)
    expect(positions.email_status).toBeUndefined()
    expect(positions.email).toBe(1)
    expect(unknown).toEqual([])
  })

  it("reports each unknown column once and ignores it", () => {
    const { fields, unknown } = matched(["Name", "Lead Score", "Notes", "notes", "Notes", "Twitter"])
    expect(fields).toEqual(["name", "score", null, null, null, null])
    expect(unknown).toEqual(["Notes", "notes", "Twitter"])
  })

  it("keeps the first of two columns for one field and names the other", () => {
    const { positions, repeated } = matched(["Name", "Fund", "Lead Score", "Company"])
    expect(positions.fund).toBe(1)
    expect(repeated).toEqual(["Company"])
  })

  it("fails clearly without a Name column", () => {
    const result = matchHeader(["Email", "Fund", "Lead Score"])
    expect(result).toBeInstanceOf(InvalidCsv)
    expect((result as InvalidCsv).message).toMatch(/no Name column/)
    expect((result as InvalidCsv).message).toContain("\"Email\"")
  })

  it("fails without a Lead Score column, naming both missing columns", () => {
    expect((matchHeader(["Fund"]) as InvalidCsv).message).toMatch(/no Name and Lead Score column/)
  })

  it("refuses a header with more than MAX_COLUMNS cells", () => {
    const result = matchHeader(["Name", "Lead Score", ...Array.from({ length: MAX_COLUMNS }, (_, i) => `c${i}`)])
    expect(result).toBeInstanceOf(InvalidCsv)
    expect((result as InvalidCsv).message).toMatch(/10002 columns; at most 10000/)
  })
})
