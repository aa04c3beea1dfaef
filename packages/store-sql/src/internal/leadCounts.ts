/**
 * The lead counts kept beside the leads, so that stats, campaign totals and the totals of the
 * common listings are sums over a few hundred rows instead of counts over a million leads.
 *
 * - `lead_counts`: per campaign, the leads that are not opted out, counted per (tier, whole part of
 *   the score, has an email, email_verified), with the sum of their scores.
 * - `lead_fund_counts`: per campaign and fund, the leads that are not opted out.
 *
 * Every write of a lead's counted columns (tier, score, email, email_verified, fund, opted_out)
 * adds its change to a CountsDelta and applies it in the same transaction, after taking the
 * campaign's lock (`lockCampaigns`) before touching any lead: writers of one campaign's counts
 * follow each other, in one order (campaign lock, then leads, then counts), so they cannot
 * deadlock. Deleting a campaign deletes its counts with it (ON DELETE CASCADE).
 */
import type { SqlClient } from "@effect/sql/SqlClient"
import type { SqlError } from "@effect/sql/SqlError"
import type { Fragment } from "@effect/sql/Statement"
import type { CampaignId, KeyedLead, LeadFilter, LeadId, LeadInput, UserId } from "@leadfactory/core"
import { Array as Arr, Effect, Order, type ParseResult, Schema } from "effect"
import type { ReadConnection } from "../ReadConnection.js"
import { DbBoolean, DbNumber, type DbEncoders } from "./dbValues.js"
import { fixedSizeChunks } from "./fixedSizeChunks.js"
import { inTransaction } from "./inTransaction.js"
import { leadConditions } from "./leadQuery.js"

/** The columns of a lead that its counts depend on. */
export interface CountedLead {
  readonly campaign_id: string
  readonly tier: string
  readonly score: number
  readonly email: string | null
  readonly email_verified: boolean
  readonly fund: string | null
}

interface FacetChange {
  readonly campaign_id: string
  readonly tier: string
  readonly score_floor: number
  readonly has_email: boolean
  readonly email_verified: boolean
  leads: number
  score_sum: number
}

interface FundChange {
  readonly campaign_id: string
  readonly fund: string
  leads: number
}

/** The counted columns of a lead being written (not a copy of all its columns: imports write 10,000 at a time). */
const countedLead = (campaignId: string, lead: LeadInput): CountedLead => ({
  campaign_id: campaignId,
  tier: lead.tier,
  score: lead.score,
  email: lead.email,
  email_verified: lead.email_verified,
  fund: lead.fund
})

/** The change that a set of lead writes makes to the counts, gathered before it is applied. */
export class CountsDelta {
  /**
   * By campaign, tier, then `scoreFloor * 4 + hasEmail * 2 + email_verified`: an import adds
   * 10,000 leads a batch, and a key string per lead was a large share of its garbage.
   */
  private readonly facets = new Map<string, Map<string, Map<number, FacetChange>>>()
  private readonly funds = new Map<string, Map<string, FundChange>>()

  /** Counts `lead` in (`sign` 1) or out (-1). */
  add(lead: CountedLead, sign: 1 | -1): void {
    const scoreFloor = Math.floor(lead.score)
    const hasEmail = lead.email !== null
    let byTier = this.facets.get(lead.campaign_id)
    if (byTier === undefined) this.facets.set(lead.campaign_id, byTier = new Map())
    let byFacet = byTier.get(lead.tier)
    if (byFacet === undefined) byTier.set(lead.tier, byFacet = new Map())
    const facetKey = scoreFloor * 4 + (hasEmail ? 2 : 0) + (lead.email_verified ? 1 : 0)
    const facet = byFacet.get(facetKey)
    if (facet === undefined) {
      byFacet.set(facetKey, {
        campaign_id: lead.campaign_id,
        tier: lead.tier,
        score_floor: scoreFloor,
        has_email: hasEmail,
        email_verified: lead.email_verified,
        leads: sign,
        score_sum: sign * lead.score
      })
    } else {
      facet.leads += sign
      facet.score_sum += sign * lead.score
    }
    if (lead.fund === null) return
    let byFund = this.funds.get(lead.campaign_id)
    if (byFund === undefined) this.funds.set(lead.campaign_id, byFund = new Map())
    const fund = byFund.get(lead.fund)
    if (fund === undefined) byFund.set(lead.fund, { campaign_id: lead.campaign_id, fund: lead.fund, leads: sign })
    else fund.leads += sign
  }

