/**
 * LeadStore over SqlClient: bulk inserts keyed by dedupe key, filtered listings with OFFSET or keyset
 * paging, a chunked export stream, and the per-campaign figures. Opted-out leads are left out of
 * every listing and figure.
 *
 * The figures, as the API shows them:
 * - stats: email_rate is the share of leads with an email, in percent with one decimal; avg_score
 *   the mean score with one decimal (0 without leads); top_funds the 10 most frequent funds, ties
 *   by name; verified_emails the leads with an email marked verified.
 * - freshness: a lead was last crawled at its scraped_at (inserts and updates copy it into
 *   last_crawled_at). Stale = not crawled in the last 30 days, or never; freshness_pct is the share
 *   of leads that are not stale, in percent with one decimal. verified_last_7d/14d count
 *   last_verified within that many days of `now`, never_verified the leads without it.
 */
import { SqlClient } from "@effect/sql/SqlClient"
import {
  CampaignId,
  EmailStatus,
  FundCount,
  Lead,
  LeadFreshness,
  LeadId,
  LeadStats,
  LeadStore,
  Tier,
  type ExistingLead,
  type KeyedLead,
  type LeadFilter,
  type LeadInput,
  type LeadPageRequest,
  type UserId
} from "@leadfactory/core"
import { Array as Arr, Chunk, Effect, Layer, Option, Schema, Stream } from "effect"
import { randomUUID } from "node:crypto"
import { DbBoolean, DbDate, DbNumber, dbDateOrNull, makeEncoders } from "./internal/dbValues.js"
import { orDieOnDatabaseFailure } from "./internal/failures.js"
import { decodeLeadCursor, encodeLeadCursor, type LeadCursor } from "./internal/leadCursor.js"
import { leadConditions, leadOrderBy, leadsAfter } from "./internal/leadQuery.js"
import { findByKeysPg, insertManyPg, updateManyPg } from "./internal/pgLeadBatches.js"

const LeadRow = Schema.Struct({
  id: LeadId,
  campaign_id: CampaignId,
  name: Schema.String,
  email: Schema.NullOr(Schema.String),
  email_status: EmailStatus,
  email_source: Schema.NullOr(Schema.String),
  email_verified: DbBoolean,
  linkedin: Schema.NullOr(Schema.String),
  phone: Schema.NullOr(Schema.String),
  fund: Schema.NullOr(Schema.String),
  role: Schema.NullOr(Schema.String),
  website: Schema.NullOr(Schema.String),
  sectors: Schema.NullOr(Schema.String),
  check_size: Schema.NullOr(Schema.String),
  stage: Schema.NullOr(Schema.String),
  hq: Schema.NullOr(Schema.String),
  score: DbNumber,
  tier: Tier,
  source: Schema.NullOr(Schema.String),
  opted_out: DbBoolean,
  scraped_at: Schema.NullOr(DbDate),
  last_verified: Schema.NullOr(DbDate),
  last_crawled_at: Schema.NullOr(DbDate)
})

const leadColumns =
  "id, campaign_id, name, email, email_status, email_source, email_verified, linkedin, phone, fund, role, " +
  "website, sectors, check_size, stage, hq, score, tier, source, opted_out, scraped_at, last_verified, last_crawled_at"

// The row schema has validated every field already, so the class need not check them again.
const decodeLeads = (rows: ReadonlyArray<unknown>) =>
  Effect.map(Schema.decodeUnknown(Schema.Array(LeadRow))(rows), (fields) =>
    fields.map((lead) => new Lead(lead, { disableValidation: true }))
  )

const decodeExisting = Schema.decodeUnknown(
  Schema.Array(Schema.Struct({ id: LeadId, dedupe_key: Schema.String, scraped_at: Schema.NullOr(DbDate) }))
)
const decodeInserted = Schema.decodeUnknown(Schema.Array(Schema.Struct({ id: LeadId, dedupe_key: Schema.String })))
const decodeCampaignIds = Schema.decodeUnknown(Schema.Array(Schema.Struct({ campaign_id: CampaignId })))
const decodeCount = Schema.decodeUnknown(Schema.Tuple(Schema.Struct({ count: DbNumber })))
const decodeFundCounts = Schema.decodeUnknown(Schema.Array(Schema.Struct({ fund: Schema.String, count: DbNumber })))
const decodeStatsRow = Schema.decodeUnknown(
  Schema.Tuple(
    Schema.Struct({
      total_leads: DbNumber,
      with_email: DbNumber,
      verified_emails: DbNumber,
      hot_leads: DbNumber,
      warm_leads: DbNumber,
      cool_leads: DbNumber,
      cold_leads: DbNumber,
      avg_score: Schema.NullOr(DbNumber)
    })
  )
)
const decodeFreshnessRow = Schema.decodeUnknown(
  Schema.Tuple(
    Schema.Struct({
      total_leads: DbNumber,
      verified_last_7d: DbNumber,
      verified_last_14d: DbNumber,
      never_verified: DbNumber,
      crawled_last_7d: DbNumber,
      stale_leads: DbNumber
    })
  )
)
const decodeUserCounts = Schema.decodeUnknown(
  Schema.Tuple(
    Schema.Struct({ total_leads: DbNumber, total_emails: DbNumber, hot_leads: DbNumber, warm_leads: DbNumber })
  )
)

