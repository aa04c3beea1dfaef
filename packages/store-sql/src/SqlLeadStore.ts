/**
 * LeadStore over SqlClient: bulk inserts keyed by dedupe key, filtered listings with OFFSET or keyset
 * paging, a chunked export stream, and the per-campaign figures. Opted-out leads are left out of
 * every listing and figure. Every write of a lead keeps the lead counts (internal/leadCounts.ts) in
 * step, in its transaction; stats and most totals are read from them.
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
import type { Fragment } from "@effect/sql/Statement"
import {
  CampaignId,
  FundCount,
  LeadFreshness,
  LeadId,
  LeadStats,
  LeadStore,
  type ExistingLead,
  type KeyedLead,
  type LeadFilter,
  type LeadInput,
  type LeadPageRequest,
  type UserId
} from "@leadfactory/core"
import { Array as Arr, Chunk, Effect, Layer, Option, Schema, Stream } from "effect"
import { v7 as timeOrderedUuid } from "uuid"
import { DbDate, DbNumber, makeEncoders } from "./internal/dbValues.js"
import { orDieOnDatabaseFailure } from "./internal/failures.js"
import { insertedIds } from "./internal/insertedLeads.js"
import { inTransaction } from "./internal/inTransaction.js"
import {
  campaignFigures,
  countedColumns,
  countingWrites,
  countMatching,
  countSumQuery,
  CountsDelta,
  applyCountsDelta,
  decodeCounted,
  isCountable,
  lockCampaigns,
  topFunds,
  userFigures
} from "./internal/leadCounts.js"
import { CopyOut } from "./CopyOut.js"
import { readConnection } from "./ReadConnection.js"
import { isCampaignOwnedBy, ownerRow } from "./internal/campaignOwner.js"
import { makeCrlfRecordEnds } from "./internal/csvRecordEnds.js"
import { leadCsvCopyStatement } from "./internal/leadCsvCopy.js"
import { decodeLeadCursor, encodeLeadCursor, type LeadCursor } from "./internal/leadCursor.js"
import { eventLoopTurn } from "./internal/eventLoopTurn.js"
import { leadConditions, leadOrderBy, leadsAfter, scoreAfterInTwo } from "./internal/leadQuery.js"
import { searchCandidates } from "./internal/sqliteSearchIndex.js"
import { exportColumnList, exportRowFromValues, LEAD_COLUMNS, leadColumnList, leadFromRow, leadFromValues } from "./internal/leadRows.js"
import { findByKeysPg, insertManyPg, updateManyPg } from "./internal/pgLeadBatches.js"
import { findByKeysSqlite, insertManySqlite, SQLITE_LOOKUP_KEYS, updateManySqlite } from "./internal/sqliteLeadBatches.js"

const leadColumns = leadColumnList

// Checked column by column by hand (internal/leadRows.ts): a Schema decode of a page cost more than its query.
const decodeLeads = (rows: ReadonlyArray<unknown>) =>
  Effect.sync(() => rows.map((row) => leadFromRow(row as Readonly<Record<string, unknown>>)))

/** A count as PostgreSQL sends a SUM (numeric, as text), or NULL for none. */
const countFromValue = (value: unknown): number => {
  const count = value === null ? 0 : Number(value)
  if (!Number.isSafeInteger(count)) throw new Error(`A count of leads came as ${JSON.stringify(value)}.`)
  return count
}

// Pages are read as arrays of values, in LEAD_COLUMNS order: the drivers make no object per row.
const decodeLeadValues = (rows: ReadonlyArray<ReadonlyArray<unknown>>) => Effect.sync(() => rows.map(leadFromValues))

const decodeExisting = Schema.decodeUnknown(
  Schema.Array(Schema.Struct({ id: LeadId, dedupe_key: Schema.String, scraped_at: Schema.NullOr(DbDate) }))
)
const decodeCampaignIds = Schema.decodeUnknown(Schema.Array(Schema.Struct({ campaign_id: CampaignId })))
const decodeCount = Schema.decodeUnknown(Schema.Tuple(Schema.Struct({ count: DbNumber })))
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
/** The most that a listing with a text filter counts for its total (see countCapped). */
const TOTAL_CAP = 1_000
/** Rows per read of the export stream: bounded memory whatever the campaign's size. */
const STREAM_CHUNK = 1000
/**
 * Rows per read of the export. Small chunks die young: with 5,000 rows a chunk outlived V8's young
 * generation and the heap grew by 100 MB during an export of 100,000 leads before a full GC; with
 * 500 it grew by 25 MB, and the export was faster.
 */