  /** The facet and fund changes that change something, in key order (one lock order for every writer). */
  changes(): { readonly facets: ReadonlyArray<FacetChange>; readonly funds: ReadonlyArray<FundChange> } {
    const inKeyOrder = <A>(changes: ReadonlyArray<A>, key: (a: A) => string) =>
      changes.map((change) => [key(change), change] as const).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(
        ([, change]) => change
      )
    const facets: Array<FacetChange> = []
    for (const byTier of this.facets.values()) {
      for (const byFacet of byTier.values()) {
        for (const facet of byFacet.values()) if (facet.leads !== 0 || facet.score_sum !== 0) facets.push(facet)
      }
    }
    const funds: Array<FundChange> = []
    for (const byFund of this.funds.values()) for (const fund of byFund.values()) if (fund.leads !== 0) funds.push(fund)
    return {
      facets: inKeyOrder(
        facets,
        (f) => `${f.campaign_id}\u0000${f.tier}\u0000${f.score_floor}\u0000${f.has_email}\u0000${f.email_verified}`
      ),
      funds: inKeyOrder(funds, (f) => `${f.campaign_id}\u0000${f.fund}`)
    }
  }
}

/**
 * Rows of the largest upsert statement (7 parameters a row, far below SQLite's 32766); smaller
 * ones have 128, 64, …, 1 rows, so that the driver prepares the same few texts for every batch of
 * an import (fixedSizeChunks).
 */
const UPSERT_CHUNK = 256

/** Adds the delta to the counts; fund rows that drop to zero are removed. */
export const applyCountsDelta = (sql: SqlClient, encode: DbEncoders, delta: CountsDelta) =>
  Effect.gen(function*() {
    const { facets, funds } = delta.changes()
    for (const chunk of fixedSizeChunks(facets, UPSERT_CHUNK)) {
      const rows = chunk.map((facet) => ({
        campaign_id: facet.campaign_id,
        tier: facet.tier,
        score_floor: facet.score_floor,
        has_email: encode.boolean(facet.has_email),
        email_verified: encode.boolean(facet.email_verified),
        leads: facet.leads,
        score_sum: facet.score_sum
      }))
      // A facet that empties gets a sum of exactly 0, not the rounding left by adding and subtracting.
      yield* sql`INSERT INTO lead_counts ${sql.insert(rows)}
        ON CONFLICT (campaign_id, tier, score_floor, has_email, email_verified) DO UPDATE SET
          leads = lead_counts.leads + excluded.leads,
          score_sum = CASE WHEN lead_counts.leads + excluded.leads = 0 THEN 0
                           ELSE lead_counts.score_sum + excluded.score_sum END`
    }
    for (const chunk of fixedSizeChunks(funds, UPSERT_CHUNK)) {
      yield* sql`INSERT INTO lead_fund_counts ${sql.insert(chunk.map(({ campaign_id, fund, leads }) => ({ campaign_id, fund, leads })))}
        ON CONFLICT (campaign_id, fund) DO UPDATE SET leads = lead_fund_counts.leads + excluded.leads`
    }
    const emptied = Arr.dedupe(funds.filter((fund) => fund.leads < 0).map((fund) => fund.campaign_id))
    if (emptied.length > 0) {
      yield* sql`DELETE FROM lead_fund_counts WHERE campaign_id IN ${sql.in(emptied)} AND leads <= 0`
    }
  })

/** Advisory-lock namespace of the campaign locks (an arbitrary constant: "LFcn"). */
const CAMPAIGN_LOCK_NAMESPACE = 0x4c46636e

/** The campaign's lock key: the first 32 bits of its UUID, as a signed integer. */
const campaignLockKey = (campaignId: string): number => Number.parseInt(campaignId.slice(0, 8), 16) | 0

/**
 * Takes the write lock of each campaign's counts until the transaction ends, in one order. A
 * PostgreSQL transaction-level advisory lock; SQLite has one writer at a time already. Call it
 * inside a transaction, before the first write of the campaigns' leads.
 */
