/**
 * The lead counts (lead_counts, lead_fund_counts) against the leads themselves: after any sequence
 * of inserts, updates, opt-outs and campaign deletions, and under concurrent writers, stats,
 * campaign totals, the caller's overview and the totals of listings equal what the leads say.
 * Each store package runs it from a few lines: `leadCountsSuite(name, () => layer)`, where the
 * layer provides the stores and the SqlClient on one database.
 */
import { SqlClient } from "@effect/sql/SqlClient"
import {
  CampaignId,
  CampaignStore,
  dedupeKey,
  type LeadFilter,
  type LeadId,
  LeadInput,
  LeadStore,
  type Stores,
  type Tier,
  tierFromScore,
  UserId,
  UserStore
} from "@leadfactory/core"
import { Effect, Layer, ManagedRuntime, Schema } from "effect"
import fc from "fast-check"
import { randomUUID } from "node:crypto"
import { afterAll, describe, expect, it } from "vitest"
import { rebuildLeadCounts } from "../src/internal/leadCounts.js"

const FUNDS = ["Fund A", "Fund B", "Fund C", "Fund D", "Fund E", "Fund F", "Fund G", "Fund H", "Fund I", "Fund J", "Fund K", "Fund L"]
const EMAILS = ["ann@a.vc", "bo@b.vc", "cy@c.vc", "di@d.vc", "ed@e.vc", "fay@f.vc", "gus@g.vc", "hal@h.vc"]

interface LeadSpec {
  readonly name: string
  readonly email: string | null
  readonly fund: string | null
  /** Scores in halves and quarters: sums of them are exact, so the oracle's AVG and ours agree to the bit. */
  readonly score: number
  readonly email_verified: boolean
}

const leadSpec: fc.Arbitrary<LeadSpec> = fc.record({
  name: fc.constantFrom("Ann", "Bo", "Cy", "Di"),
  email: fc.option(fc.constantFrom(...EMAILS), { nil: null }),
  fund: fc.option(fc.constantFrom(...FUNDS), { nil: null }),
  score: fc.integer({ min: 0, max: 400 }).map((quarters) => quarters / 4),
  email_verified: fc.boolean()
})

const input = (spec: LeadSpec) =>
  new LeadInput({
    name: spec.name,
    email: spec.email,
    email_status: spec.email === null ? "unknown" : "scraped",
    email_source: null,
    email_verified: spec.email_verified,
    linkedin: null,
    phone: null,
    fund: spec.fund,
    role: null,
    website: null,
    sectors: null,
    check_size: null,
    stage: null,
    hq: null,
    score: spec.score,
    tier: tierFromScore(spec.score),
    source: null,
    scraped_at: null
  })

type Operation =
  | { readonly op: "insert"; readonly campaign: number; readonly leads: ReadonlyArray<LeadSpec> }
  | { readonly op: "update"; readonly pick: number; readonly lead: LeadSpec }
  | { readonly op: "optOut"; readonly pick: number }
  | { readonly op: "optOutByEmail"; readonly email: string }
  | { readonly op: "replaceCampaign"; readonly campaign: number }

const operation: fc.Arbitrary<Operation> = fc.oneof(
  { weight: 4, arbitrary: fc.record({ op: fc.constant("insert" as const), campaign: fc.integer({ min: 0, max: 1 }), leads: fc.array(leadSpec, { maxLength: 12 }) }) },
  { weight: 3, arbitrary: fc.record({ op: fc.constant("update" as const), pick: fc.nat(), lead: leadSpec }) },
  { weight: 2, arbitrary: fc.record({ op: fc.constant("optOut" as const), pick: fc.nat() }) },
  { weight: 1, arbitrary: fc.record({ op: fc.constant("optOutByEmail" as const), email: fc.constantFrom(...EMAILS) }) },
  { weight: 1, arbitrary: fc.record({ op: fc.constant("replaceCampaign" as const), campaign: fc.integer({ min: 0, max: 1 }) }) }
)