/** Keys per `IN (…)` lookup, far below either database's parameter limit. */
const LOOKUP_CHUNK = 1000
/** Rows per read of the export stream: bounded memory whatever the campaign's size. */
const STREAM_CHUNK = 1000
const DAY_MS = 24 * 60 * 60 * 1000
/** A lead not crawled for this long is stale. */
const STALE_AFTER_DAYS = 30

/** A percentage with one decimal; 0 of 0 is 0. */
const percent = (part: number, whole: number): number => (whole === 0 ? 0 : Math.round((part / whole) * 1000) / 10)
const oneDecimal = (value: number): number => Math.round(value * 10) / 10

/** The columns a LeadInput sets. The crawl time of a lead is its scraped_at: that is when it was read. */
const inputColumns = (lead: LeadInput, encodeBoolean: (value: boolean) => boolean | number) => ({
  name: lead.name,
  email: lead.email,
  email_status: lead.email_status,
  email_source: lead.email_source,
  email_verified: encodeBoolean(lead.email_verified),
  linkedin: lead.linkedin,
  phone: lead.phone,
  fund: lead.fund,
  role: lead.role,
  website: lead.website,
  sectors: lead.sectors,
  check_size: lead.check_size,
  stage: lead.stage,
  hq: lead.hq,
  score: lead.score,
  tier: lead.tier,
  source: lead.source,
  scraped_at: dbDateOrNull(lead.scraped_at),
  last_crawled_at: dbDateOrNull(lead.scraped_at)
})