export const lockCampaigns = (sql: SqlClient, campaignIds: ReadonlyArray<string>) =>
  sql.onDialectOrElse({
    pg: () =>
      Effect.forEach(
        Arr.sort(Arr.dedupe(campaignIds.map(campaignLockKey)), Order.number),
        (key) => sql`SELECT pg_advisory_xact_lock(${CAMPAIGN_LOCK_NAMESPACE}, ${key})`,
        { discard: true }
      ),
    orElse: () => Effect.void
  })

/** The whole part of a score in SQL (scores are 0 to 100, so SQLite's truncation is the floor). */
const scoreFloorSql = (sql: SqlClient) =>
  sql.onDialectOrElse({
    pg: () => sql.literal("CAST(floor(score) AS INTEGER)"),
    orElse: () => sql.literal("CAST(score AS INTEGER)")
  })

/**
 * Recomputes every count from the leads. The migration that made the tables fills them with it;
 * run it again after loading leads with a tool that bypasses the stores (COPY, sqlite3 .import).
 */
export const rebuildLeadCounts = (sql: SqlClient) =>
  sql.withTransaction(
    Effect.gen(function*() {
      const scoreFloor = scoreFloorSql(sql)
      yield* sql`DELETE FROM lead_counts`
      yield* sql`DELETE FROM lead_fund_counts`
      yield* sql`INSERT INTO lead_counts (campaign_id, tier, score_floor, has_email, email_verified, leads, score_sum)
        SELECT campaign_id, tier, ${scoreFloor}, email IS NOT NULL, email_verified, COUNT(*), SUM(score)
        FROM leads WHERE opted_out = FALSE
        GROUP BY campaign_id, tier, ${scoreFloor}, email IS NOT NULL, email_verified`
      yield* sql`INSERT INTO lead_fund_counts (campaign_id, fund, leads)
        SELECT campaign_id, fund, COUNT(*) FROM leads WHERE opted_out = FALSE AND fund IS NOT NULL
        GROUP BY campaign_id, fund`
    })
  )

/** The counted columns of a lead as SQL selects them (for RETURNING and reads before a change). */
export const countedColumns = "campaign_id, tier, score, email, email_verified, fund"

const CountedRow = Schema.Struct({
  campaign_id: Schema.String,
  tier: Schema.String,
  score: DbNumber,
  email: Schema.NullOr(Schema.String),
  email_verified: DbBoolean,
  fund: Schema.NullOr(Schema.String)
})
export const decodeCounted = Schema.decodeUnknown(Schema.Array(CountedRow))
const decodeCountedById = Schema.decodeUnknown(
  Schema.Array(Schema.Struct({ ...CountedRow.fields, id: Schema.String, opted_out: DbBoolean }))
)
const decodeCampaignIds = Schema.decodeUnknown(Schema.Array(Schema.Struct({ campaign_id: Schema.String })))

/** Ids of the largest `IN (…)` read (then 512, 256, …: fixedSizeChunks), far below either database's parameter limit. */
const ID_CHUNK = 1024

type Failure = SqlError | ParseResult.ParseError

/** The raw lead writes of the store, which `countingWrites` wraps. */
export interface LeadWrites {
  readonly insertMany: (
    campaignId: CampaignId,
    leads: ReadonlyArray<KeyedLead>
  ) => Effect.Effect<ReadonlyMap<string, LeadId>, Failure>
  readonly updateMany: (
    updates: ReadonlyArray<{ readonly id: LeadId; readonly lead: LeadInput }>
  ) => Effect.Effect<void, Failure>
}

/**
 * The writes with their counts kept: each runs in a transaction (the caller's, when there is one)
 * that takes the campaign locks first, then writes the leads, then applies the change to the counts.
 */
