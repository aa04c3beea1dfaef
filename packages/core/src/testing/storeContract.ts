/**
 * The port-level contract every store package must pass: each method of the storage ports, its
 * errors, tenant isolation, credit atomicity under concurrency, transactions, migrations and the
 * filters, sorts and paging of lead listings, all checked against hand-made data.
 *
 * A store's test file calls `storeContractSuite(name, () => Store.layer(...))`. `makeLayer` must give
 * a layer over the same database on every call: the suite builds it a second time to check that
 * migrating a migrated database changes nothing. Every test makes its own users and campaigns, so
 * the suite also runs on a database that other tests share.
 */
import { randomUUID } from "node:crypto"
import { describe, expect, it, layer } from "@effect/vitest"
import { Chunk, Effect, Either, Exit, Layer, Option, Scope, Stream } from "effect"
import { ApiKeyId, type ApiKeyRecord } from "../ApiKey.js"
import { CampaignId, type CampaignRecord, newCampaignRecord } from "../Campaign.js"
import {
  dedupeKey,
  type Lead,
  type LeadFilter,
  type LeadId,
  LeadInput,
  type LeadPageRequest,
  type LeadSortBy,
  type SortDir,
  tierFromScore
} from "../Lead.js"
import { ApiKeyStore } from "../ports/ApiKeyStore.js"
import { CampaignStore } from "../ports/CampaignStore.js"
import { CreditStore } from "../ports/CreditStore.js"
import type { Stores } from "../ports/index.js"
import { LeadStore } from "../ports/LeadStore.js"
import { SuppressionStore } from "../ports/SuppressionStore.js"
import { Transactor } from "../ports/Transactor.js"
import { UserStore } from "../ports/UserStore.js"
import { UserId } from "../User.js"
import { awkwardLead } from "./leadFixtures.js"

const DAY_MS = 24 * 60 * 60 * 1000
/** A fixed "now" for freshness, and a base for times in fixtures (whole milliseconds, UTC). */
const NOW = new Date("2025-06-15T12:00:00.000Z")
const daysBefore = (days: number) => new Date(NOW.getTime() - days * DAY_MS)

const uniqueEmail = (label: string) => `${label}-${randomUUID().slice(0, 8)}@example.com`

const newUser = (credits = 100, email = uniqueEmail("user")) =>
  Effect.flatMap(UserStore, (users) =>
    users.insert({
      id: UserId.make(randomUUID()),
      email,
      password_hash: "$2b$04$hash",
      name: "Test User",
      company: null,
      credits,
      created_at: new Date()
    })
  )

const campaignRecord = (userId: UserId, fields: Partial<CampaignRecord> = {}): CampaignRecord => ({
  ...newCampaignRecord({
    id: CampaignId.make(randomUUID()),
    user_id: userId,
    name: "Seed round",
    vertical: "vc",
    config: {},
    created_at: new Date()
  }),
  ...fields
})

const newCampaign = (userId: UserId, fields: Partial<CampaignRecord> = {}) =>
  Effect.gen(function*() {
    const record = campaignRecord(userId, fields)
    yield* Effect.flatMap(CampaignStore, (campaigns) => campaigns.insert(record))
    return record
  })

type LeadFields = ConstructorParameters<typeof LeadInput>[0]

const leadInput = (fields: Partial<LeadFields> & { readonly name: string }) => {
  const score = fields.score ?? 50
  return new LeadInput({
    email: null,
    email_status: "unknown",
    email_source: null,
    email_verified: false,
    linkedin: null,
    phone: null,
    fund: null,
    role: null,
    website: null,
    sectors: null,
    check_size: null,
    stage: null,
    hq: null,
    tier: tierFromScore(score),
    source: null,
    scraped_at: null,
    ...fields,
    score
  })
}

/** Inserts the leads keyed as the importer keys them; returns their ids in input order. */
const insertLeads = (campaignId: CampaignId, inputs: ReadonlyArray<LeadInput>) =>
  Effect.gen(function*() {
    const ids = yield* Effect.flatMap(LeadStore, (leads) =>
      leads.insertMany(campaignId, inputs.map((lead) => ({ key: dedupeKey(lead), lead }))))
    return inputs.map((lead) => {
      const id = ids.get(dedupeKey(lead))
      if (id === undefined) throw new Error(`insertMany returned no id for ${lead.name}`)
      return id
    })
  })

const page = (fields: Partial<LeadPageRequest> = {}): LeadPageRequest => ({
  sort_by: "score",
  sort_dir: "desc",
  per_page: 100,
  page: 1,
  ...fields
})

const namesOf = (leads: ReadonlyArray<Lead>) => leads.map((lead) => lead.name).sort()

/**
 * Six visible leads and one opted out, to check each filter against. Names are letters only, so
 * that every collation orders them alike.
 */
const filterFixture = (tag: string) => [
  leadInput({
    name: "Alice",
    email: `alice-${tag}@acme.vc`,
    email_status: "verified",
    email_verified: true,
    fund: "Acme Ventures",
    role: "Partner",
    sectors: "Fintech; SaaS",
    stage: "Seed",
    check_size: "$1M-$5M",
    hq: "San Francisco",
    score: 92,
    scraped_at: daysBefore(1)
  }),
  leadInput({
    name: "bob",
    fund: "acme ventures",
    role: "Associate",
    sectors: "Healthcare",
    stage: "Series A",
    check_size: "$5M-$10M",
    hq: "New York",
    score: 75
  }),
  leadInput({
    name: "Carol",
    email: `carol-${tag}@beta.com`,
    email_status: "scraped",
    fund: "Beta Capital",
    role: "Principal",
    sectors: "fintech",
    stage: "Series B",
    hq: "London",
    score: 61,
    scraped_at: daysBefore(3)
  }),
  leadInput({
    name: "Dave",
    email: `dave_x-${tag}@gamma.io`,
    email_status: "guessed",
    score: 45,
    scraped_at: daysBefore(2)
  }),
  leadInput({
    name: "Erin",
    email: `erin-${tag}@delta.vc`,
    email_status: "catch_all",
    email_verified: true,
    fund: "Delta 100% Fund",
    role: "Managing Partner",
    sectors: "Climate",
    stage: "Seed",
    check_size: "$500K",
    hq: "Berlin",
    score: 30,
    scraped_at: daysBefore(5)
  }),
  leadInput({
    name: "frank",
    email: `frank-${tag}@omega.vc`,
    email_status: "verified",
    email_verified: true,
    fund: "Omega_Partners",
    role: "Partner",
    sectors: "AI",
    stage: "Pre-Seed",
    hq: "Paris",
    score: 92,
    scraped_at: daysBefore(1)
  }),
  leadInput({
    name: "Grace",
    email: `grace-${tag}@acme.vc`,
    email_status: "verified",
    email_verified: true,
    fund: "Acme Ventures",
    role: "Partner",
    sectors: "Fintech",
    stage: "Seed",
    hq: "San Francisco",
    score: 99
  })
]

/** A campaign holding the filter fixture, with Grace opted out. */
const filterCampaign = Effect.gen(function*() {
  const user = yield* newUser()
  const campaign = yield* newCampaign(user.id)
  const ids = yield* insertLeads(campaign.id, filterFixture(randomUUID().slice(0, 8)))
  yield* Effect.flatMap(LeadStore, (leads) => leads.setOptedOut(ids[6]!))
  return campaign
})

/** 53 leads with tied scores, names equal but for case, missing funds and missing times. */
const pagingFixture = () => {
  const bases = ["ann", "bea", "cid", "dot", "eve", "fay", "gus"]
  const funds = ["acme", "Beta", "gamma"]
  return Array.from({ length: 53 }, (_, i) => {
    const base = bases[i % bases.length]!
    return leadInput({
      name: `${i % 2 === 0 ? base : base.toUpperCase()}${String.fromCharCode(97 + (i % 3))}`,
      email: `p${i}-${randomUUID().slice(0, 8)}@paging.vc`,
      score: ((i * 7) % 10) * 10,
      fund: i % 4 === 0 ? null : funds[i % funds.length]!,
      scraped_at: i % 5 === 0 ? null : daysBefore(i % 6)
    })
  })
}

