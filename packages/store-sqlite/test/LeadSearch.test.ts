/**
 * Search on SQLite through the trigram index (store-sql internal/sqliteSearchIndex.ts): a listing
 * by `search` answers what reading the campaign answers (the same leads in the same order, the same
 * capped total), for rare and common terms, short ones, LIKE's special characters and mixed case,
 * and the index follows re-imports, opt-outs and deletions.
 */
import { SqlClient } from "@effect/sql/SqlClient"
import {
  CampaignId,
  CampaignStore,
  type LeadFilter,
  type LeadId,
  LeadInput,
  LeadStore,
  tierFromScore,
  UserId,
  UserStore
} from "@leadfactory/core"
import * as StoreSqlite from "@leadfactory/store-sqlite"
import { Effect, Layer, ManagedRuntime, Schema } from "effect"
import fc from "fast-check"
import { randomUUID } from "node:crypto"
import { afterAll, describe, expect, it } from "vitest"
import { leadConditions } from "../../store-sql/src/internal/leadQuery.js"
import { searchCandidates } from "../../store-sql/src/internal/sqliteSearchIndex.js"

const client = StoreSqlite.clientLayer({ filename: ":memory:" })
const runtime = ManagedRuntime.make(StoreSqlite.layerWithClient(client).pipe(Layer.provideMerge(client)))
afterAll(() => runtime.dispose())

interface LeadText {
  readonly name: string
  readonly email: string | null
  readonly fund: string | null
  readonly role: string | null
}

const input = (text: LeadText, score: number) =>
  new LeadInput({
    ...text,
    email_status: text.email === null ? "unknown" : "scraped",
    email_source: null,
    email_verified: false,
    linkedin: null,
    phone: null,
    website: null,
    sectors: null,
    check_size: null,
    stage: null,
    hq: null,
    score,
    tier: tierFromScore(score),
    source: null,
    scraped_at: null
  })

const newCampaign = Effect.gen(function*() {
  const user = yield* (yield* UserStore).insert({
    id: UserId.make(randomUUID()),
    email: `search-${randomUUID().slice(0, 8)}@example.com`,
    password_hash: "$2b$04$hash",
    name: "Search",
    company: null,
    credits: 10,
    created_at: new Date()
  })
  const id = CampaignId.make(randomUUID())
  yield* (yield* CampaignStore).insert({
    id, user_id: user.id, name: "Search", vertical: "vc", status: "pending", config: {}, total_leads: 0,
    total_emails: 0, credits_used: 0, error_message: null, progress_stage: "pending", progress_pct: 0,
    started_at: null, completed_at: null, created_at: new Date()
  })
  return { campaignId: id, userId: user.id }
})

const insertLeads = (campaignId: CampaignId, texts: ReadonlyArray<LeadText>) =>
  Effect.flatMap(LeadStore, (store) =>
    store.insertMany(campaignId, texts.map((text, i) => ({ key: `lead-${i}`, lead: input(text, (i * 37) % 101) }))))

const Ids = Schema.Array(Schema.Struct({ id: Schema.String }))
const Count = Schema.Array(Schema.Struct({ count: Schema.Number }))

/**
 * What a search answered before the index: the ids of the matching leads in score order (up to
 * `limit`) and the total counted up to 1,000, from leadConditions without candidates, which reads
 * the campaign.
 */
const withoutIndex = (campaignId: CampaignId, filter: LeadFilter, limit: number) =>
  Effect.gen(function*() {
    const sql = yield* SqlClient
    const where = sql.and(leadConditions(sql, campaignId, filter))
    const ids = yield* sql`SELECT id FROM leads WHERE ${where} ORDER BY score DESC, id ASC LIMIT ${limit}`.pipe(
      Effect.flatMap(Schema.decodeUnknown(Ids))
    )
    const counted = yield* sql`SELECT COUNT(*) AS count FROM (SELECT 1 FROM leads WHERE ${where} LIMIT 1000) capped`.pipe(
      Effect.flatMap(Schema.decodeUnknown(Count))
    )
    return { ids: ids.map((row) => row.id), total: counted[0]?.count }
  })

/** The store's answer: page 1 of `perPage` leads, and the next page by cursor when there is one. */
const searched = (campaignId: CampaignId, filter: LeadFilter, perPage: number) =>
  Effect.gen(function*() {
    const store = yield* LeadStore
    const first = yield* store.query(campaignId, filter, { sort_by: "score", sort_dir: "desc", page: 1, per_page: perPage })
    const second = first.next_cursor === null
      ? []
      : (yield* store.query(campaignId, filter, {
        sort_by: "score",
        sort_dir: "desc",
        page: 1,
        per_page: perPage,
        cursor: first.next_cursor
      })).leads
    return { ids: [...first.leads, ...second].map((lead) => lead.id as string), total: first.total }
  })

