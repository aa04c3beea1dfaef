import { describe, expect, it } from "vitest"
import { dedupeKey, tierFromScore } from "@leadfactory/core"

describe("tierFromScore", () => {
  it("uses the crawler's thresholds: HOT from 80, WARM from 60, COOL from 40, COLD below", () => {
    expect([100, 80, 79.9, 60, 59, 40, 39.99, 0].map(tierFromScore)).toEqual([
      "HOT", "HOT", "WARM", "WARM", "COOL", "COOL", "COLD", "COLD"
    ])
  })
})

describe("dedupeKey", () => {
  it("keys by lower-cased email when there is one", () => {
    expect(dedupeKey({ email: "Ann@Fund.COM", name: "Ann", fund: "A" })).toBe(
      dedupeKey({ email: "ann@fund.com", name: "Other", fund: null })
    )
  })
  it("keys by name and fund without an email, ignoring case and outer spaces", () => {
    expect(dedupeKey({ email: null, name: " Ann Lee ", fund: "Acme" })).toBe(
      dedupeKey({ email: null, name: "ann lee", fund: "ACME " })
    )
    expect(dedupeKey({ email: null, name: "Ann Lee", fund: "Acme" })).not.toBe(
      dedupeKey({ email: null, name: "Ann Lee", fund: "Other" })
    )
  })
})