/** Filters whose totals come from the counts, including a min_score with a fraction. */
const COUNTED_FILTERS: ReadonlyArray<LeadFilter> = [
  {},
  { tier: ["HOT"] },
  { tier: ["WARM", "COLD"] },
  { min_score: 50 },
  { min_score: 62.5 },
  { min_score: 80.3, has_email: true },
  { has_email: false },
  { email_verified: true, tier: ["COOL", "HOT"] }
]

const newUser = Effect.flatMap(UserStore, (users) =>
  users.insert({
    id: UserId.make(randomUUID()),
    email: `counts-${randomUUID().slice(0, 8)}@example.com`,
    password_hash: "$2b$04$hash",
    name: "Counts",
    company: null,
    credits: 10,
    created_at: new Date()
  }))

const newCampaign = (userId: UserId) =>
  Effect.gen(function*() {
    const id = CampaignId.make(randomUUID())
    yield* (yield* CampaignStore).insert({
      id, user_id: userId, name: "Counts", vertical: "vc", status: "pending", config: {}, total_leads: 0,
      total_emails: 0, credits_used: 0, error_message: null, progress_stage: "pending", progress_pct: 0,
      started_at: null, completed_at: null, created_at: new Date()
    })
    return id
  })

const StoredLead = Schema.Struct({
  tier: Schema.String,
  score: Schema.Union(Schema.Number, Schema.NumberFromString),
  email: Schema.NullOr(Schema.String),
  email_verified: Schema.Union(Schema.Boolean, Schema.Literal(0, 1)),
  fund: Schema.NullOr(Schema.String)
})

/** The campaign's leads that are not opted out, read from the leads table itself. */
const storedLeads = (campaignId: CampaignId) =>
  Effect.gen(function*() {
    const sql = yield* SqlClient
    const rows = yield* sql`SELECT tier, score, email, email_verified, fund FROM leads
      WHERE campaign_id = ${campaignId} AND opted_out = FALSE`.pipe(Effect.flatMap(Schema.decodeUnknown(Schema.Array(StoredLead))))
    return rows.map((row) => ({ ...row, email_verified: row.email_verified === true || row.email_verified === 1 }))
  })

type Stored = Effect.Effect.Success<ReturnType<typeof storedLeads>>[number]

const matches = (lead: Stored, filter: LeadFilter) =>
  (filter.tier === undefined || filter.tier.includes(lead.tier as Tier)) &&
  (filter.min_score === undefined || lead.score >= filter.min_score) &&
  (filter.has_email === undefined || (lead.email !== null) === filter.has_email) &&
  (filter.email_verified === undefined || lead.email_verified === filter.email_verified)

/** What stats should say, computed from the leads. */
const expectedStats = (leads: ReadonlyArray<Stored>) => {
  const count = (test: (lead: Stored) => boolean) => leads.filter(test).length
  const funds = new Map<string, number>()
  for (const lead of leads) if (lead.fund !== null) funds.set(lead.fund, (funds.get(lead.fund) ?? 0) + 1)
  const withEmail = count((lead) => lead.email !== null)
  const sum = leads.reduce((total, lead) => total + lead.score, 0)
  return {
    total_leads: leads.length,
    with_email: withEmail,
    email_rate: leads.length === 0 ? 0 : Math.round((withEmail / leads.length) * 1000) / 10,
    verified_emails: count((lead) => lead.email !== null && lead.email_verified),
    hot_leads: count((lead) => lead.tier === "HOT"),
    warm_leads: count((lead) => lead.tier === "WARM"),
    cool_leads: count((lead) => lead.tier === "COOL"),
    cold_leads: count((lead) => lead.tier === "COLD"),
    avg_score: leads.length === 0 ? 0 : Math.round((sum / leads.length) * 10) / 10,
    top_funds: [...funds.entries()]
      .sort(([a, x], [b, y]) => y - x || (a < b ? -1 : a > b ? 1 : 0))
      .slice(0, 10)
      .map(([fund, count]) => ({ fund, count }))
  }
}