export const countingWrites = (sql: SqlClient, encode: DbEncoders, writes: LeadWrites): LeadWrites => ({
  insertMany: (campaignId, leads) =>
    leads.length === 0
      ? writes.insertMany(campaignId, leads)
      : inTransaction(
        sql,
        Effect.gen(function*() {
          yield* lockCampaigns(sql, [campaignId])
          const inserted = yield* writes.insertMany(campaignId, leads)
          const delta = new CountsDelta()
          // A key given twice is inserted once, from its first lead.
          const uncounted = new Set(inserted.keys())
          for (const { key, lead } of leads) {
            if (!uncounted.delete(key)) continue
            delta.add(countedLead(campaignId, lead), 1)
          }
          yield* applyCountsDelta(sql, encode, delta)
          return inserted
        })
      ),

  updateMany: (updates) => {
    if (updates.length === 0) return writes.updateMany(updates)
    // The last change of a lead given twice is the one that stays.
    const latest = new Map(updates.map((update) => [update.id as string, update.lead]))
    const idChunks = fixedSizeChunks([...latest.keys()], ID_CHUNK)
    return inTransaction(
      sql,
      Effect.gen(function*() {
        // A lead never moves to another campaign, so its campaign can be read before the lock; its
        // counted columns are read after it, when no other writer of the campaign can change them.
        const campaigns = yield* Effect.forEach(idChunks, (ids) =>
          sql`SELECT DISTINCT campaign_id FROM leads WHERE id IN ${sql.in(ids)}`.pipe(Effect.flatMap(decodeCampaignIds)))
        yield* lockCampaigns(sql, campaigns.flat().map((row) => row.campaign_id))
        const before = yield* Effect.forEach(idChunks, (ids) =>
          sql`SELECT id, opted_out, ${sql.literal(countedColumns)} FROM leads WHERE id IN ${sql.in(ids)}`.pipe(
            Effect.flatMap(decodeCountedById)
          ))
        yield* writes.updateMany(updates)
        const delta = new CountsDelta()
        for (const old of before.flat()) {
          const lead = latest.get(old.id)
          if (old.opted_out || lead === undefined) continue
          delta.add(old, -1)
          delta.add(countedLead(old.campaign_id, lead), 1)
        }
        yield* applyCountsDelta(sql, encode, delta)
      })
    )
  }
})

/** The leads a LeadFilter selects can be counted from lead_counts when it filters only on these. */
export const isCountable = (filter: LeadFilter): boolean =>
  filter.email_status === undefined &&
  [filter.fund, filter.sector, filter.stage, filter.check_size, filter.hq, filter.search].every(
    (text) => text === undefined || text === ""
  )

const decodeCount = Schema.decodeUnknown(Schema.Tuple(Schema.Struct({ count: Schema.NullOr(DbNumber) })))

/** The conditions on lead_counts of a countable filter; scores by their whole part, from `fromScore`. */
const countsConditions = (sql: SqlClient, campaignId: CampaignId, filter: LeadFilter, fromScore: number | undefined) => {
  const conditions: Array<Fragment> = [sql`campaign_id = ${campaignId}`]
  if (filter.tier !== undefined && filter.tier.length > 0) conditions.push(sql.in("tier", filter.tier))
  if (fromScore !== undefined) conditions.push(sql`score_floor >= ${fromScore}`)
  if (filter.has_email !== undefined) conditions.push(filter.has_email ? sql`has_email = TRUE` : sql`has_email = FALSE`)
  if (filter.email_verified !== undefined) {
    conditions.push(filter.email_verified ? sql`email_verified = TRUE` : sql`email_verified = FALSE`)
  }
  return sql.and(conditions)
}

/**
 * The query of the number of the campaign's leads that match a countable filter whose min_score,
 * if any, is a whole number: a sum over lead_counts (NULL when there are none). Undefined for
 * other filters.
 */
export const countSumQuery = (sql: SqlClient, campaignId: CampaignId, filter: LeadFilter): Fragment | undefined =>
  isCountable(filter) && (filter.min_score === undefined || Number.isInteger(filter.min_score))
    ? sql`SELECT SUM(leads) FROM lead_counts WHERE ${countsConditions(sql, campaignId, filter, filter.min_score)}`
    : undefined

/**
 * The number of the campaign's leads that match a countable filter: a sum over lead_counts. Scores
 * are counted by whole part, so a min_score with a fraction (80.5) adds the leads in [80.5, 81)
 * counted from the leads themselves.
 */
export const countMatching = (sql: SqlClient, reads: ReadConnection, campaignId: CampaignId, filter: LeadFilter) =>
  Effect.gen(function*() {
    const fromScore = filter.min_score === undefined ? undefined : Math.ceil(filter.min_score)
    const [counted] = yield* reads.rows(sql`SELECT SUM(leads) AS count FROM lead_counts
      WHERE ${countsConditions(sql, campaignId, filter, fromScore)}`).pipe(Effect.flatMap(decodeCount))
    if (fromScore === undefined || fromScore === filter.min_score) return counted.count ?? 0
    const [partial] = yield* reads.rows(sql`SELECT COUNT(*) AS count FROM leads
      WHERE ${sql.and(leadConditions(sql, campaignId, filter))} AND score < ${fromScore}`).pipe(Effect.flatMap(decodeCount))
    return (counted.count ?? 0) + (partial.count ?? 0)
  })

