/** Leads for store tests: awkward values, and a user with one campaign that holds them. */
import { randomUUID } from "node:crypto"
import { Effect } from "effect"
import { CampaignId, newCampaignRecord } from "../Campaign.js"
import { LeadInput, tierFromScore } from "../Lead.js"
import { CampaignStore } from "../ports/CampaignStore.js"
import { LeadStore } from "../ports/LeadStore.js"
import { UserStore } from "../ports/UserStore.js"
import { UserId } from "../User.js"

const TEXTS = [
  null, "", "Plain", "=HYPERLINK(\"x\")", "+1 555", "-5", "@cmd", "\tindented", "\rreturn", "AI, SaaS", "two\nlines",
  "crlf\r\ninside", "ends with\n", "Ann \"AJ\" Lee", "\"", "\"\"", ",", "it's", "back\\slash", "\\.", "Zürich",
  "São Paulo", "東京", "emoji 🚀", "e\u0301", " spaced ", "'quoted'", "$1", "a=b", "NULL"
]
const SCORES = [0, 3e-13, 1e-7, 1e-6, 5e-6, 1.5e-5, 0.00012345, 1e-4, 0.1 + 0.2, 1 / 3, 12.25, 39.99, 50, 72.5, 80, 99.999, 100]
const TIMES = [null, "2024-05-01T09:30:00.000Z", "2024-05-01T09:30:00.123Z", "1999-12-31T23:59:59.999Z", "2026-02-20T00:00:00.001Z"]

const pick = <A>(values: ReadonlyArray<A>, i: number, salt: number): A => values[(i * 7 + salt * 13 + (i >> 3)) % values.length]!

/**
 * Lead `i` of a set that holds what a CSV writer gets wrong: formula starts, quotes, commas and line
 * breaks inside cells, null and empty values, backslashes, unicode, scores that print in exponent
 * form, times with and without milliseconds. The same `i` always gives the same lead.
 */
export const awkwardLead = (i: number): LeadInput => {
  const scraped = pick(TIMES, i, 4)
  const score = pick(SCORES, i, 13)
  return new LeadInput({
    name: i % 17 === 0 ? pick(TEXTS.filter((t) => t !== null), i, 1) : `${pick(TEXTS.filter((t) => t !== null), i, 1)} ${i}`,
    email: i % 5 === 0 ? null : `lead${i}@example.com`,
    email_status: pick(["scraped", "guessed", "unknown", "verified", "catch_all"] as const, i, 2),
    email_source: pick([null, "", "dns_harvest", "=guess", "guessed"], i, 3),
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
    score,
    tier: tierFromScore(score),
    source: pick(TEXTS, i, 14),
    scraped_at: scraped === null ? null : new Date(scraped)
  })
}

/** Makes the user and campaign (named `name`) and inserts `leads` under the keys k0, k1, …; the campaign's id. */
export const campaignWithLeads = (name: string, leads: ReadonlyArray<LeadInput>) =>
  Effect.gen(function*() {
    const user = yield* (yield* UserStore).insert({
      id: UserId.make(randomUUID()),
      email: `${name.toLowerCase()}-${randomUUID().slice(0, 8)}@example.com`,
      password_hash: "$2b$04$hash",
      name,
      company: null,
      credits: 10,
      created_at: new Date()
    })
    const id = CampaignId.make(randomUUID())
    yield* (yield* CampaignStore).insert(
      newCampaignRecord({ id, user_id: user.id, name, vertical: "vc", config: {}, created_at: new Date() })
    )
    yield* (yield* LeadStore).insertMany(id, leads.map((lead, i) => ({ key: `k${i}`, lead })))
    return id
  })