/** Every figure the counts feed, for one user's campaigns, checked against the leads. */
const checkCounts = (userId: UserId, campaignIds: ReadonlyArray<CampaignId>) =>
  Effect.gen(function*() {
    const store = yield* LeadStore
    const campaigns = yield* CampaignStore
    let all: Array<Stored> = []
    for (const campaignId of campaignIds) {
      const leads = yield* storedLeads(campaignId)
      all = all.concat(leads)
      const stats = yield* store.stats(campaignId)
      expect({ ...stats, top_funds: stats.top_funds.map(({ count, fund }) => ({ fund, count })) }).toEqual(expectedStats(leads))
      for (const filter of COUNTED_FILTERS) {
        // One lead a page, so that the total cannot be read off the page itself.
        const page = yield* store.query(campaignId, filter, { sort_by: "score", sort_dir: "desc", page: 1, per_page: 1 })
        expect({ filter, total: page.total }).toEqual({ filter, total: leads.filter((lead) => matches(lead, filter)).length })
      }
      yield* campaigns.recomputeTotals(campaignId)
      const campaign = yield* campaigns.findById(campaignId)
      expect(campaign._tag === "Some" && [campaign.value.total_leads, campaign.value.total_emails]).toEqual([
        leads.length,
        leads.filter((lead) => lead.email !== null).length
      ])
    }
    expect(yield* store.countsForUser(userId)).toEqual({
      total_leads: all.length,
      total_emails: all.filter((lead) => lead.email !== null).length,
      hot_leads: all.filter((lead) => lead.tier === "HOT").length,
      warm_leads: all.filter((lead) => lead.tier === "WARM").length
    })
  })

/** Leads inserted so far, by campaign slot, for updates and opt-outs to pick from. */
const runOperations = (operations: ReadonlyArray<Operation>) =>
  Effect.gen(function*() {
    const store = yield* LeadStore
    const campaigns = yield* CampaignStore
    const user = yield* newUser
    const campaignIds = [yield* newCampaign(user.id), yield* newCampaign(user.id)]
    let known: Array<{ readonly id: LeadId; readonly campaign: number }> = []
    for (const step of operations) {
      switch (step.op) {
        case "insert": {
          const inserted = yield* store.insertMany(
            campaignIds[step.campaign]!,
            step.leads.map((spec) => ({ key: dedupeKey(spec), lead: input(spec) }))
          )
          known = known.concat([...inserted.values()].map((id) => ({ id, campaign: step.campaign })))
          break
        }
        case "update": {
          const target = known[step.pick % Math.max(1, known.length)]
          if (target !== undefined) yield* store.updateMany([{ id: target.id, lead: input(step.lead) }])
          break
        }
        case "optOut": {
          const target = known[step.pick % Math.max(1, known.length)]
          if (target !== undefined) yield* store.setOptedOut(target.id)
          break
        }
        case "optOutByEmail":
          yield* store.optOutByEmail(step.email)
          break
        case "replaceCampaign": {
          const old = campaignIds[step.campaign]!
          yield* campaigns.delete(old, user.id)
          const sql = yield* SqlClient
          const left = yield* sql`SELECT COUNT(*) AS n FROM lead_counts WHERE campaign_id = ${old}`
          expect(Number((left[0] as { n: number | string }).n)).toBe(0)
          campaignIds[step.campaign] = yield* newCampaign(user.id)
          known = known.filter((lead) => lead.campaign !== step.campaign)
          break
        }
      }
    }
    yield* checkCounts(user.id, campaignIds)
  })