const decodeCampaignFigures = Schema.decodeUnknown(
  Schema.Tuple(
    Schema.Struct({
      total_leads: Schema.NullOr(DbNumber),
      with_email: Schema.NullOr(DbNumber),
      verified_emails: Schema.NullOr(DbNumber),
      hot_leads: Schema.NullOr(DbNumber),
      warm_leads: Schema.NullOr(DbNumber),
      cool_leads: Schema.NullOr(DbNumber),
      cold_leads: Schema.NullOr(DbNumber),
      score_sum: Schema.NullOr(DbNumber)
    })
  )
)

/** The campaign's counts of leads that are not opted out, and the sum of their scores. */
export const campaignFigures = (sql: SqlClient, campaignId: CampaignId) =>
  sql`SELECT SUM(leads) AS total_leads,
             SUM(CASE WHEN has_email = TRUE THEN leads ELSE 0 END) AS with_email,
             SUM(CASE WHEN has_email = TRUE AND email_verified = TRUE THEN leads ELSE 0 END) AS verified_emails,
             SUM(CASE WHEN tier = 'HOT' THEN leads ELSE 0 END) AS hot_leads,
             SUM(CASE WHEN tier = 'WARM' THEN leads ELSE 0 END) AS warm_leads,
             SUM(CASE WHEN tier = 'COOL' THEN leads ELSE 0 END) AS cool_leads,
             SUM(CASE WHEN tier = 'COLD' THEN leads ELSE 0 END) AS cold_leads,
             SUM(score_sum) AS score_sum
      FROM lead_counts WHERE campaign_id = ${campaignId}`.pipe(
    Effect.flatMap(decodeCampaignFigures),
    Effect.map(([row]) => ({
      total_leads: row.total_leads ?? 0,
      with_email: row.with_email ?? 0,
      verified_emails: row.verified_emails ?? 0,
      hot_leads: row.hot_leads ?? 0,
      warm_leads: row.warm_leads ?? 0,
      cool_leads: row.cool_leads ?? 0,
      cold_leads: row.cold_leads ?? 0,
      score_sum: row.score_sum ?? 0
    }))
  )

const decodeFundCounts = Schema.decodeUnknown(Schema.Array(Schema.Struct({ fund: Schema.String, count: DbNumber })))

/** The campaign's `limit` most frequent funds, ties by name. */
export const topFunds = (sql: SqlClient, campaignId: CampaignId, limit: number) =>
  sql`SELECT fund, leads AS count FROM lead_fund_counts WHERE campaign_id = ${campaignId} AND leads > 0
      ORDER BY leads DESC, fund ASC LIMIT ${limit}`.pipe(Effect.flatMap(decodeFundCounts))

const decodeUserFigures = Schema.decodeUnknown(
  Schema.Tuple(
    Schema.Struct({
      total_leads: Schema.NullOr(DbNumber),
      total_emails: Schema.NullOr(DbNumber),
      hot_leads: Schema.NullOr(DbNumber),
      warm_leads: Schema.NullOr(DbNumber)
    })
  )
)

/** The counts over all of a user's campaigns. */
export const userFigures = (sql: SqlClient, userId: UserId) =>
  sql`SELECT SUM(lead_counts.leads) AS total_leads,
             SUM(CASE WHEN lead_counts.has_email = TRUE THEN lead_counts.leads ELSE 0 END) AS total_emails,
             SUM(CASE WHEN lead_counts.tier = 'HOT' THEN lead_counts.leads ELSE 0 END) AS hot_leads,
             SUM(CASE WHEN lead_counts.tier = 'WARM' THEN lead_counts.leads ELSE 0 END) AS warm_leads
      FROM lead_counts JOIN campaigns ON campaigns.id = lead_counts.campaign_id
      WHERE campaigns.user_id = ${userId}`.pipe(
    Effect.flatMap(decodeUserFigures),
    Effect.map(([row]) => ({
      total_leads: row.total_leads ?? 0,
      total_emails: row.total_emails ?? 0,
      hot_leads: row.hot_leads ?? 0,
      warm_leads: row.warm_leads ?? 0
    }))
  )
