import { CampaignId, Lead, LeadId, LeadPage } from "@leadfactory/core"
import { Schema } from "effect"
import fc from "fast-check"
import { describe, expect, it } from "vitest"
import { leadPageJson } from "../src/LeadPageJson.js"

const text = fc.option(fc.string({ maxLength: 12 }), { nil: null })
// Mostly the years a lead is crawled in, but also every year a Date can hold (before 1000 and after
// 9999, toISOString writes them its own way).
const time = fc.option(
  fc.oneof(
    fc.date({ min: new Date("1990-01-01T00:00:00Z"), max: new Date("2100-01-01T00:00:00Z"), noInvalidDate: true }),
    fc.date({ noInvalidDate: true })
  ),
  { nil: null }
)

const lead = fc
  .record({
    id: fc.uuid(), campaign_id: fc.uuid(), name: fc.string({ maxLength: 12 }), email: text,
    email_status: fc.constantFrom("verified", "scraped", "guessed", "catch_all", "undeliverable", "unknown" as const),
    email_source: text, email_verified: fc.boolean(), linkedin: text, phone: text, fund: text, role: text, website: text,
    sectors: text, check_size: text, stage: text, hq: text, score: fc.double({ min: 0, max: 100, noNaN: true }),
    tier: fc.constantFrom("HOT", "WARM", "COOL", "COLD" as const), source: text, opted_out: fc.boolean(),
    scraped_at: time, last_verified: time, last_crawled_at: time
  })
  .map((fields) => Lead.make({ ...fields, id: LeadId.make(fields.id), campaign_id: CampaignId.make(fields.campaign_id) }))

const page = fc
  .record({ leads: fc.array(lead, { maxLength: 8 }), total: fc.nat(), page: fc.integer({ min: 1, max: 99 }), per_page: fc.integer({ min: 1, max: 200 }), next_cursor: fc.option(fc.string(), { nil: null }) })
  .map((fields) => new LeadPage(fields))

describe("leadPageJson", () => {
  it("writes the same JSON, byte for byte, as the LeadPage schema's encoding", () => {
    const encode = Schema.encodeSync(LeadPage)
    fc.assert(fc.property(page, (value) => {
      expect(JSON.stringify(leadPageJson(value))).toBe(JSON.stringify(encode(value)))
    }), { numRuns: 500 })
  })
})