export const make = Effect.gen(function*() {
  const sql = yield* SqlClient
  const encode = makeEncoders(sql)
  // One bind parameter per cell: SQLite takes at most 32766 per statement, PostgreSQL 65535.
  const maxParameters = sql.onDialectOrElse({ pg: () => 65535, orElse: () => 32766 })

  const isPg = sql.onDialectOrElse({ pg: () => true, orElse: () => false })

  const findByKeys = (campaignId: CampaignId, keys: ReadonlyArray<string>) =>
    Effect.forEach(
      isPg ? [[...new Set(keys)]] : Arr.chunksOf([...new Set(keys)], LOOKUP_CHUNK),
      (chunk) =>
        (isPg
          ? findByKeysPg(sql, campaignId, chunk)
          : sql`SELECT id, dedupe_key, scraped_at FROM leads
                WHERE campaign_id = ${campaignId} AND dedupe_key IN ${sql.in(chunk)}`).pipe(Effect.flatMap(decodeExisting))
    ).pipe(
      Effect.map(
        (chunks): ReadonlyMap<string, ExistingLead> =>
          new Map(chunks.flat().map((row) => [row.dedupe_key, { id: row.id, scraped_at: row.scraped_at }]))
      ),
      orDieOnDatabaseFailure
    )

  const insertMany = (campaignId: CampaignId, leads: ReadonlyArray<KeyedLead>) => {
    if (isPg) {
      return leads.length === 0
        ? Effect.succeed<ReadonlyMap<string, LeadId>>(new Map())
        : insertManyPg(sql, campaignId, leads.map(({ key, lead }) => ({ id: randomUUID(), key, lead }))).pipe(
          Effect.flatMap(decodeInserted),
          Effect.map((rows): ReadonlyMap<string, LeadId> => new Map(rows.map((row) => [row.dedupe_key, row.id]))),
          orDieOnDatabaseFailure
        )
    }
    const rows = leads.map(({ key, lead }) => ({
      id: randomUUID(),
      campaign_id: campaignId,
      dedupe_key: key,
      ...inputColumns(lead, encode.boolean),
      opted_out: encode.boolean(false),
      last_verified: null
    }))
    if (rows[0] === undefined) return Effect.succeed<ReadonlyMap<string, LeadId>>(new Map())
    const rowsPerStatement = Math.floor(maxParameters / Object.keys(rows[0]).length)
    return sql
      .withTransaction(
        Effect.forEach(Arr.chunksOf(rows, rowsPerStatement), (chunk) =>
          sql`INSERT INTO leads ${sql.insert(chunk)}
              ON CONFLICT (campaign_id, dedupe_key) DO NOTHING
              RETURNING id, dedupe_key`.pipe(Effect.flatMap(decodeInserted))
        )
      )
      .pipe(
        Effect.map((chunks): ReadonlyMap<string, LeadId> => new Map(chunks.flat().map((row) => [row.dedupe_key, row.id]))),
        orDieOnDatabaseFailure
      )
  }

  const updateMany = (updates: ReadonlyArray<{ readonly id: LeadId; readonly lead: LeadInput }>) =>
    updates.length === 0
      ? Effect.void
      : isPg
      ? updateManyPg(sql, updates).pipe(Effect.asVoid, orDieOnDatabaseFailure)
      : sql
          .withTransaction(
            Effect.forEach(
              updates,
              ({ id, lead }) => sql`UPDATE leads SET ${sql.update(inputColumns(lead, encode.boolean))} WHERE id = ${id}`,
              { discard: true }
            )
          )
          .pipe(orDieOnDatabaseFailure)

  /** Reads `limit` matching rows in the page's order, after `cursor` when there is one. */
  const readLeads = (
    campaignId: CampaignId,
    filter: LeadFilter,
    sort: Pick<LeadPageRequest, "sort_by" | "sort_dir">,
    cursor: LeadCursor | undefined,
    limit: number,
    offset: number
  ) => {
    const conditions = leadConditions(sql, campaignId, filter)
    if (cursor !== undefined) conditions.push(leadsAfter(sql, sort, cursor))
    return sql`SELECT ${sql.literal(leadColumns)} FROM leads WHERE ${sql.and(conditions)}
               ORDER BY ${leadOrderBy(sql, sort)} LIMIT ${limit} OFFSET ${offset}`.pipe(Effect.flatMap(decodeLeads))
  }

  const query = (campaignId: CampaignId, filter: LeadFilter, page: LeadPageRequest) =>
    Effect.gen(function*() {
      const cursor = page.cursor === undefined ? undefined : yield* decodeLeadCursor(page.cursor, page)
      const offset = cursor === undefined ? (page.page - 1) * page.per_page : 0
      // One row more than the page tells whether a further page exists.
      const [rows, total] = yield* Effect.all([
        readLeads(campaignId, filter, page, cursor, page.per_page + 1, offset),
        sql`SELECT COUNT(*) AS count FROM leads WHERE ${sql.and(leadConditions(sql, campaignId, filter))}`.pipe(
          Effect.flatMap(decodeCount),
          Effect.map(([row]) => row.count)
        )
      ])
      const leads = rows.slice(0, page.per_page)
      const last = leads[leads.length - 1]
      return {
        leads,
        total,
        next_cursor: rows.length > page.per_page && last !== undefined ? encodeLeadCursor(last, page) : null
      }
    }).pipe(orDieOnDatabaseFailure)

  const exportOrder = { sort_by: "score", sort_dir: "desc" } as const

  const stream = (campaignId: CampaignId, filter: LeadFilter) =>
    Stream.paginateChunkEffect(Option.none<LeadCursor>(), (after) =>
      readLeads(campaignId, filter, exportOrder, Option.getOrUndefined(after), STREAM_CHUNK, 0).pipe(
        Effect.map((rows) => {
          const last = rows[rows.length - 1]
          const next =
            rows.length < STREAM_CHUNK || last === undefined
              ? Option.none<Option.Option<LeadCursor>>()
              : Option.some(Option.some<LeadCursor>({ value: last.score, id: last.id }))
          return [Chunk.unsafeFromArray(rows), next] as const
        }),
        orDieOnDatabaseFailure
      )
    )

  const stats = (campaignId: CampaignId) =>
    Effect.all([
      sql`SELECT COUNT(*) AS total_leads,
                 COUNT(email) AS with_email,
                 COUNT(*) FILTER (WHERE email IS NOT NULL AND email_verified = TRUE) AS verified_emails,
                 COUNT(*) FILTER (WHERE tier = 'HOT') AS hot_leads,
                 COUNT(*) FILTER (WHERE tier = 'WARM') AS warm_leads,
                 COUNT(*) FILTER (WHERE tier = 'COOL') AS cool_leads,
                 COUNT(*) FILTER (WHERE tier = 'COLD') AS cold_leads,
                 AVG(score) AS avg_score
          FROM leads WHERE campaign_id = ${campaignId} AND opted_out = FALSE`.pipe(Effect.flatMap(decodeStatsRow)),
      sql`SELECT fund, COUNT(*) AS count FROM leads
          WHERE campaign_id = ${campaignId} AND opted_out = FALSE AND fund IS NOT NULL
          GROUP BY fund ORDER BY count DESC, fund ASC LIMIT 10`.pipe(Effect.flatMap(decodeFundCounts))
    ]).pipe(
      Effect.map(
        ([[row], funds]) =>
          new LeadStats({
            total_leads: row.total_leads,
            with_email: row.with_email,
            email_rate: percent(row.with_email, row.total_leads),
            verified_emails: row.verified_emails,
            hot_leads: row.hot_leads,
            warm_leads: row.warm_leads,
            cool_leads: row.cool_leads,
            cold_leads: row.cold_leads,
            avg_score: oneDecimal(row.avg_score ?? 0),
            top_funds: funds.map((fund) => new FundCount(fund))
          })
      ),
      orDieOnDatabaseFailure
    )

  const freshness = (campaignId: CampaignId, now: Date) => {
    const daysAgo = (days: number) => new Date(now.getTime() - days * DAY_MS).toISOString()
    return sql`SELECT COUNT(*) AS total_leads,
                      COUNT(*) FILTER (WHERE last_verified >= ${daysAgo(7)}) AS verified_last_7d,
                      COUNT(*) FILTER (WHERE last_verified >= ${daysAgo(14)}) AS verified_last_14d,
                      COUNT(*) FILTER (WHERE last_verified IS NULL) AS never_verified,
                      COUNT(*) FILTER (WHERE last_crawled_at >= ${daysAgo(7)}) AS crawled_last_7d,
                      COUNT(*) FILTER (WHERE last_crawled_at IS NULL OR last_crawled_at < ${daysAgo(STALE_AFTER_DAYS)})
                        AS stale_leads
               FROM leads WHERE campaign_id = ${campaignId} AND opted_out = FALSE`.pipe(
      Effect.flatMap(decodeFreshnessRow),
      Effect.map(
        ([row]) =>
          new LeadFreshness({
            ...row,
            freshness_pct: percent(row.total_leads - row.stale_leads, row.total_leads)
          })
      ),
      orDieOnDatabaseFailure
    )
  }

  const findForUser = (id: LeadId, userId: UserId) =>
    sql`SELECT leads.* FROM leads JOIN campaigns ON campaigns.id = leads.campaign_id
        WHERE leads.id = ${id} AND campaigns.user_id = ${userId}`.pipe(
      Effect.flatMap(decodeLeads),
      Effect.map(Arr.head),
      orDieOnDatabaseFailure
    )

  const optOutByEmail = (email: string) =>
    sql`UPDATE leads SET opted_out = TRUE WHERE lower(email) = ${email.toLowerCase()} RETURNING campaign_id`.pipe(
      Effect.flatMap(decodeCampaignIds),
      Effect.map((rows) => Arr.dedupe(rows.map((row) => row.campaign_id))),
      orDieOnDatabaseFailure
    )

  const countsForUser = (userId: UserId) =>
    sql`SELECT COUNT(*) AS total_leads,
               COUNT(leads.email) AS total_emails,
               COUNT(*) FILTER (WHERE leads.tier = 'HOT') AS hot_leads,
               COUNT(*) FILTER (WHERE leads.tier = 'WARM') AS warm_leads
        FROM leads JOIN campaigns ON campaigns.id = leads.campaign_id
        WHERE campaigns.user_id = ${userId} AND leads.opted_out = FALSE`.pipe(
      Effect.flatMap(decodeUserCounts),
      Effect.map(([row]) => row),
      orDieOnDatabaseFailure
    )

  return LeadStore.of({
    findByKeys,
    insertMany,
    updateMany,
    query,
    stream,
    stats,
    freshness,
    findForUser,
    setOptedOut: (id) => sql`UPDATE leads SET opted_out = TRUE WHERE id = ${id}`.pipe(Effect.asVoid, orDieOnDatabaseFailure),
    optOutByEmail,
    countsForUser
  })
})

export const layer = Layer.effect(LeadStore, make)