export const leadCountsSuite = (
  name: string,
  makeLayer: () => Layer.Layer<Stores | SqlClient, unknown>,
  { runs = 40 }: { readonly runs?: number } = {}
) =>
  describe(`lead counts: ${name}`, () => {
    const runtime = ManagedRuntime.make(makeLayer())
    afterAll(() => runtime.dispose())

    it("stats, campaign totals, the overview and listing totals equal the leads after any sequence of writes", async () => {
      await fc.assert(
        fc.asyncProperty(fc.array(operation, { minLength: 1, maxLength: 25 }), (operations) =>
          runtime.runPromise(runOperations(operations))),
        { numRuns: runs }
      )
    })

    it("stay exact under concurrent inserts, updates and opt-outs of one campaign", async () => {
      await runtime.runPromise(
        Effect.gen(function*() {
          const store = yield* LeadStore
          const user = yield* newUser
          const campaignId = yield* newCampaign(user.id)
          const specs = fc.sample(fc.array(leadSpec, { minLength: 20, maxLength: 40 }), { numRuns: 12, seed: 7 })
          // Overlapping keys: writers race for the same leads, as two imports of one file do.
          const inserts = specs.map((leads) =>
            store.insertMany(campaignId, leads.map((spec) => ({ key: `${dedupeKey(spec)}:${spec.score % 5}`, lead: input(spec) }))))
          const updates = specs.slice(0, 6).map((leads, i) =>
            store.insertMany(campaignId, [{ key: `update-${i}`, lead: input(leads[0]!) }]).pipe(
              Effect.flatMap((inserted) =>
                Effect.forEach([...inserted.values()], (id) => store.updateMany([{ id, lead: input(leads[1]!) }]), { discard: true })
              )
            ))
          const optOuts = EMAILS.map((email) => store.optOutByEmail(email))
          yield* Effect.all([...inserts, ...updates, ...optOuts], { concurrency: "unbounded", discard: true })
          yield* checkCounts(user.id, [campaignId])
        })
      )
    })

    it("rebuildLeadCounts recomputes the counts from the leads, as after a bulk load that bypassed them", async () => {
      await runtime.runPromise(
        Effect.gen(function*() {
          const sql = yield* SqlClient
          const store = yield* LeadStore
          const user = yield* newUser
          const campaignId = yield* newCampaign(user.id)
          const specs = fc.sample(leadSpec, { numRuns: 60, seed: 11 })
          yield* store.insertMany(campaignId, specs.map((spec, i) => ({ key: `bulk-${i}`, lead: input(spec) })))
          yield* sql`DELETE FROM lead_counts WHERE campaign_id = ${campaignId}`
          yield* sql`UPDATE lead_fund_counts SET leads = leads + 7 WHERE campaign_id = ${campaignId}`
          yield* rebuildLeadCounts(sql)
          yield* checkCounts(user.id, [campaignId])
        })
      )
    })

    it("a listing with a text filter counts its total up to 1,000, exact below", async () => {
      await runtime.runPromise(
        Effect.gen(function*() {
          const store = yield* LeadStore
          const user = yield* newUser
          const campaignId = yield* newCampaign(user.id)
          const many = Array.from({ length: 1_050 }, (_, i) => ({
            key: `many-${i}`,
            lead: input({ name: `Lead ${i}`, email: null, fund: i < 1_040 ? "Big Fund" : "Small Fund", score: i % 100, email_verified: false })
          }))
          yield* store.insertMany(campaignId, many)
          const page = (filter: LeadFilter) =>
            store.query(campaignId, filter, { sort_by: "score", sort_dir: "desc", page: 1, per_page: 5 })
          expect((yield* page({ fund: "big" })).total).toBe(1_000)
          expect((yield* page({ fund: "small" })).total).toBe(10)
          expect((yield* page({ search: "lead" })).total).toBe(1_000)
          expect((yield* page({ search: "lead 104" })).total).toBe(11)
          // Filters the counts serve stay exact above the cap.
          expect((yield* page({})).total).toBe(1_050)
          expect((yield* page({ min_score: 50 })).total).toBe(500)
        })
      )
    }, 120_000)
  })