/** Whether the store reads the term's candidates from the index rather than the campaign. */
const usesIndex = (term: string) =>
  Effect.flatMap(SqlClient, (sql) => searchCandidates(sql, term)).pipe(Effect.map((candidates) => candidates !== undefined))

/** FTS5's own check that the index holds exactly the searched text of every lead. */
const checkIndex = Effect.flatMap(SqlClient, (sql) =>
  sql`INSERT INTO leads_search (leads_search, rank) VALUES ('integrity-check', 1)`)

const expectSameAnswer = (campaignId: CampaignId, term: string, perPage = 20) =>
  Effect.gen(function*() {
    const before = yield* withoutIndex(campaignId, { search: term }, perPage * 2)
    const now = yield* searched(campaignId, { search: term }, perPage)
    expect({ term, ...now }).toEqual({ term, ...before })
    return before
  })

const run = <A>(effect: Effect.Effect<A, unknown, LeadStore | CampaignStore | UserStore | SqlClient>) =>
  runtime.runPromise(effect)

describe("search on SQLite with the trigram index", () => {
  it("finds the same leads as reading the campaign, for rare, common and short terms", async () => {
    await run(Effect.gen(function*() {
      const { campaignId } = yield* newCampaign
      // 6,000 partners: 'par', 'art', … are in more leads than the index calls rare.
      const texts = Array.from({ length: 6_000 }, (_, i): LeadText => ({
        name: `Person ${i}`,
        email: i % 7 === 0 ? null : `person-${i}@Fund${i % 40}.vc`,
        fund: i % 5 === 0 ? null : `Fund ${i % 40} Capital`,
        role: i % 3 === 0 ? "General Partner" : "Partner"
      }))
      texts[10] = { name: "Zoë O'Brien", email: "zoe@rare-fund.io", fund: "100% Ventures", role: "Partner" }
      texts[11] = { name: "ÉMILE Durand", email: "e_durand@ab.vc", fund: "C\\D Capital", role: "GP" }
      texts[12] = { name: "Quote \"Q\" Person", email: null, fund: "a_b%c", role: null }
      yield* insertLeads(campaignId, texts)

      expect(yield* usesIndex("zoe@rare-fund.io")).toBe(true)
      expect(yield* usesIndex("partner")).toBe(false)
      expect(yield* usesIndex("pa")).toBe(false)
      expect((yield* expectSameAnswer(campaignId, "zoe@rare-fund.io")).ids).toHaveLength(1)
      expect((yield* expectSameAnswer(campaignId, "ZOE@Rare-Fund")).ids).toHaveLength(1)
      expect((yield* expectSameAnswer(campaignId, "partner")).total).toBe(1_000)
      expect((yield* expectSameAnswer(campaignId, "person-4243@")).ids).toHaveLength(1)
      expect((yield* expectSameAnswer(campaignId, "fund3")).total).toBe(1_000)
      for (const term of ["pa", "z", "é", "%", "_", "\\"]) yield* expectSameAnswer(campaignId, term)
      // LIKE's wildcards and its escape character match themselves.
      expect((yield* expectSameAnswer(campaignId, "100%")).ids).toHaveLength(1)
      expect((yield* expectSameAnswer(campaignId, "0% v")).ids).toHaveLength(1)
      expect((yield* expectSameAnswer(campaignId, "e_d")).ids).toHaveLength(1)
      expect((yield* expectSameAnswer(campaignId, "a_b%")).ids).toHaveLength(1)
      expect((yield* expectSameAnswer(campaignId, "c\\d")).ids).toHaveLength(1)
      expect((yield* expectSameAnswer(campaignId, "\"q\"")).ids).toHaveLength(1)
      // SQLite folds the case of ASCII only: 'émile' is not 'ÉMILE' there, with or without the index.
      expect((yield* expectSameAnswer(campaignId, "Émile")).ids).toHaveLength(1)
      expect((yield* expectSameAnswer(campaignId, "émile")).ids).toHaveLength(0)
      expect((yield* expectSameAnswer(campaignId, "no such lead anywhere")).ids).toHaveLength(0)
      // With other filters beside the search.
      const filter: LeadFilter = { search: "person-42", min_score: 50 }
      expect(yield* searched(campaignId, filter, 20)).toEqual(yield* withoutIndex(campaignId, filter, 40))
      yield* checkIndex
    }))
  }, 120_000)

  it("reads a rare term's candidates by rowid, not the campaign by one of its indexes", async () => {
    await run(Effect.gen(function*() {
      const sql = yield* SqlClient
      const { campaignId } = yield* newCampaign
      yield* insertLeads(campaignId, [{ name: "Ann", email: "ann@rare.vc", fund: "Rare", role: "Partner" }])
      const filter: LeadFilter = { search: "ann@rare" }
      const candidates = yield* searchCandidates(sql, filter.search)
      expect(candidates).toBeDefined()
      const plan = yield* sql`EXPLAIN QUERY PLAN SELECT id FROM leads
        WHERE ${sql.and(leadConditions(sql, campaignId, filter, candidates))} ORDER BY score DESC, id ASC LIMIT 51`
      const steps = plan.map((step) => String(step["detail"]))
      expect(steps).toContain("SEARCH leads USING INTEGER PRIMARY KEY (rowid=?)")
      expect(steps.some((step) => step.startsWith("SCAN leads_search VIRTUAL TABLE"))).toBe(true)
      expect(steps.some((step) => step.includes("leads_campaign"))).toBe(false)
    }))
  })

  it("follows a re-import that changes a lead's email and name, an opt-out and a campaign's deletion", async () => {
    await run(Effect.gen(function*() {
      const store = yield* LeadStore
      const { campaignId, userId } = yield* newCampaign
      const inserted = yield* insertLeads(campaignId, [
        { name: "Old Name", email: "old-address@alpha.vc", fund: "Alpha", role: "Partner" },
        { name: "Opting Out", email: "leaving@beta.vc", fund: "Beta", role: "Principal" },
        { name: "Staying", email: "staying@beta.vc", fund: "Beta", role: "Principal" }
      ])
      const [changed, leaving] = [...inserted.values()] as [LeadId, LeadId, LeadId]
      expect((yield* expectSameAnswer(campaignId, "old-address")).ids).toEqual([changed])

      yield* store.updateMany([{ id: changed, lead: input({ name: "New Name", email: "new-address@gamma.vc", fund: "Gamma", role: "Partner" }, 40) }])
      expect((yield* expectSameAnswer(campaignId, "old-address")).ids).toEqual([])
      expect((yield* expectSameAnswer(campaignId, "old name")).ids).toEqual([])
      expect((yield* expectSameAnswer(campaignId, "new-address@gamma")).ids).toEqual([changed])
      expect((yield* expectSameAnswer(campaignId, "new name")).ids).toEqual([changed])
      // A re-import that leaves the searched text as it was.
      yield* store.updateMany([{ id: changed, lead: input({ name: "New Name", email: "new-address@gamma.vc", fund: "Gamma", role: "Partner" }, 90) }])
      expect((yield* expectSameAnswer(campaignId, "new-address@gamma")).ids).toEqual([changed])

      yield* store.setOptedOut(leaving)
      expect((yield* expectSameAnswer(campaignId, "leaving@beta")).ids).toEqual([])
      expect((yield* expectSameAnswer(campaignId, "@beta.vc")).ids).toHaveLength(1)
      yield* checkIndex

      yield* (yield* CampaignStore).delete(campaignId, userId)
      const sql = yield* SqlClient
      const left = yield* sql`SELECT rowid FROM leads_search WHERE leads_search MATCH '"new" AND "-ad" AND "gam"'`
      expect(left).toEqual([])
      yield* checkIndex
    }))
  })

  it("answers as reading the campaign for any term over any leads", async () => {
    // A small alphabet with LIKE's special characters, quotes and case: the terms' trigrams are rare.
    const text = fc.string({ unit: fc.constantFrom("a", "A", "b", "é", "É", "%", "_", "\\", "\"", " ", "."), maxLength: 8 })
    const leadText = fc.record({
      name: text,
      email: fc.option(text, { nil: null }),
      fund: fc.option(text, { nil: null }),
      role: fc.option(text, { nil: null })
    })
    await fc.assert(
      fc.asyncProperty(fc.array(leadText, { minLength: 1, maxLength: 30 }), fc.array(text, { minLength: 1, maxLength: 5 }), (texts, terms) =>
        run(Effect.gen(function*() {
          const { campaignId } = yield* newCampaign
          yield* insertLeads(campaignId, texts)
          for (const term of terms) yield* expectSameAnswer(campaignId, term, 5)
        }))),
      { numRuns: 60 }
    )
  }, 120_000)
})