const EXPORT_CHUNK = 500
const DAY_MS = 24 * 60 * 60 * 1000
/** A lead not crawled for this long is stale. */
const STALE_AFTER_DAYS = 30

/** A percentage with one decimal; 0 of 0 is 0. */
const percent = (part: number, whole: number): number => (whole === 0 ? 0 : Math.round((part / whole) * 1000) / 10)
/**
 * A mean with one decimal. The sum is kept by adding and subtracting scores, so it can be off by a
 * rounding error: the mean is first rounded to 9 decimals, so that such an error cannot move it
 * across a half-tenth.
 */
const meanWithOneDecimal = (sum: number, count: number): number => Math.round(Number((sum / count).toFixed(9)) * 10) / 10

export const make = Effect.gen(function*() {
  const sql = yield* SqlClient
  const copyOut = yield* Effect.serviceOption(CopyOut)
  const reads = yield* readConnection
  const encode = makeEncoders(sql)

  const isPg = sql.onDialectOrElse({ pg: () => true, orElse: () => false })

  const findByKeys = (campaignId: CampaignId, keys: ReadonlyArray<string>) =>
    Effect.forEach(
      isPg ? [[...new Set(keys)]] : Arr.chunksOf([...new Set(keys)], SQLITE_LOOKUP_KEYS),
      (chunk) =>
        (isPg ? findByKeysPg(sql, campaignId, chunk) : findByKeysSqlite(sql, campaignId, chunk)).pipe(
          Effect.flatMap(decodeExisting)
        )
    ).pipe(
      Effect.map(
        (chunks): ReadonlyMap<string, ExistingLead> =>
          new Map(chunks.flat().map((row) => [row.dedupe_key, { id: row.id, scraped_at: row.scraped_at }]))
      ),
      orDieOnDatabaseFailure
    )

  /**
   * New leads get time-ordered ids (UUID version 7): each insert then lands at the right-hand end of
   * the primary key's index instead of on a random page of it. Importing 100,000 rows into SQLite,
   * the INSERTs took 3.2 s instead of 5.0 s and the commits 0.8 s instead of 1.05 s.
   */
  const withIds = (leads: ReadonlyArray<KeyedLead>) => leads.map(({ key, lead }) => ({ id: timeOrderedUuid(), key, lead }))

  const insertMany = (campaignId: CampaignId, leads: ReadonlyArray<KeyedLead>) => {
    if (isPg) {
      return leads.length === 0
        ? Effect.succeed<ReadonlyMap<string, LeadId>>(new Map())
        : insertManyPg(sql, campaignId, withIds(leads)).pipe(
          Effect.flatMap(insertedIds),
          orDieOnDatabaseFailure
        )
    }
    if (leads.length === 0) return Effect.succeed<ReadonlyMap<string, LeadId>>(new Map())
    return inTransaction(sql, insertManySqlite(sql, campaignId, withIds(leads)))
      .pipe(
        Effect.flatMap(insertedIds),
        orDieOnDatabaseFailure
      )
  }

  const updateMany = (updates: ReadonlyArray<{ readonly id: LeadId; readonly lead: LeadInput }>) =>
    updates.length === 0
      ? Effect.void
      : isPg
      ? updateManyPg(sql, updates).pipe(Effect.asVoid, orDieOnDatabaseFailure)
      : inTransaction(sql, updateManySqlite(sql, updates)).pipe(orDieOnDatabaseFailure)

  /**
   * `limit` rows of `columns` of the matching leads in score order after `cursor`: the two ranges of
   * scoreAfterInTwo, each read from the index up to `limit` rows, then merged.
   */
  const afterInScoreOrder = (
    columns: Fragment,
    conditions: ReadonlyArray<Fragment>,
    sort: Pick<LeadPageRequest, "sort_by" | "sort_dir">,
    cursor: LeadCursor,
    limit: number
  ) => {
    const order = leadOrderBy(sql, sort)
    const { beyond, tie } = scoreAfterInTwo(sql, sort.sort_dir, cursor)
    return sql`SELECT * FROM (SELECT ${columns} FROM leads WHERE ${sql.and([...conditions, tie])}
                              ORDER BY ${order} LIMIT ${limit}) AS tie
               UNION ALL
               SELECT * FROM (SELECT ${columns} FROM leads WHERE ${sql.and([...conditions, beyond])}
                              ORDER BY ${order} LIMIT ${limit}) AS beyond
               ORDER BY ${order} LIMIT ${limit}`
  }

  /** leadConditions, with the candidates of SQLite's search index when the search term is rare. */
  const searchConditions = (campaignId: CampaignId, filter: LeadFilter) =>
    Effect.map(searchCandidates(sql, filter.search), (candidates) => leadConditions(sql, campaignId, filter, candidates))

  /** The query of `limit` rows that meet `conditions` in the page's order, after `cursor` when there is one. */
  const matchingQuery = (
    conditions: ReadonlyArray<Fragment>,
    sort: Pick<LeadPageRequest, "sort_by" | "sort_dir">,
    cursor: LeadCursor | undefined,
    limit: number,
    offset: number
  ) => {
    if (cursor !== undefined && sort.sort_by === "score") {
      return afterInScoreOrder(sql.literal(leadColumns), conditions, sort, cursor, limit)
    }
    const where = cursor === undefined ? conditions : [...conditions, leadsAfter(sql, sort, cursor)]
    return sql`SELECT ${sql.literal(leadColumns)} FROM leads WHERE ${sql.and(where)}
               ORDER BY ${leadOrderBy(sql, sort)} LIMIT ${limit} OFFSET ${offset}`
  }

  /** Reads the rows of matchingQuery. */
  const readMatching = (...query: Parameters<typeof matchingQuery>) =>
    reads.values(matchingQuery(...query)).pipe(Effect.flatMap(decodeLeadValues))

  /**
   * readMatching, with the result of `totalQuery` (one number) in the same statement: a last column
   * of every row, after the lead's columns. No total when no row matched.
   */
  const readMatchingWithTotal = (totalQuery: Fragment, ...query: Parameters<typeof matchingQuery>) => {
    const [, sort] = query
    return sql`SELECT page.*, (${totalQuery}) AS total FROM (${matchingQuery(...query)}) AS page
               ORDER BY ${leadOrderBy(sql, sort)}`.values.pipe(
      Effect.flatMap((rows) =>
        Effect.sync(() => ({
          leads: rows.map(leadFromValues),
          total: rows.length === 0 ? undefined : countFromValue(rows[0]![LEAD_COLUMNS.length])
        }))
      )
    )
  }

  /** Reads `limit` matching rows in the page's order, after `cursor` when there is one. */
  const readLeads = (
    campaignId: CampaignId,
    filter: LeadFilter,
    sort: Pick<LeadPageRequest, "sort_by" | "sort_dir">,
    cursor: LeadCursor | undefined,
    limit: number,
    offset: number
  ) =>
    Effect.flatMap(searchConditions(campaignId, filter), (conditions) => readMatching(conditions, sort, cursor, limit, offset))

  /**
   * The total of a listing that lead_counts cannot count (a filter on text or email_status): the
   * leads that meet `conditions` counted up to TOTAL_CAP, so a total of TOTAL_CAP means at least
   * that many; an exact count would read every lead of the campaign.
   */
  const countCapped = (conditions: ReadonlyArray<Fragment>) =>
    reads.rows(sql`SELECT COUNT(*) AS count FROM (
          SELECT 1 FROM leads WHERE ${sql.and(conditions)} LIMIT ${TOTAL_CAP}
        ) capped`).pipe(Effect.flatMap(decodeCount), Effect.map(([row]) => row.count))

  /** The page of `query`, its rows also meeting `extraConditions` (the total does not count them). */
  const readPage = (
    campaignId: CampaignId,
    filter: LeadFilter,
    page: LeadPageRequest,
    extraConditions: ReadonlyArray<Fragment>
  ) =>
    Effect.gen(function*() {
      const cursor = page.cursor === undefined ? undefined : yield* decodeLeadCursor(page.cursor, page)
      const offset = cursor === undefined ? (page.page - 1) * page.per_page : 0
      // Once for the page and its total: choosing a search's candidates reads the search index.
      const conditions = [...(yield* searchConditions(campaignId, filter)), ...extraConditions]
      // One row more than the page tells whether a further page exists.
      const limit = page.per_page + 1
      // The total: exact from lead_counts for filters on tier, score and email, which costs little;
      // on PostgreSQL in the page's own statement (a round trip saved), unless the page is empty.
      // Otherwise counted from the leads, after the page, which makes it needless when page 1 holds
      // every match.
      const totalQuery = isPg ? countSumQuery(sql, campaignId, filter) : undefined
      const [rows, total] = totalQuery !== undefined
        ? yield* Effect.flatMap(
          readMatchingWithTotal(totalQuery, conditions, page, cursor, limit, offset),
          ({ leads, total }) =>
            total === undefined
              ? Effect.map(countMatching(sql, reads, campaignId, filter), (counted) => [leads, counted] as const)
              : Effect.succeed([leads, total] as const)
        )
        : isCountable(filter)
        ? yield* Effect.all([readMatching(conditions, page, cursor, limit, offset), countMatching(sql, reads, campaignId, filter)])
        : yield* Effect.flatMap(readMatching(conditions, page, cursor, limit, offset), (rows) =>
          cursor === undefined && offset === 0 && rows.length <= page.per_page
            ? Effect.succeed([rows, rows.length] as const)
            : Effect.map(countCapped(conditions), (total) => [rows, total] as const))
      const leads = rows.slice(0, page.per_page)
      const last = leads[leads.length - 1]
      return {
        leads,
        total,
        next_cursor: rows.length > page.per_page && last !== undefined ? encodeLeadCursor(last, page) : null
      }
    }).pipe(orDieOnDatabaseFailure)

  const query = (campaignId: CampaignId, filter: LeadFilter, page: LeadPageRequest) =>
    readPage(campaignId, filter, page, [])

  const isOwned = (userId: UserId, campaignId: CampaignId) =>
    isCampaignOwnedBy(sql, campaignId, userId).pipe(orDieOnDatabaseFailure)

  // The owner is checked in the page's statement: a row proves it. Only an empty page, or a request
  // that fails, asks apart, so that a stranger gets None rather than an empty page or an error.
  const queryOwned = (userId: UserId, campaignId: CampaignId, filter: LeadFilter, page: LeadPageRequest) => {
    const ownedBy = sql`EXISTS (${ownerRow(sql, campaignId, userId)})`
    return readPage(campaignId, filter, page, [ownedBy]).pipe(
      Effect.flatMap((result) =>
        result.leads.length > 0
          ? Effect.succeedSome(result)
          : Effect.map(isOwned(userId, campaignId), (owned) => (owned ? Option.some(result) : Option.none()))
      ),
      Effect.catchTag("InvalidInput", (invalid) =>
        Effect.flatMap(isOwned(userId, campaignId), (owned) => (owned ? Effect.fail(invalid) : Effect.succeedNone)))
    )
  }

  const exportOrder = { sort_by: "score", sort_dir: "desc" } as const
  /** Before each chunk of a long read: SQLite's driver blocks the event loop while it reads (eventLoopTurn.ts). */
  const beforeChunk = isPg ? Effect.void : eventLoopTurn

  const stream = (campaignId: CampaignId, filter: LeadFilter) =>
    Stream.paginateChunkEffect(Option.none<LeadCursor>(), (after) =>
      Effect.zipRight(beforeChunk, readLeads(campaignId, filter, exportOrder, Option.getOrUndefined(after), STREAM_CHUNK, 0)).pipe(
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

  const exportColumns = sql.literal(exportColumnList(isPg ? "pg" : "sqlite"))

  /** One chunk of the export after `after`, and the cursor of the next one if there may be more. */
  const exportChunk = (campaignId: CampaignId, filter: LeadFilter, after: LeadCursor | undefined) => {
    const conditions = leadConditions(sql, campaignId, filter)
    // After the first chunk, PostgreSQL reads the two ranges of afterInScoreOrder: with one range it
    // fetched from the table, then dropped, the leads of the cursor's score before the cursor (an
    // export of 1M leads took 20 s instead of 7). SQLite drops them from the index without reading
    // the table, and the union cost it more (9 s instead of 6).
    if (after !== undefined && !isPg) conditions.push(leadsAfter(sql, exportOrder, after))
    const read = after === undefined || !isPg
      ? sql`SELECT ${exportColumns} FROM leads WHERE ${sql.and(conditions)}
            ORDER BY ${leadOrderBy(sql, exportOrder)} LIMIT ${EXPORT_CHUNK}`
      : afterInScoreOrder(exportColumns, conditions, exportOrder, after, EXPORT_CHUNK)
    return Effect.zipRight(beforeChunk, read.values).pipe(
      Effect.map((values) => {
        const rows = values.map(exportRowFromValues)
        const last = values[values.length - 1]
        const next: LeadCursor | undefined = values.length < EXPORT_CHUNK || last === undefined
          ? undefined
          : { value: rows[rows.length - 1]!.score, id: String(last[16]) as LeadId }
        return { rows, next }
      }),
      orDieOnDatabaseFailure
    )
  }

  /** The export's rows: in chunks of EXPORT_CHUNK, each one keyset query read as arrays of values. */
  const exportRows = (campaignId: CampaignId, filter: LeadFilter) =>
    Stream.paginateChunkEffect(undefined as LeadCursor | undefined, (after) =>
      Effect.map(exportChunk(campaignId, filter, after), ({ next, rows }) =>
        [Chunk.unsafeFromArray(rows), next === undefined ? Option.none() : Option.some(next)] as const
      ))

  /** The export's CSV lines as PostgreSQL writes them with COPY: no value is parsed in JavaScript. */
  const exportCsv = (campaignId: CampaignId, filter: LeadFilter) =>
    isPg
      ? Option.map(copyOut, (copy) =>
        Stream.suspend(() => {
          const crlfRecordEnds = makeCrlfRecordEnds()
          // What arrived since the last pull goes out as one buffer: one write to the socket.
          return copy.stream(leadCsvCopyStatement(sql, campaignId, filter)).pipe(
            Stream.mapChunks((pieces) => Chunk.of(crlfRecordEnds(pieces))),
            Stream.orDie
          )
        }))
      : Option.none()

  // Sums over lead_counts and lead_fund_counts (internal/leadCounts.ts), which the writes keep exact.
  const stats = (campaignId: CampaignId) =>
    Effect.all([campaignFigures(sql, campaignId), topFunds(sql, campaignId, 10)]).pipe(
      Effect.map(
        ([row, funds]) =>
          new LeadStats({
            total_leads: row.total_leads,
            with_email: row.with_email,
            email_rate: percent(row.with_email, row.total_leads),
            verified_emails: row.verified_emails,
            hot_leads: row.hot_leads,
            warm_leads: row.warm_leads,
            cool_leads: row.cool_leads,
            cold_leads: row.cold_leads,
            avg_score: row.total_leads === 0 ? 0 : meanWithOneDecimal(row.score_sum, row.total_leads),
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

  /** Opts out the leads of `campaignIds` that `where` selects, and takes them out of the counts. */
  const optOutCounted = (campaignIds: ReadonlyArray<CampaignId>, where: Fragment) =>
    Effect.gen(function*() {
      yield* lockCampaigns(sql, campaignIds)
      const changed = yield* sql`UPDATE leads SET opted_out = TRUE WHERE ${where} AND opted_out = FALSE
        RETURNING ${sql.literal(countedColumns)}`.pipe(Effect.flatMap(decodeCounted))
      const delta = new CountsDelta()
      for (const lead of changed) delta.add(lead, -1)
      yield* applyCountsDelta(sql, encode, delta)
    })

  const setOptedOut = (id: LeadId) =>
    sql
      .withTransaction(
        Effect.gen(function*() {
          const campaigns = yield* sql`SELECT campaign_id FROM leads WHERE id = ${id}`.pipe(Effect.flatMap(decodeCampaignIds))
          yield* optOutCounted(campaigns.map((row) => row.campaign_id), sql`id = ${id}`)
        })
      )
      .pipe(orDieOnDatabaseFailure)

  const optOutByEmail = (email: string) =>
    sql
      .withTransaction(
        Effect.gen(function*() {
          const address = email.toLowerCase()
          const campaigns = yield* sql`SELECT DISTINCT campaign_id FROM leads WHERE lower(email) = ${address}`.pipe(
            Effect.flatMap(decodeCampaignIds),
            Effect.map((rows) => rows.map((row) => row.campaign_id))
          )
          yield* optOutCounted(campaigns, sql`lower(email) = ${address}`)
          return campaigns
        })
      )
      .pipe(orDieOnDatabaseFailure)

  const countsForUser = (userId: UserId) => userFigures(sql, userId).pipe(orDieOnDatabaseFailure)

  const writes = countingWrites(sql, encode, { insertMany, updateMany })

  return LeadStore.of({
    findByKeys,
    insertMany: (campaignId, leads) => writes.insertMany(campaignId, leads).pipe(orDieOnDatabaseFailure),
    updateMany: (updates) => writes.updateMany(updates).pipe(orDieOnDatabaseFailure),
    query,
    queryOwned,
    stream,
    exportRows,
    exportCsv,
    stats,
    freshness,
    findForUser,
    setOptedOut,
    optOutByEmail,
    countsForUser
  })
})

export const layer = Layer.effect(LeadStore, make)
