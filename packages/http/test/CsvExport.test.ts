import { CampaignId, Lead, LeadId } from "@leadfactory/core"
import { parse } from "csv-parse/sync"
import { describe, expect, it } from "vitest"
import { attachmentHeader, crawlerTimestamp, csvCell, csvHeaderLine, csvRow } from "../src/CsvExport.js"

const lead = (fields: Partial<Lead>) =>
  Lead.make({
    id: LeadId.make("00000000-0000-4000-8000-000000000001"),
    campaign_id: CampaignId.make("00000000-0000-4000-8000-000000000002"),
    name: "Ann Lee",
    email: "ann@acme.vc",
    email_status: "scraped",
    email_source: "dns_harvest",
    email_verified: false,
    linkedin: null,
    phone: null,
    fund: "Acme",
    role: "Partner",
    website: null,
    sectors: null,
    check_size: null,
    stage: null,
    hq: null,
    score: 72.5,
    tier: "WARM",
    source: null,
    scraped_at: new Date("2024-05-01T09:30:00Z"),
    opted_out: false,
    last_verified: null,
    last_crawled_at: null,
    ...fields
  })

describe("csvCell", () => {
  it("prefixes cells a spreadsheet would run as a formula with '", () => {
    expect(["=SUM(A1)", "+1 555", "-5", "@cmd", "\tx", "\ry"].map(csvCell)).toEqual([
      "'=SUM(A1)",
      "'+1 555",
      "'-5",
      "'@cmd",
      "'\tx",
      "\"'\ry\""
    ])
    expect(csvCell("a=b")).toBe("a=b")
  })

  it("quotes as RFC 4180 says: commas, quotes and line breaks", () => {
    expect(csvCell("AI, SaaS")).toBe("\"AI, SaaS\"")
    expect(csvCell("Ann \"AJ\" Lee")).toBe("\"Ann \"\"AJ\"\" Lee\"")
    expect(csvCell("two\nlines")).toBe("\"two\nlines\"")
    expect(csvCell(null)).toBe("")
  })
})

describe("csvRow", () => {
  it("writes the crawler's columns: its Email Status word, a plain tier, the time without a zone", () => {
    const [row] = parse(csvHeaderLine + csvRow(lead({ fund: "=HYPERLINK(\"x\")", sectors: "AI, SaaS" })), { columns: true })
    expect(row).toMatchObject({
      Name: "Ann Lee",
      Email: "ann@acme.vc",
      "Email Status": "dns_harvest",
      Fund: "'=HYPERLINK(\"x\")",
      "Focus Areas": "AI, SaaS",
      "Lead Score": "72.5",
      Tier: "WARM",
      LinkedIn: "",
      "Scraped At": "2024-05-01T09:30:00"
    })
  })

  it("falls back to the status when the crawler gave no word, and leaves unknown empty", () => {
    const status = (fields: Parameters<typeof lead>[0]) =>
      (parse(csvHeaderLine + csvRow(lead(fields)), { columns: true })[0] as Record<string, string>)["Email Status"]
    expect(status({ email_source: null, email_status: "verified" })).toBe("verified")
    expect(status({ email_source: null, email_status: "unknown" })).toBe("")
  })

  it("never writes a score in exponent form", () => {
    expect(csvRow(lead({ score: 1e-7 }))).toContain(",0.0000001,")
  })
})

describe("crawlerTimestamp", () => {
  it("keeps milliseconds only when there are some", () => {
    expect(crawlerTimestamp(new Date("2024-05-01T09:30:00.000Z"))).toBe("2024-05-01T09:30:00")
    expect(crawlerTimestamp(new Date("2024-05-01T09:30:00.250Z"))).toBe("2024-05-01T09:30:00.250")
  })
})

describe("attachmentHeader", () => {
  it("makes an ASCII file name from the campaign name and keeps the full name as filename*", () => {
    const header = attachmentHeader("Seed VCs — Q1/2025 \"best\"\r\nX-Evil: 1")
    expect(header).not.toMatch(/[\r\n]/)
    const ascii = /filename="([^"]*)"/.exec(header)![1]!
    expect(ascii).toMatch(/^[A-Za-z0-9._-]+\.csv$/)
    const full = decodeURIComponent(/filename\*=UTF-8''(.*)$/.exec(header)![1]!)
    expect(full).toBe("Seed VCs — Q1_2025 \"best\"__X-Evil: 1.csv")
    expect(attachmentHeader("Zoë's fund")).toMatch(/^attachment; filename="Zoe_s_fund\.csv"; filename\*=UTF-8''Zo%C3%AB%27s%20fund\.csv$/)
    expect(attachmentHeader("   ")).toContain("filename=\"leads.csv\"")
  })
})