/** The documented order of listings: by the sort key, missing values last, ties by id ascending. */
const expectedOrder = (leads: ReadonlyArray<Lead>, sortBy: LeadSortBy, dir: SortDir): Array<LeadId> => {
  const key = (lead: Lead): number | string | null => {
    switch (sortBy) {
      case "score":
        return lead.score
      case "name":
        return lead.name.toLowerCase()
      case "fund":
        return lead.fund === null ? null : lead.fund.toLowerCase()
      case "scraped_at":
        return lead.scraped_at === null ? null : lead.scraped_at.getTime()
    }
  }
  const sign = dir === "asc" ? 1 : -1
  return [...leads]
    .sort((a, b) => {
      const ka = key(a)
      const kb = key(b)
      if (ka === null || kb === null) {
        if (ka !== kb) return ka === null ? 1 : -1
      } else if (ka !== kb) {
        return (ka < kb ? -1 : 1) * sign
      }
      return a.id < b.id ? -1 : a.id > b.id ? 1 : 0
    })
    .map((lead) => lead.id)
}

const allSorts: ReadonlyArray<readonly [LeadSortBy, SortDir]> = (["score", "name", "fund", "scraped_at"] as const)
  .flatMap((sortBy) => (["asc", "desc"] as const).map((dir) => [sortBy, dir] as const))

const apiKeyRecord = (userId: UserId, fields: Partial<ApiKeyRecord> = {}): ApiKeyRecord => ({
  id: ApiKeyId.make(randomUUID()),
  user_id: userId,
  key_hash: randomUUID().replaceAll("-", "") + randomUUID().replaceAll("-", ""),
  name: "Default",
  start: "lf_abcd",
  is_active: true,
  created_at: new Date(),
  last_used: null,
  ...fields
})

