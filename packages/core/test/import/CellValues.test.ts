import { describe, expect, it } from "vitest"
import {
  CellError,
  emailStatusOf,
  formulaPrefix,
  normaliseEmail,
  parseScore,
  parseScrapedAt,
  parseTier,
  textValue
} from "../../src/Import/CellValues.js"

const message = (value: unknown) => (value instanceof CellError ? value.message : `not an error: ${String(value)}`)

describe("missing values", () => {
  it("reads N/A, n/a, -, empty and blank as null, and trims the rest", () => {
    expect(["N/A", "n/a", "N/a", "-", "", "   ", " N/A "].map(textValue)).toEqual([null, null, null, null, null, null, null])
    expect(textValue("  Acme Capital ")).toBe("Acme Capital")
    expect(textValue("NA")).toBe("NA")
    expect(textValue("--")).toBe("--")
  })
})

describe("parseTier", () => {
  it("reads tiers with or without the emoji, in any case, COLD included", () => {
    expect(["🔴 HOT", "🟡 WARM", "🟢 COOL", "⚪ COLD", "hot", "Warm", "cool", "cold", " COLD "].map(parseTier)).toEqual([
      "HOT", "WARM", "COOL", "COLD", "HOT", "WARM", "COOL", "COLD", "COLD"
    ])
  })
  it("gives null for a missing tier (derived from the score later) and rejects unknown words", () => {
    expect(parseTier(null)).toBeNull()
    expect(parseTier("🔴")).toBeNull()
    expect(message(parseTier("HOTT"))).toBe("Tier \"HOTT\" is not one of HOT, WARM, COOL, COLD")
  })
})

describe("parseScore", () => {
  it("accepts numbers from 0 to 100, decimals and a decimal comma", () => {
    expect(["0", "100", "87", "59.5", "59,5", "007"].map(parseScore)).toEqual([0, 100, 87, 59.5, 59.5, 7])
  })
  it("rejects anything else with the value in the message", () => {
    for (const bad of ["abc", "101", "-1", "1e2", "0x10", "50%", "100.01", "1,000"]) {
      expect(message(parseScore(bad))).toBe(`Lead Score ${JSON.stringify(bad)} is not a number from 0 to 100`)
    }
    expect(message(parseScore(null))).toMatch(/Lead Score is missing/)
  })
})

describe("emailStatusOf", () => {
  it("maps the crawler's words; discovery methods mean scraped", () => {
    expect(["guessed", "unknown", "scraped", "dns_harvest", "js_scrape", "github", "wayback"].map(emailStatusOf)).toEqual([
      "guessed", "unknown", "scraped", "scraped", "scraped", "scraped", "scraped"
    ])
    expect(["Verified", "catch-all", "Catch All", "undeliverable", "pattern", "DNS_HARVEST"].map(emailStatusOf)).toEqual([
      "verified", "catch_all", "catch_all", "undeliverable", "guessed", "scraped"
    ])
    expect(emailStatusOf("smtp_probe")).toBeUndefined()
  })
})

describe("normaliseEmail", () => {
  it("lower-cases the domain, keeps the local part, drops mailto:", () => {
    expect(normaliseEmail("Ann.Lee@Acme.COM")).toBe("Ann.Lee@acme.com")
    expect(normaliseEmail("mailto:ann@acme.vc")).toBe("ann@acme.vc")
    expect(normaliseEmail("o'brien+vc@sub.fund.io")).toBe("o'brien+vc@sub.fund.io")
  })
  it("gives null for what is not an address", () => {
    for (const bad of ["ann.acme.com", "ann @acme.com", "ann@", "@acme.com", "ann@acme", "ann@acme.", "a@b@c.com x", "ann@acme.123"]) {
      expect(normaliseEmail(bad)).toBeNull()
    }
  })
})