export const storeContractSuite = (name: string, makeLayer: () => Layer.Layer<Stores, unknown>): void => {
  describe(`store contract: ${name}`, () => {
    layer(makeLayer(), { excludeTestServices: true, timeout: "120 seconds" })((it) => {
      describe("UserStore", () => {
        it.effect("insert returns the account and writes the signup ledger row in one go", () =>
          Effect.gen(function*() {
            const email = uniqueEmail("signup")
            const created = new Date("2025-01-02T03:04:05.678Z")
            const user = yield* Effect.flatMap(UserStore, (users) =>
              users.insert({
                id: UserId.make(randomUUID()),
                email,
                password_hash: "$2b$04$hash",
                name: "Ada",
                company: "Analytical",
                credits: 500,
                created_at: created
              }))
            expect(user).toMatchObject({
              email,
              name: "Ada",
              company: "Analytical",
              plan: "starter",
              credits_remaining: 500,
              credits_monthly: 500,
              is_active: true,
              is_admin: false,
              last_login: null,
              password_hash: "$2b$04$hash"
            })
            expect(user.created_at.toISOString()).toBe(created.toISOString())
            const history = yield* Effect.flatMap(CreditStore, (credits) => credits.history(user.id, 1, 10))
            expect(history.total).toBe(1)
            expect(history.transactions[0]).toMatchObject({
              amount: 500,
              reason: "signup",
              balance_after: 500,
              campaign_id: null
            })
          }))

        it.effect("insert fails with EmailTaken for an email taken in any case, and writes nothing", () =>
          Effect.gen(function*() {
            const first = yield* newUser()
            const id = UserId.make(randomUUID())
            const again = yield* Effect.flip(Effect.flatMap(UserStore, (users) =>
              users.insert({
                id,
                email: first.email.toUpperCase(),
                password_hash: "x",
                name: "Copy",
                company: null,
                credits: 10,
                created_at: new Date()
              })))
            expect(again._tag).toBe("EmailTaken")
            expect(yield* Effect.flatMap(UserStore, (users) => users.findById(id))).toEqual(Option.none())
            const history = yield* Effect.flatMap(CreditStore, (credits) => credits.history(id, 1, 10))
            expect(history.total).toBe(0)
          }))

        it.effect("insert lets exactly one of two racing inserts of one email through", () =>
          Effect.gen(function*() {
            const email = uniqueEmail("race")
            const results = yield* Effect.all([newUser(10, email), newUser(10, email)].map(Effect.either), {
              concurrency: "unbounded"
            })
            expect(results.filter(Either.isRight)).toHaveLength(1)
            expect(results.filter(Either.isLeft).map((result) => result.left._tag)).toEqual(["EmailTaken"])
          }))

        it.effect("findById and findByEmail find the account; None otherwise", () =>
          Effect.gen(function*() {
            const users = yield* UserStore
            const user = yield* newUser()
            expect(Option.map(yield* users.findById(user.id), (found) => found.email)).toEqual(Option.some(user.email))
            expect(Option.map(yield* users.findByEmail(user.email), (found) => found.id)).toEqual(Option.some(user.id))
            expect(yield* users.findById(UserId.make(randomUUID()))).toEqual(Option.none())
            expect(yield* users.findByEmail(uniqueEmail("nobody"))).toEqual(Option.none())
          }))

        it.effect("touchLastLogin records the time and setActive turns the account off and on", () =>
          Effect.gen(function*() {
            const users = yield* UserStore
            const user = yield* newUser()
            const at = new Date("2025-03-04T05:06:07.089Z")
            yield* users.touchLastLogin(user.id, at)
            yield* users.setActive(user.id, false)
            const off = Option.getOrThrow(yield* users.findById(user.id))
            expect(off.last_login?.toISOString()).toBe(at.toISOString())
            expect(off.is_active).toBe(false)
            yield* users.setActive(user.id, true)
            expect(Option.getOrThrow(yield* users.findById(user.id)).is_active).toBe(true)
          }))
      })

      describe("ApiKeyStore", () => {
        it.effect("findActiveByHash finds a key while it is active, with every field", () =>
          Effect.gen(function*() {
            const keys = yield* ApiKeyStore
            const user = yield* newUser()
            const record = apiKeyRecord(user.id, { created_at: new Date("2025-02-03T04:05:06.007Z") })
            yield* keys.insert(record)
            const found = Option.getOrThrow(yield* keys.findActiveByHash(record.key_hash))
            expect(found).toMatchObject({
              id: record.id,
              user_id: user.id,
              key_hash: record.key_hash,
              name: "Default",
              start: "lf_abcd",
              is_active: true,
              last_used: null
            })
            expect(found.created_at.toISOString()).toBe("2025-02-03T04:05:06.007Z")
            yield* keys.deactivate(record.id, user.id)
            expect(yield* keys.findActiveByHash(record.key_hash)).toEqual(Option.none())
            expect(yield* keys.findActiveByHash("no-such-hash")).toEqual(Option.none())
          }))

        it.effect("listByUser lists the user's keys newest first, active and revoked", () =>
          Effect.gen(function*() {
            const keys = yield* ApiKeyStore
            const user = yield* newUser()
            const other = yield* newUser()
            const older = apiKeyRecord(user.id, { name: "older", created_at: new Date("2025-01-01T00:00:00.000Z") })
            const newer = apiKeyRecord(user.id, { name: "newer", created_at: new Date("2025-01-02T00:00:00.000Z") })
            yield* keys.insert(older)
            yield* keys.insert(newer)
            yield* keys.insert(apiKeyRecord(other.id, { name: "theirs" }))
            yield* keys.deactivate(older.id, user.id)
            const listed = yield* keys.listByUser(user.id)
            expect(listed.map((key) => [key.name, key.is_active])).toEqual([["newer", true], ["older", false]])
            expect(listed[0]).not.toHaveProperty("key_hash")
          }))

        it.effect("touchLastUsed records the time", () =>
          Effect.gen(function*() {
            const keys = yield* ApiKeyStore
            const user = yield* newUser()
            const record = apiKeyRecord(user.id)
            yield* keys.insert(record)
            yield* keys.touchLastUsed(record.id, new Date("2025-05-06T07:08:09.010Z"))
            const [listed] = yield* keys.listByUser(user.id)
            expect(listed?.last_used?.toISOString()).toBe("2025-05-06T07:08:09.010Z")
          }))
      })

      describe("tenant isolation", () => {
        it.effect("ApiKeyStore.deactivate with another user's id fails with NotFound and the key stays active", () =>
          Effect.gen(function*() {
            const keys = yield* ApiKeyStore
            const owner = yield* newUser()
            const stranger = yield* newUser()
            const record = apiKeyRecord(owner.id)
            yield* keys.insert(record)
            const error = yield* Effect.flip(keys.deactivate(record.id, stranger.id))
            expect(error._tag).toBe("NotFound")
            expect(Option.isSome(yield* keys.findActiveByHash(record.key_hash))).toBe(true)
            const missing = yield* Effect.flip(keys.deactivate(ApiKeyId.make(randomUUID()), owner.id))
            expect(missing._tag).toBe("NotFound")
          }))

        it.effect("CampaignStore.findForUser is None for another user's campaign, findById finds it", () =>
          Effect.gen(function*() {
            const campaigns = yield* CampaignStore
            const owner = yield* newUser()
            const stranger = yield* newUser()
            const campaign = yield* newCampaign(owner.id)
            expect(yield* campaigns.findForUser(campaign.id, stranger.id)).toEqual(Option.none())
            expect(Option.isSome(yield* campaigns.findForUser(campaign.id, owner.id))).toBe(true)
            expect(yield* campaigns.isOwnedBy(campaign.id, stranger.id)).toBe(false)
            expect(yield* campaigns.isOwnedBy(campaign.id, owner.id)).toBe(true)
            expect(yield* campaigns.isOwnedBy(CampaignId.make(randomUUID()), owner.id)).toBe(false)
            expect(Option.map(yield* campaigns.findById(campaign.id), (found) => found.user_id)).toEqual(
              Option.some(owner.id)
            )
          }))

        it.effect("CampaignStore.delete with another user's id fails with NotFound and deletes nothing", () =>
          Effect.gen(function*() {
            const campaigns = yield* CampaignStore
            const owner = yield* newUser()
            const stranger = yield* newUser()
            const campaign = yield* newCampaign(owner.id)
            yield* insertLeads(campaign.id, [leadInput({ name: "Kept" })])
            const error = yield* Effect.flip(campaigns.delete(campaign.id, stranger.id))
            expect(error._tag).toBe("NotFound")
            expect(Option.isSome(yield* campaigns.findById(campaign.id))).toBe(true)
            const listed = yield* Effect.flatMap(LeadStore, (leads) => leads.query(campaign.id, {}, page()))
            expect(listed.total).toBe(1)
          }))

        it.effect("CampaignStore.list shows only the user's campaigns", () =>
          Effect.gen(function*() {
            const owner = yield* newUser()
            const stranger = yield* newUser()
            yield* newCampaign(owner.id)
            const listed = yield* Effect.flatMap(CampaignStore, (campaigns) =>
              campaigns.list(stranger.id, { page: 1, per_page: 20 }))
            expect(listed).toEqual({ campaigns: [], total: 0 })
          }))

        it.effect("LeadStore.findForUser finds a lead only through its campaign's owner", () =>
          Effect.gen(function*() {
            const leads = yield* LeadStore
            const owner = yield* newUser()
            const stranger = yield* newUser()
            const campaign = yield* newCampaign(owner.id)
            const [id] = yield* insertLeads(campaign.id, [leadInput({ name: "Owned", email: uniqueEmail("owned") })])
            expect(Option.map(yield* leads.findForUser(id!, owner.id), (lead) => lead.name)).toEqual(Option.some("Owned"))
            expect(yield* leads.findForUser(id!, stranger.id)).toEqual(Option.none())
          }))

        it.effect("LeadStore.queryOwned answers the owner as query does, and a stranger None whatever the request", () =>
          Effect.gen(function*() {
            const leads = yield* LeadStore
            const owner = yield* newUser()
            const stranger = yield* newUser()
            const campaign = yield* newCampaign(owner.id)
            const empty = yield* newCampaign(owner.id)
            yield* insertLeads(campaign.id, [
              leadInput({ name: "Hot one", score: 90, email: uniqueEmail("hot") }),
              leadInput({ name: "Warm one", score: 60 }),
              leadInput({ name: "Cold one", score: 10 })
            ])
            const requests: ReadonlyArray<readonly [LeadFilter, LeadPageRequest]> = [
              [{}, page()],
              [{}, page({ per_page: 1 })],
              [{ tier: ["HOT"] }, page()],
              [{ min_score: 50, has_email: true }, page()],
              [{ search: "warm" }, page()],
              [{}, page({ page: 9 })],
              [{ tier: ["WARM"], min_score: 99 }, page()]
            ]
            for (const [filter, request] of requests) {
              const expected = yield* leads.query(campaign.id, filter, request)
              expect(yield* leads.queryOwned(owner.id, campaign.id, filter, request)).toEqual(Option.some(expected))
              expect(yield* leads.queryOwned(stranger.id, campaign.id, filter, request)).toEqual(Option.none())
            }
            const second = yield* leads.query(campaign.id, {}, page({ per_page: 1 }))
            const next = page({ per_page: 1, cursor: second.next_cursor! })
            expect(Option.map(yield* leads.queryOwned(owner.id, campaign.id, {}, next), (found) => found.leads[0]?.name))
              .toEqual(Option.some("Warm one"))
            // An empty campaign: the owner gets its empty page, a stranger None; a missing campaign is None.
            expect(yield* leads.queryOwned(owner.id, empty.id, {}, page())).toEqual(
              Option.some({ leads: [], total: 0, next_cursor: null })
            )
            expect(yield* leads.queryOwned(stranger.id, empty.id, {}, page())).toEqual(Option.none())
            expect(yield* leads.queryOwned(owner.id, CampaignId.make(randomUUID()), {}, page())).toEqual(Option.none())
            // A cursor that does not decode: InvalidInput for the owner, None for a stranger.
            const badCursor = page({ cursor: "not-a-cursor" })
            expect((yield* Effect.flip(leads.queryOwned(owner.id, campaign.id, {}, badCursor)))._tag).toBe("InvalidInput")
            expect(yield* leads.queryOwned(stranger.id, campaign.id, {}, badCursor)).toEqual(Option.none())
          }))

        it.effect("LeadStore.countsForUser counts only the user's own campaigns", () =>
          Effect.gen(function*() {
            const owner = yield* newUser()
            const stranger = yield* newUser()
            const campaign = yield* newCampaign(owner.id)
            yield* insertLeads(campaign.id, [leadInput({ name: "Mine", score: 90 })])
            const counts = yield* Effect.flatMap(LeadStore, (leads) => leads.countsForUser(stranger.id))
            expect(counts).toEqual({ total_leads: 0, total_emails: 0, hot_leads: 0, warm_leads: 0 })
          }))
      })

      describe("CampaignStore", () => {
        it.effect("insert and findForUser round-trip every field", () =>
          Effect.gen(function*() {
            const user = yield* newUser()
            const record = yield* newCampaign(user.id, {
              name: "Series A sweep",
              vertical: "pe",
              status: "completed",
              config: { max_leads: 200, regions: ["EU", "US"], nested: { deep: true } },
              total_leads: 12,
              total_emails: 7,
              credits_used: 5,
              error_message: "partial",
              progress_stage: "completed",
              progress_pct: 99.5,
              started_at: new Date("2025-01-01T10:00:00.000Z"),
              completed_at: new Date("2025-01-01T11:30:00.250Z"),
              created_at: new Date("2025-01-01T09:00:00.000Z")
            })
            const found = Option.getOrThrow(
              yield* Effect.flatMap(CampaignStore, (campaigns) => campaigns.findForUser(record.id, user.id))
            )
            expect({ ...found }).toEqual({ ...record })
          }))

        it.effect("list is newest first, filtered by status and vertical, paged, with the total", () =>
          Effect.gen(function*() {
            const campaigns = yield* CampaignStore
            const user = yield* newUser()
            const at = (minute: number) => new Date(Date.UTC(2025, 0, 1, 0, minute))
            yield* newCampaign(user.id, { name: "one", created_at: at(1), status: "completed" })
            yield* newCampaign(user.id, { name: "two", created_at: at(2), vertical: "pe" })
            yield* newCampaign(user.id, { name: "three", created_at: at(3), status: "completed" })
            yield* newCampaign(user.id, { name: "four", created_at: at(4) })
            const all = yield* campaigns.list(user.id, { page: 1, per_page: 20 })
            expect(all.total).toBe(4)
            expect(all.campaigns.map((campaign) => campaign.name)).toEqual(["four", "three", "two", "one"])
            const second = yield* campaigns.list(user.id, { page: 2, per_page: 3 })
            expect(second.total).toBe(4)
            expect(second.campaigns.map((campaign) => campaign.name)).toEqual(["one"])
            const completed = yield* campaigns.list(user.id, { status: "completed", page: 1, per_page: 20 })
            expect([completed.total, completed.campaigns.map((campaign) => campaign.name)]).toEqual([2, ["three", "one"]])
            const pe = yield* campaigns.list(user.id, { vertical: "pe", page: 1, per_page: 20 })
            expect([pe.total, pe.campaigns.map((campaign) => campaign.name)]).toEqual([1, ["two"]])
          }))

        it.effect("updateProgress changes only the fields it is given", () =>
          Effect.gen(function*() {
            const campaigns = yield* CampaignStore
            const user = yield* newUser()
            const record = yield* newCampaign(user.id)
            const started = new Date("2025-04-01T08:00:00.000Z")
            yield* campaigns.updateProgress(record.id, {
              status: "running",
              progress_stage: "crawling",
              progress_pct: 40,
              started_at: started
            })
            yield* campaigns.updateProgress(record.id, { progress_pct: 55.5 })
            yield* campaigns.updateProgress(record.id, {})
            const running = Option.getOrThrow(yield* campaigns.findById(record.id))
            expect(running).toMatchObject({
              status: "running",
              progress_stage: "crawling",
              progress_pct: 55.5,
              error_message: null,
              completed_at: null
            })
            expect(running.started_at?.toISOString()).toBe(started.toISOString())
            yield* campaigns.updateProgress(record.id, { status: "failed", error_message: "boom", started_at: null })
            const failed = Option.getOrThrow(yield* campaigns.findById(record.id))
            expect([failed.status, failed.error_message, failed.started_at, failed.progress_stage]).toEqual([
              "failed",
              "boom",
              null,
              "crawling"
            ])
          }))

        it.effect("delete removes the campaign and its leads", () =>
          Effect.gen(function*() {
            const campaigns = yield* CampaignStore
            const leads = yield* LeadStore
            const user = yield* newUser()
            const record = yield* newCampaign(user.id, { status: "completed" })
            const kept = yield* newCampaign(user.id)
            const [leadId] = yield* insertLeads(record.id, [leadInput({ name: "Gone", email: uniqueEmail("gone") })])
            yield* insertLeads(kept.id, [leadInput({ name: "Stays" })])
            yield* campaigns.delete(record.id, user.id)
            expect(yield* campaigns.findById(record.id)).toEqual(Option.none())
            expect(yield* leads.findForUser(leadId!, user.id)).toEqual(Option.none())
            expect((yield* leads.countsForUser(user.id)).total_leads).toBe(1)
            const again = yield* Effect.flip(campaigns.delete(record.id, user.id))
            expect(again._tag).toBe("NotFound")
          }))

        it.effect("delete refuses a queued or running campaign with CampaignRunning and keeps it", () =>
          Effect.gen(function*() {
            const campaigns = yield* CampaignStore
            const user = yield* newUser()
            for (const status of ["queued", "running"] as const) {
              const record = yield* newCampaign(user.id, { status })
              yield* insertLeads(record.id, [leadInput({ name: "Busy" })])
              const error = yield* Effect.flip(campaigns.delete(record.id, user.id))
              expect(error._tag).toBe("CampaignRunning")
              expect(Option.isSome(yield* campaigns.findById(record.id))).toBe(true)
            }
            expect((yield* Effect.flatMap(LeadStore, (leads) => leads.countsForUser(user.id))).total_leads).toBe(2)
          }))

        it.effect("recomputeTotals counts leads and emails without opted-out leads", () =>
          Effect.gen(function*() {
            const campaigns = yield* CampaignStore
            const user = yield* newUser()
            const record = yield* newCampaign(user.id)
            const ids = yield* insertLeads(record.id, [
              leadInput({ name: "A", email: uniqueEmail("a") }),
              leadInput({ name: "B", email: uniqueEmail("b") }),
              leadInput({ name: "C" })
            ])
            yield* Effect.flatMap(LeadStore, (leads) => leads.setOptedOut(ids[0]!))
            yield* campaigns.recomputeTotals(record.id)
            const found = Option.getOrThrow(yield* campaigns.findById(record.id))
            expect([found.total_leads, found.total_emails]).toEqual([2, 1])
          }))

        it.effect("addTotals adds to total_leads and total_emails", () =>
          Effect.gen(function*() {
            const campaigns = yield* CampaignStore
            const user = yield* newUser()
            const record = yield* newCampaign(user.id, { total_leads: 3, total_emails: 1 })
            yield* campaigns.addTotals(record.id, 4, 2)
            yield* campaigns.addTotals(record.id, 1, 0)
            const found = Option.getOrThrow(yield* campaigns.findById(record.id))
            expect([found.total_leads, found.total_emails]).toEqual([8, 3])
          }))

        it.effect("addCreditsUsed adds to credits_used", () =>
          Effect.gen(function*() {
            const campaigns = yield* CampaignStore
            const user = yield* newUser()
            const record = yield* newCampaign(user.id, { credits_used: 2 })
            yield* campaigns.addCreditsUsed(record.id, 5)
            yield* campaigns.addCreditsUsed(record.id, 3)
            expect(Option.getOrThrow(yield* campaigns.findById(record.id)).credits_used).toBe(10)
          }))
      })

      describe("CreditStore", () => {
        it.effect("balance gives credits and plan; NotFound for an unknown user", () =>
          Effect.gen(function*() {
            const credits = yield* CreditStore
            const user = yield* newUser(42)
            expect({ ...(yield* credits.balance(user.id)) }).toEqual({
              credits_remaining: 42,
              credits_monthly: 42,
              plan: "starter"
            })
            const error = yield* Effect.flip(credits.balance(UserId.make(randomUUID())))
            expect(error._tag).toBe("NotFound")
          }))

        it.effect("debitIfSufficient takes the amount and records it with the balance after", () =>
          Effect.gen(function*() {
            const credits = yield* CreditStore
            const user = yield* newUser(10)
            const campaign = yield* newCampaign(user.id)
            const transaction = yield* credits.debitIfSufficient(user.id, 4, "campaign_run", campaign.id)
            expect(transaction).toMatchObject({
              amount: -4,
              reason: "campaign_run",
              balance_after: 6,
              campaign_id: campaign.id
            })
            expect((yield* credits.balance(user.id)).credits_remaining).toBe(6)
            const history = yield* credits.history(user.id, 1, 10)
            expect(history.transactions[0]?.id).toBe(transaction.id)
          }))

        it.effect("debitIfSufficient fails with InsufficientCredits and changes nothing", () =>
          Effect.gen(function*() {
            const credits = yield* CreditStore
            const user = yield* newUser(3)
            const error = yield* Effect.flip(credits.debitIfSufficient(user.id, 4, "campaign_run", null))
            expect(error).toMatchObject({ _tag: "InsufficientCredits", credits_remaining: 3 })
            expect((yield* credits.balance(user.id)).credits_remaining).toBe(3)
            expect((yield* credits.history(user.id, 1, 10)).total).toBe(1)
          }))

        it.effect("100 concurrent debitIfSufficient(1) against 50 credits: exactly 50 succeed, ledger consistent", () =>
          Effect.gen(function*() {
            const credits = yield* CreditStore
            const user = yield* newUser(50)
            const results = yield* Effect.all(
              Array.from({ length: 100 }, () => Effect.either(credits.debitIfSufficient(user.id, 1, "campaign_run", null))),
              { concurrency: "unbounded" }
            )
            expect(results.filter(Either.isRight)).toHaveLength(50)
            expect(results.filter(Either.isLeft).map((result) => result.left._tag)).toEqual(
              Array(50).fill("InsufficientCredits")
            )
            expect((yield* credits.balance(user.id)).credits_remaining).toBe(0)
            const history = yield* credits.history(user.id, 1, 200)
            expect(history.total).toBe(51)
            const oldestFirst = [...history.transactions].reverse()
            expect(oldestFirst[0]).toMatchObject({ reason: "signup", amount: 50, balance_after: 50 })
            expect(oldestFirst.map((transaction) => transaction.balance_after)).toEqual(
              Array.from({ length: 51 }, (_, i) => 50 - i)
            )
            for (let i = 1; i < oldestFirst.length; i++) {
              expect(oldestFirst[i]!.created_at.getTime()).toBeGreaterThanOrEqual(oldestFirst[i - 1]!.created_at.getTime())
            }
          }))

        it.effect("debitUpTo takes min(amount, balance) and gives None at zero", () =>
          Effect.gen(function*() {
            const credits = yield* CreditStore
            const user = yield* newUser(5)
            const first = yield* credits.debitUpTo(user.id, 3, "campaign_run", null)
            expect(Option.map(first, (transaction) => [transaction.amount, transaction.balance_after])).toEqual(
              Option.some([-3, 2])
            )
            const second = yield* credits.debitUpTo(user.id, 10, "campaign_run", null)
            expect(Option.map(second, (transaction) => [transaction.amount, transaction.balance_after])).toEqual(
              Option.some([-2, 0])
            )
            expect(yield* credits.debitUpTo(user.id, 1, "campaign_run", null)).toEqual(Option.none())
            expect((yield* credits.history(user.id, 1, 10)).total).toBe(3)
          }))

        it.effect("concurrent debitUpTo calls never take more than the balance", () =>
          Effect.gen(function*() {
            const credits = yield* CreditStore
            const user = yield* newUser(50)
            const results = yield* Effect.all(
              Array.from({ length: 20 }, () => credits.debitUpTo(user.id, 7, "campaign_run", null)),
              { concurrency: "unbounded" }
            )
            const taken = results.flatMap((result) => Option.toArray(result)).map((transaction) => -transaction.amount)
            expect(taken.reduce((sum, amount) => sum + amount, 0)).toBe(50)
            expect([...taken].sort((a, b) => a - b)).toEqual([1, 7, 7, 7, 7, 7, 7, 7])
            expect((yield* credits.balance(user.id)).credits_remaining).toBe(0)
          }))

        it.effect("credit adds and records the grant", () =>
          Effect.gen(function*() {
            const credits = yield* CreditStore
            const user = yield* newUser(5)
            const transaction = yield* credits.credit(user.id, 20, "purchase", null)
            expect(transaction).toMatchObject({ amount: 20, reason: "purchase", balance_after: 25, campaign_id: null })
            expect((yield* credits.balance(user.id)).credits_remaining).toBe(25)
          }))

        it.effect("history pages newest first with the total", () =>
          Effect.gen(function*() {
            const credits = yield* CreditStore
            const user = yield* newUser(10)
            yield* credits.debitIfSufficient(user.id, 1, "campaign_run", null)
            yield* credits.credit(user.id, 5, "grant", null)
            yield* credits.debitIfSufficient(user.id, 2, "campaign_run", null)
            const first = yield* credits.history(user.id, 1, 2)
            const second = yield* credits.history(user.id, 2, 2)
            expect([first.total, second.total]).toEqual([4, 4])
            expect([...first.transactions, ...second.transactions].map((transaction) => transaction.balance_after)).toEqual(
              [12, 14, 9, 10]
            )
          }))
      })

      describe("SuppressionStore", () => {
        it.effect("add is idempotent and filterSuppressed returns the suppressed subset, in any number", () =>
          Effect.gen(function*() {
            const suppressions = yield* SuppressionStore
            const blocked = uniqueEmail("blocked")
            yield* suppressions.add(blocked)
            yield* suppressions.add(blocked)
            const others = Array.from({ length: 2500 }, (_, i) => `free-${i}-${randomUUID().slice(0, 8)}@example.com`)
            const found = yield* suppressions.filterSuppressed([...others, blocked, blocked])
            expect([...found]).toEqual([blocked])
            expect((yield* suppressions.filterSuppressed([])).size).toBe(0)
          }))
      })

      describe("Transactor", () => {
        it.effect("withTransaction commits what succeeds", () =>
          Effect.gen(function*() {
            const transactor = yield* Transactor
            const user = yield* transactor.withTransaction(newUser())
            expect(Option.isSome(yield* Effect.flatMap(UserStore, (users) => users.findById(user.id)))).toBe(true)
          }))

        it.effect("a failure inside withTransaction leaves nothing behind", () =>
          Effect.gen(function*() {
            const transactor = yield* Transactor
            const email = uniqueEmail("rollback")
            let campaignId: CampaignId | undefined
            const ghost = leadInput({ name: "Ghost" })
            const outcome = yield* Effect.exit(transactor.withTransaction(Effect.gen(function*() {
              const user = yield* newUser(10, email)
              const campaign = yield* newCampaign(user.id)
              campaignId = campaign.id
              yield* insertLeads(campaign.id, [ghost])
              yield* Effect.flatMap(CreditStore, (credits) => credits.debitIfSufficient(user.id, 5, "campaign_run", null))
              return yield* Effect.fail("abort" as const)
            })))
            expect(Exit.isFailure(outcome)).toBe(true)
            expect(yield* Effect.flatMap(UserStore, (users) => users.findByEmail(email))).toEqual(Option.none())
            expect(yield* Effect.flatMap(CampaignStore, (campaigns) => campaigns.findById(campaignId!))).toEqual(
              Option.none()
            )
            const leftover = yield* Effect.flatMap(LeadStore, (leads) => leads.findByKeys(campaignId!, [dedupeKey(ghost)]))
            expect(leftover.size).toBe(0)
          }))

        it.effect("a nested withTransaction that fails rolls back only its own part", () =>
          Effect.gen(function*() {
            const transactor = yield* Transactor
            const outerEmail = uniqueEmail("outer")
            const innerEmail = uniqueEmail("inner")
            yield* transactor.withTransaction(Effect.gen(function*() {
              yield* newUser(10, outerEmail)
              const inner = yield* Effect.either(transactor.withTransaction(
                Effect.zipRight(newUser(10, innerEmail), Effect.fail("inner" as const))
              ))
              expect(Either.isLeft(inner)).toBe(true)
            }))
            const users = yield* UserStore
            expect(Option.isSome(yield* users.findByEmail(outerEmail))).toBe(true)
            expect(yield* users.findByEmail(innerEmail)).toEqual(Option.none())
          }))

        it.effect("ping reaches the database", () => Effect.flatMap(Transactor, (transactor) => transactor.ping))
      })

      describe("LeadStore", () => {
        it.effect("insertMany inserts new keys once, skips keys that exist, and returns the new ids by key", () =>
          Effect.gen(function*() {
            const leads = yield* LeadStore
            const user = yield* newUser()
            const campaign = yield* newCampaign(user.id)
            const ann = leadInput({ name: "Ann", email: uniqueEmail("ann") })
            const bob = leadInput({ name: "Bob", fund: "Acme" })
            const first = yield* leads.insertMany(campaign.id, [
              { key: dedupeKey(ann), lead: ann },
              { key: dedupeKey(bob), lead: bob },
              { key: dedupeKey(bob), lead: bob }
            ])
            expect([...first.keys()].sort()).toEqual([dedupeKey(ann), dedupeKey(bob)].sort())
            const cat = leadInput({ name: "Cat" })
            const second = yield* leads.insertMany(campaign.id, [
              { key: dedupeKey(ann), lead: ann },
              { key: dedupeKey(cat), lead: cat }
            ])
            expect([...second.keys()]).toEqual([dedupeKey(cat)])
            expect((yield* leads.query(campaign.id, {}, page())).total).toBe(3)
            expect((yield* leads.insertMany(campaign.id, [])).size).toBe(0)
            // The same key in another campaign is another lead.
            const elsewhere = yield* newCampaign(user.id)
            expect((yield* leads.insertMany(elsewhere.id, [{ key: dedupeKey(ann), lead: ann }])).size).toBe(1)
          }))

        it.effect("insertMany takes batches beyond the databases' bind parameter limits", () =>
          Effect.gen(function*() {
            const leads = yield* LeadStore
            const user = yield* newUser()
            const campaign = yield* newCampaign(user.id)
            const inputs = Array.from({ length: 3500 }, (_, i) =>
              leadInput({ name: `Bulk ${i}`, email: `bulk-${i}@bulk.vc`, fund: "Bulk", score: i % 100 }))
            const ids = yield* leads.insertMany(campaign.id, inputs.map((lead) => ({ key: dedupeKey(lead), lead })))
            expect(ids.size).toBe(3500)
            expect(new Set(ids.values()).size).toBe(3500)
            expect((yield* leads.query(campaign.id, {}, page({ per_page: 1 }))).total).toBe(3500)
          }))

        it.effect("findByKeys returns the campaign's existing leads among the keys", () =>
          Effect.gen(function*() {
            const leads = yield* LeadStore
            const user = yield* newUser()
            const campaign = yield* newCampaign(user.id)
            const other = yield* newCampaign(user.id)
            const ann = leadInput({ name: "Ann", email: uniqueEmail("ann"), scraped_at: new Date("2025-01-05T06:07:08.009Z") })
            const bob = leadInput({ name: "Bob" })
            const [annId] = yield* insertLeads(campaign.id, [ann])
            yield* insertLeads(other.id, [bob])
            const found = yield* leads.findByKeys(campaign.id, [dedupeKey(ann), dedupeKey(bob), "e:nobody@example.com"])
            expect([...found.keys()]).toEqual([dedupeKey(ann)])
            expect(found.get(dedupeKey(ann))?.id).toBe(annId)
            expect(found.get(dedupeKey(ann))?.scraped_at?.toISOString()).toBe("2025-01-05T06:07:08.009Z")
            expect((yield* leads.findByKeys(campaign.id, [])).size).toBe(0)
          }))

        it.effect("updateMany overwrites every field of the lead", () =>
          Effect.gen(function*() {
            const leads = yield* LeadStore
            const user = yield* newUser()
            const campaign = yield* newCampaign(user.id)
            const email = uniqueEmail("upd")
            const [id] = yield* insertLeads(campaign.id, [leadInput({ name: "Old", email, fund: "Old Fund", score: 10 })])
            const updated = leadInput({
              name: "New",
              email,
              email_status: "verified",
              email_source: "dns_harvest",
              email_verified: true,
              linkedin: "https://linkedin.com/in/new",
              phone: "+1 555",
              fund: null,
              role: "Partner",
              website: "https://new.vc",
              sectors: "AI",
              check_size: "$1M",
              stage: "Seed",
              hq: "Berlin",
              score: 88.5,
              source: "https://new.vc/team",
              scraped_at: new Date("2025-06-01T00:00:00.000Z")
            })
            yield* leads.updateMany([{ id: id!, lead: updated }])
            yield* leads.updateMany([])
            const found = Option.getOrThrow(yield* leads.findForUser(id!, user.id))
            const { id: _id, campaign_id, opted_out, last_verified, last_crawled_at, ...fields } = found
            expect(fields).toEqual({ ...updated })
            expect([campaign_id, opted_out, last_verified]).toEqual([campaign.id, false, null])
            expect(last_crawled_at?.toISOString()).toBe("2025-06-01T00:00:00.000Z")
          }))

        it.effect("insertMany and updateMany keep every value as given: quotes, backslashes, \"NULL\", empty, unicode", () =>
          Effect.gen(function*() {
            const leads = yield* LeadStore
            const user = yield* newUser()
            const campaign = yield* newCampaign(user.id)
            const inputs = Array.from({ length: 60 }, (_, i) => awkwardLead(i))
            const ids = yield* leads.insertMany(campaign.id, inputs.map((lead, i) => ({ key: `k${i}`, lead })))
            const stored = (i: number) =>
              Effect.map(leads.findForUser(ids.get(`k${i}`)!, user.id), (found) => {
                const { id: _id, campaign_id: _campaign, opted_out: _opted, last_verified: _verified, last_crawled_at: _crawled, ...fields } =
                  Option.getOrThrow(found)
                return fields
              })
            for (let i = 0; i < inputs.length; i++) expect(yield* stored(i)).toEqual({ ...inputs[i]! })
            // Each lead takes the values of the one after it, so every awkward value lands on a stored one.
            const replacements = inputs.map((_, i) => awkwardLead(i + 1))
            yield* leads.updateMany(inputs.map((_, i) => ({ id: ids.get(`k${i}`)!, lead: replacements[i]! })))
            for (let i = 0; i < inputs.length; i++) expect(yield* stored(i)).toEqual({ ...replacements[i]! })
          }))

        it.effect("query applies every filter of LeadFilter, case-insensitively, without opted-out leads", () =>
          Effect.gen(function*() {
            const leads = yield* LeadStore
            const campaign = yield* filterCampaign
            const names = (filter: LeadFilter) =>
              Effect.map(leads.query(campaign.id, filter, page()), (result) => {
                expect(result.total).toBe(result.leads.length)
                return namesOf(result.leads)
              })
            expect(yield* names({})).toEqual(["Alice", "Carol", "Dave", "Erin", "bob", "frank"])
            expect(yield* names({ tier: ["HOT"] })).toEqual(["Alice", "frank"])
            expect(yield* names({ tier: ["WARM", "COOL"] })).toEqual(["Carol", "Dave", "bob"])
            expect(yield* names({ min_score: 61 })).toEqual(["Alice", "Carol", "bob", "frank"])
            expect(yield* names({ has_email: true })).toEqual(["Alice", "Carol", "Dave", "Erin", "frank"])
            expect(yield* names({ has_email: false })).toEqual(["bob"])
            expect(yield* names({ email_verified: true })).toEqual(["Alice", "Erin", "frank"])
            expect(yield* names({ email_verified: false })).toEqual(["Carol", "Dave", "bob"])
            expect(yield* names({ email_status: "verified" })).toEqual(["Alice", "frank"])
            expect(yield* names({ fund: "ACME" })).toEqual(["Alice", "bob"])
            expect(yield* names({ sector: "FINTECH" })).toEqual(["Alice", "Carol"])
            expect(yield* names({ stage: "seed" })).toEqual(["Alice", "Erin", "frank"])
            expect(yield* names({ check_size: "$5m" })).toEqual(["Alice", "bob"])
            expect(yield* names({ hq: "new york" })).toEqual(["bob"])
            expect(yield* names({ search: "partner" })).toEqual(["Alice", "Erin", "frank"])
            expect(yield* names({ search: "ACME.VC" })).toEqual(["Alice"])
            expect(yield* names({ search: "carol" })).toEqual(["Carol"])
            expect(yield* names({ tier: ["HOT", "WARM"], has_email: true, sector: "fintech" })).toEqual(["Alice", "Carol"])
            expect(yield* names({ fund: "nothing like it" })).toEqual([])
          }))

        it.effect("query matches % and _ in a search term literally", () =>
          Effect.gen(function*() {
            const leads = yield* LeadStore
            const campaign = yield* filterCampaign
            const names = (filter: LeadFilter) =>
              Effect.map(leads.query(campaign.id, filter, page()), (result) => namesOf(result.leads))
            expect(yield* names({ fund: "%" })).toEqual(["Erin"])
            expect(yield* names({ fund: "_" })).toEqual(["frank"])
            expect(yield* names({ search: "dave_x" })).toEqual(["Dave"])
            expect(yield* names({ search: "e_x" })).toEqual(["Dave"])
            expect(yield* names({ search: "100%" })).toEqual(["Erin"])
            expect(yield* names({ search: "\\" })).toEqual([])
          }))

        it.effect("query sorts by each column in both directions, missing values last, ties by id", () =>
          Effect.gen(function*() {
            const leads = yield* LeadStore
            const campaign = yield* filterCampaign
            const all = (yield* leads.query(campaign.id, {}, page())).leads
            for (const [sortBy, dir] of allSorts) {
              const sorted = yield* leads.query(campaign.id, {}, page({ sort_by: sortBy, sort_dir: dir }))
              expect(sorted.leads.map((lead) => lead.id), `${sortBy} ${dir}`).toEqual(expectedOrder(all, sortBy, dir))
            }
          }))

        it.effect("keyset paging walks every lead exactly once in order, for each sort", () =>
          Effect.gen(function*() {
            const leads = yield* LeadStore
            const user = yield* newUser()
            const campaign = yield* newCampaign(user.id)
            yield* insertLeads(campaign.id, pagingFixture())
            const all = (yield* leads.query(campaign.id, {}, page())).leads
            expect(all).toHaveLength(53)
            for (const [sortBy, dir] of allSorts) {
              const expected = expectedOrder(all, sortBy, dir)
              const walked: Array<LeadId> = []
              let cursor: string | undefined = undefined
              let pages = 0
              do {
                const result: { leads: ReadonlyArray<Lead>; total: number; next_cursor: string | null } = yield* leads
                  .query(campaign.id, {}, page({ sort_by: sortBy, sort_dir: dir, per_page: 7, cursor }))
                expect(result.total).toBe(53)
                walked.push(...result.leads.map((lead) => lead.id))
                cursor = result.next_cursor ?? undefined
                pages += 1
              } while (cursor !== undefined && pages < 20)
              expect(pages, `${sortBy} ${dir}`).toBe(8)
              expect(walked, `${sortBy} ${dir}`).toEqual(expected)
            }
          }))

        it.effect("the total of a filter on tier, score and email: on a cursor's page, past the last page, with no match", () =>
          Effect.gen(function*() {
            const leads = yield* LeadStore
            const user = yield* newUser()
            const campaign = yield* newCampaign(user.id)
            const inputs = pagingFixture()
            yield* insertLeads(campaign.id, inputs)
            const filters: ReadonlyArray<LeadFilter> = [
              {}, { min_score: 40 }, { min_score: 40.5 }, { tier: ["HOT", "COLD"] }, { min_score: 95 }, { has_email: false }
            ]
            for (const filter of filters) {
              const matching = inputs.filter((lead) =>
                (filter.min_score === undefined || lead.score >= filter.min_score) &&
                (filter.tier === undefined || filter.tier.includes(lead.tier)) &&
                (filter.has_email === undefined || (lead.email !== null) === filter.has_email)
              ).length
              for (const [sortBy, dir] of allSorts) {
                const request = { sort_by: sortBy, sort_dir: dir, per_page: 4 }
                const first = yield* leads.query(campaign.id, filter, page(request))
                const next = yield* leads.query(campaign.id, filter, page({ ...request, cursor: first.next_cursor ?? undefined }))
                const pastTheLast = yield* leads.query(campaign.id, filter, page({ ...request, page: 40 }))
                expect([first.total, next.total, pastTheLast.total, pastTheLast.leads.length], `${JSON.stringify(filter)} ${sortBy} ${dir}`)
                  .toEqual([matching, matching, matching, 0])
                expect(first.leads).toHaveLength(Math.min(4, matching))
              }
            }
          }))

        it.effect("keyset paging applies the filter, and OFFSET paging gives the same pages", () =>
          Effect.gen(function*() {
            const leads = yield* LeadStore
            const user = yield* newUser()
            const campaign = yield* newCampaign(user.id)
            yield* insertLeads(campaign.id, pagingFixture())
            const filter: LeadFilter = { min_score: 30, fund: "a" }
            const matching = (yield* leads.query(campaign.id, filter, page({ sort_by: "fund", sort_dir: "desc" })))
            const byOffset: Array<LeadId> = []
            const byCursor: Array<LeadId> = []
            let cursor: string | undefined = undefined
            for (let number = 1; number <= Math.ceil(matching.total / 5); number++) {
              const offsetPage = yield* leads.query(campaign.id, filter, page({ sort_by: "fund", sort_dir: "desc", per_page: 5, page: number }))
              byOffset.push(...offsetPage.leads.map((lead) => lead.id))
              // next_cursor is set whenever a further page exists, with OFFSET paging too.
              expect(offsetPage.next_cursor === null).toBe(number === Math.ceil(matching.total / 5))
              const cursorPage: { leads: ReadonlyArray<Lead>; next_cursor: string | null } = yield* leads.query(
                campaign.id,
                filter,
                // With a cursor, `page` is ignored.
                page({ sort_by: "fund", sort_dir: "desc", per_page: 5, page: cursor === undefined ? 1 : 99, cursor })
              )
              byCursor.push(...cursorPage.leads.map((lead) => lead.id))
              cursor = cursorPage.next_cursor ?? undefined
            }
            expect(matching.total).toBeGreaterThan(10)
            expect(byOffset).toEqual(matching.leads.map((lead) => lead.id))
            expect(byCursor).toEqual(byOffset)
            expect(cursor).toBeUndefined()
          }))

        it.effect("query rejects a cursor that does not decode with InvalidInput on the field cursor", () =>
          Effect.gen(function*() {
            const leads = yield* LeadStore
            const user = yield* newUser()
            const campaign = yield* newCampaign(user.id)
            yield* insertLeads(campaign.id, pagingFixture().slice(0, 5))
            const first = yield* leads.query(campaign.id, {}, page({ per_page: 2 }))
            const valid = first.next_cursor!
            const tampered = Buffer.from(
              Buffer.from(valid, "base64url").toString("utf8").replace(/"id":"[^"]+"/, "\"id\":\"x' OR 1=1 --\""),
              "utf8"
            ).toString("base64url")
            const invalidCursors = [
              "not a cursor!",
              "AAAA",
              Buffer.from("{\"value\":1}").toString("base64url"),
              tampered,
              Buffer.from(JSON.stringify({ sort_by: "score", sort_dir: "desc", value: "high", id: randomUUID() }))
                .toString("base64url")
            ]
            for (const cursor of invalidCursors) {
              const error = yield* Effect.flip(leads.query(campaign.id, {}, page({ per_page: 2, cursor })))
              expect(error._tag).toBe("InvalidInput")
              expect(error.errors.map((issue) => issue.field)).toEqual(["cursor"])
            }
            // A cursor of one sort order is not valid for another.
            const otherSort = yield* Effect.flip(leads.query(campaign.id, {}, page({ per_page: 2, sort_by: "name", cursor: valid })))
            expect(otherSort.errors.map((issue) => issue.field)).toEqual(["cursor"])
          }))

        it.effect("stream yields every matching lead by score desc then id, across chunks", () =>
          Effect.gen(function*() {
            const leads = yield* LeadStore
            const user = yield* newUser()
            const campaign = yield* newCampaign(user.id)
            const ids = yield* insertLeads(
              campaign.id,
              Array.from({ length: 2300 }, (_, i) => leadInput({ name: `Row ${i}`, email: `row-${i}@stream.vc`, score: i % 50 }))
            )
            yield* leads.setOptedOut(ids[0]!)
            const streamed = Chunk.toReadonlyArray(yield* Stream.runCollect(leads.stream(campaign.id, {})))
            expect(streamed).toHaveLength(2299)
            expect(new Set(streamed.map((lead) => lead.id)).size).toBe(2299)
            expect(streamed.map((lead) => lead.id)).toEqual(expectedOrder(streamed, "score", "desc"))
            const filtered = Chunk.toReadonlyArray(yield* Stream.runCollect(leads.stream(campaign.id, { min_score: 45 })))
            expect(filtered).toHaveLength(230)
            expect(filtered.every((lead) => lead.score >= 45)).toBe(true)
          }))

        it.effect("stats counts, rates and the 10 top funds without opted-out leads", () =>
          Effect.gen(function*() {
            const leads = yield* LeadStore
            const user = yield* newUser()
            const campaign = yield* newCampaign(user.id)
            const funds = ["Fund A", "Fund A", "Fund A", "Fund B", "Fund B", ..."CDEFGHIJKL".split("").map((c) => `Fund ${c}`)]
            const inputs = [
              ...funds.map((fund, i) =>
                leadInput({
                  name: `Lead ${i}`,
                  fund,
                  email: i % 3 === 0 ? null : `lead-${i}@stats.vc`,
                  email_verified: i % 5 === 1,
                  score: [95, 85, 70, 61, 45, 40, 10][i % 7]!
                })),
              leadInput({ name: "No fund", score: 20 }),
              leadInput({ name: "Opted out", fund: "Fund A", email: "out@stats.vc", score: 99 })
            ]
            const ids = yield* insertLeads(campaign.id, inputs)
            yield* leads.setOptedOut(ids[ids.length - 1]!)
            const stats = yield* leads.stats(campaign.id)
            const visible = inputs.slice(0, -1)
            const withEmail = visible.filter((lead) => lead.email !== null).length
            const average = visible.reduce((sum, lead) => sum + lead.score, 0) / visible.length
            expect({ ...stats, top_funds: stats.top_funds.map((fund) => [fund.fund, fund.count]) }).toEqual({
              total_leads: 16,
              with_email: withEmail,
              email_rate: Math.round((withEmail / 16) * 1000) / 10,
              verified_emails: visible.filter((lead) => lead.email !== null && lead.email_verified).length,
              hot_leads: visible.filter((lead) => lead.tier === "HOT").length,
              warm_leads: visible.filter((lead) => lead.tier === "WARM").length,
              cool_leads: visible.filter((lead) => lead.tier === "COOL").length,
              cold_leads: visible.filter((lead) => lead.tier === "COLD").length,
              avg_score: Math.round(average * 10) / 10,
              top_funds: [["Fund A", 3], ["Fund B", 2], ...["C", "D", "E", "F", "G", "H", "I", "J"].map((c) => [`Fund ${c}`, 1])]
            })
            const empty = yield* newCampaign(user.id)
            expect({ ...(yield* leads.stats(empty.id)) }).toEqual({
              total_leads: 0,
              with_email: 0,
              email_rate: 0,
              verified_emails: 0,
              hot_leads: 0,
              warm_leads: 0,
              cool_leads: 0,
              cold_leads: 0,
              avg_score: 0,
              top_funds: []
            })
          }))

        it.effect("freshness counts crawl ages from scraped_at; stale means not crawled in 30 days", () =>
          Effect.gen(function*() {
            const leads = yield* LeadStore
            const user = yield* newUser()
            const campaign = yield* newCampaign(user.id)
            const ids = yield* insertLeads(campaign.id, [
              leadInput({ name: "Today", scraped_at: daysBefore(0.5) }),
              leadInput({ name: "Last week", scraped_at: daysBefore(6) }),
              leadInput({ name: "Ten days", scraped_at: daysBefore(10) }),
              leadInput({ name: "Old", scraped_at: daysBefore(40) }),
              leadInput({ name: "Never", scraped_at: null }),
              leadInput({ name: "Out", scraped_at: daysBefore(1) })
            ])
            yield* leads.setOptedOut(ids[5]!)
            expect({ ...(yield* leads.freshness(campaign.id, NOW)) }).toEqual({
              total_leads: 5,
              verified_last_7d: 0,
              verified_last_14d: 0,
              never_verified: 5,
              crawled_last_7d: 2,
              stale_leads: 2,
              freshness_pct: 60
            })
          }))

        it.effect("setOptedOut hides the lead from listings and counts", () =>
          Effect.gen(function*() {
            const leads = yield* LeadStore
            const user = yield* newUser()
            const campaign = yield* newCampaign(user.id)
            const [hidden] = yield* insertLeads(campaign.id, [
              leadInput({ name: "Hidden", score: 90 }),
              leadInput({ name: "Shown", score: 90 })
            ])
            yield* leads.setOptedOut(hidden!)
            expect((yield* leads.query(campaign.id, {}, page())).leads.map((lead) => lead.name)).toEqual(["Shown"])
            expect((yield* leads.countsForUser(user.id)).hot_leads).toBe(1)
            expect(Option.map(yield* leads.findForUser(hidden!, user.id), (lead) => lead.opted_out)).toEqual(
              Option.some(true)
            )
          }))

        it.effect("optOutByEmail marks the address in every campaign, whatever its case, and names them", () =>
          Effect.gen(function*() {
            const leads = yield* LeadStore
            const owner = yield* newUser()
            const other = yield* newUser()
            const first = yield* newCampaign(owner.id)
            const second = yield* newCampaign(other.id)
            const untouched = yield* newCampaign(owner.id)
            const email = uniqueEmail("Optout")
            yield* insertLeads(first.id, [leadInput({ name: "One", email })])
            yield* insertLeads(second.id, [leadInput({ name: "Two", email: email.toUpperCase() })])
            yield* insertLeads(untouched.id, [leadInput({ name: "Three", email: uniqueEmail("keep") })])
            const campaigns = yield* leads.optOutByEmail(email.toLowerCase())
            expect([...campaigns].sort()).toEqual([first.id, second.id].sort())
            expect((yield* leads.query(first.id, {}, page())).total).toBe(0)
            expect((yield* leads.query(second.id, {}, page())).total).toBe(0)
            expect((yield* leads.query(untouched.id, {}, page())).total).toBe(1)
            expect(yield* leads.optOutByEmail(uniqueEmail("unknown"))).toEqual([])
          }))

        it.effect("countsForUser sums over all the user's campaigns without opted-out leads", () =>
          Effect.gen(function*() {
            const leads = yield* LeadStore
            const user = yield* newUser()
            const first = yield* newCampaign(user.id)
            const second = yield* newCampaign(user.id)
            const ids = yield* insertLeads(first.id, [
              leadInput({ name: "Hot", email: uniqueEmail("hot"), score: 90 }),
              leadInput({ name: "Warm", score: 65 }),
              leadInput({ name: "Out", email: uniqueEmail("out"), score: 95 })
            ])
            yield* insertLeads(second.id, [
              leadInput({ name: "Hot too", email: uniqueEmail("hot2"), score: 80 }),
              leadInput({ name: "Cold", email: uniqueEmail("cold"), score: 10 })
            ])
            yield* leads.setOptedOut(ids[2]!)
            expect(yield* leads.countsForUser(user.id)).toEqual({
              total_leads: 4,
              total_emails: 3,
              hot_leads: 2,
              warm_leads: 1
            })
          }))
      })
    })

    it.scopedLive("migrations applied twice are a no-op: a second build keeps the data and the constraints", () =>
      Effect.gen(function*() {
        // One memo map for both builds, so that a layer that shares one connection (an in-memory
        // SQLite) shares it here too; each build is a layer of its own and migrates again.
        const memoMap = yield* Layer.makeMemoMap
        const scope = yield* Scope.Scope
        const first = yield* Layer.buildWithMemoMap(makeLayer(), memoMap, scope)
        const user = yield* Effect.provide(newUser(7), first)
        const second = yield* Layer.buildWithMemoMap(makeLayer(), memoMap, scope)
        const found = yield* Effect.provide(Effect.flatMap(UserStore, (users) => users.findById(user.id)), second)
        expect(Option.map(found, (record) => record.credits_remaining)).toEqual(Option.some(7))
        const again = yield* Effect.provide(Effect.flip(newUser(7, user.email)), second)
        expect(again._tag).toBe("EmailTaken")
        const history = yield* Effect.provide(
          Effect.flatMap(CreditStore, (credits) => credits.history(user.id, 1, 10)),
          second
        )
        expect(history.total).toBe(1)
      }), 120_000)
  })
}