describe("parseScrapedAt", () => {
  it("reads ISO 8601 without a zone as UTC, with microseconds or none", () => {
    expect((parseScrapedAt("2026-02-20T00:09:45.359746") as Date).toISOString()).toBe("2026-02-20T00:09:45.359Z")
    expect((parseScrapedAt("2026-02-20T00:09:45") as Date).toISOString()).toBe("2026-02-20T00:09:45.000Z")
    expect((parseScrapedAt("2026-02-20 13:05") as Date).toISOString()).toBe("2026-02-20T13:05:00.000Z")
    expect((parseScrapedAt("2026-02-20") as Date).toISOString()).toBe("2026-02-20T00:00:00.000Z")
  })
  it("applies an explicit zone", () => {
    expect((parseScrapedAt("2026-02-20T10:00:00+02:00") as Date).toISOString()).toBe("2026-02-20T08:00:00.000Z")
    expect((parseScrapedAt("2026-02-20T10:00:00-0530") as Date).toISOString()).toBe("2026-02-20T15:30:00.000Z")
    expect((parseScrapedAt("2026-02-20T10:00:00Z") as Date).toISOString()).toBe("2026-02-20T10:00:00.000Z")
  })
  it("rejects what is not a date, or not a real one", () => {
    expect(message(parseScrapedAt("yesterday"))).toBe("Scraped At \"yesterday\" is not an ISO 8601 date")
    expect(message(parseScrapedAt("2026-13-45T25:61:00"))).toBe("Scraped At \"2026-13-45T25:61:00\" is not a valid date and time")
    expect(parseScrapedAt("2026-02-30")).toBeInstanceOf(CellError)
    expect(parseScrapedAt("2026-02-20T24:00:00")).toBeInstanceOf(CellError)
  })
})

describe("parseScrapedAt on the crawler's own form (read without the general pattern)", () => {
  it("reads every fraction length, a space for the T, and leap days", () => {
    const read = (text: string) => (parseScrapedAt(text) as Date).toISOString()
    expect(read("2026-02-20T00:09:45.3")).toBe("2026-02-20T00:09:45.300Z")
    expect(read("2026-02-20T00:09:45.35")).toBe("2026-02-20T00:09:45.350Z")
    expect(read("2026-02-20 00:09:45.123456789")).toBe("2026-02-20T00:09:45.123Z")
    expect(read("2024-02-29T23:59:59.999")).toBe("2024-02-29T23:59:59.999Z")
    expect(read("2000-02-29T00:00:00")).toBe("2000-02-29T00:00:00.000Z")
  })
  it("rejects the same impossible dates as the general reading", () => {
    for (
      const text of [
        "2026-02-29T00:00:00",
        "1900-02-29T00:00:00",
        "2026-04-31T00:00:00.5",
        "2026-00-10T00:00:00",
        "2026-01-00T00:00:00",
        "2026-01-10T23:60:00",
        "2026-01-10T23:59:60",
        "2026-01-10T00:00:00.",
        "2026-01-10T00:00:00.1234567890",
        "0000-02-29T00:00:00"
      ]
    ) expect(parseScrapedAt(text), text).toBeInstanceOf(CellError)
  })
})

describe("parseTier on cells whose letters are not one run", () => {
  it("reads the letters wherever they are", () => {
    expect(["🟢COOL🟢", "H O T", "W-ARM!"].map(parseTier)).toEqual(["COOL", "HOT", "WARM"])
  })
})

describe("formulaPrefix", () => {
  it("spots the cells a spreadsheet would run", () => {
    expect(["=HYPERLINK(\"x\")", "+SUM(1,2)", "-2+3", "@SUM(A1)"].map((v) => formulaPrefix(v, false))).toEqual(["=", "+", "-", "@"])
    expect(formulaPrefix("Acme", false)).toBeNull()
  })
  it("lets a phone number start with +", () => {
    expect(formulaPrefix("+1 (415) 555-0100", true)).toBeNull()
    expect(formulaPrefix("+1 (415) 555-0100", false)).toBe("+")
    expect(formulaPrefix("+SUM(1,2)", true)).toBe("+")
  })
})
