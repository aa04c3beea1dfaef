/**
 * The SQL of lead listings: the filters of core's LeadFilter, the sort orders and the keyset
 * predicate that continues a sort after a cursor. Opted-out leads are never listed.
 *
 * Sorting: score and scraped_at sort by value, name and fund by lower-cased text; ties break on id
 * ascending; a missing fund or scraped_at sorts after every known value, in both directions.
 */
import type { SqlClient } from "@effect/sql/SqlClient"
import type { Fragment } from "@effect/sql/Statement"
import type { CampaignId, LeadFilter, LeadPageRequest, LeadSortBy } from "@leadfactory/core"
import type { LeadCursor } from "./leadCursor.js"

/** "Contains `term`" as a LIKE pattern escaped with `\`: a `%`, `_` or `\` typed by a user matches itself. */
const likePattern = (term: string): string => `%${term.replace(/[\\%_]/g, (c) => `\\${c}`)}%`

/** Joins the searched columns: a character no search term holds, so no match spans two columns. */
export const SEARCH_SEPARATOR = "\u0001"

/**
 * The searched columns (name, fund, email, role) lower-cased and joined by U+0001: a term without
 * that character is in this text exactly when it is in one of the columns, so one LIKE does the
 * work of four. On PostgreSQL it is also the expression of the pg_trgm index leads_search_trgm,
 * which finds the leads of a rare term without reading the campaign; on SQLite, that of the FTS5
 * index leads_search (sqliteSearchIndex.ts), whose triggers compute it from their `new` or `old` row.
 */
export const searchedText = (sql: SqlClient, row?: "new" | "old"): string => {
  const separator = sql.onDialectOrElse({ pg: () => "chr(1)", orElse: () => "char(1)" })
  const qualified = (column: string) => (row === undefined ? column : `${row}.${column}`)
  return `lower(${["name", "fund", "email", "role"].map((column) => `coalesce(${qualified(column)}, '')`).join(` || ${separator} || `)})`
}

/** An empty text filter filters nothing. */
const isGiven = (value: string | undefined): value is string => value !== undefined && value !== ""

/**
 * The WHERE conditions of `filter`. `searchCandidates` (sqliteSearchIndex.ts), given for a search by
 * a rare term, keeps the search to the leads that the index names; the LIKE still filters them.
 */
export const leadConditions = (
  sql: SqlClient,
  campaignId: CampaignId,
  filter: LeadFilter,
  searchCandidates?: Fragment
): Array<Fragment> => {
  // lower() on both sides, so case folding is the database's own on either side of LIKE.
  const contains = (column: string, term: string) =>
    sql`lower(${sql(column)}) LIKE lower(${likePattern(term)}) ESCAPE '\\'`
  const fromCandidates = searchCandidates !== undefined && isGiven(filter.search)
  // With candidates, the unary + keeps SQLite from reading the campaign by one of its indexes (all
  // begin with campaign_id) and checking each lead against them: it reads the few candidates, then sorts.
  const conditions: Array<Fragment> = [
    fromCandidates ? sql`+campaign_id = ${campaignId}` : sql`campaign_id = ${campaignId}`,
    sql`opted_out = FALSE`
  ]
  if (fromCandidates) conditions.push(searchCandidates)
  if (filter.tier !== undefined && filter.tier.length > 0) conditions.push(sql.in("tier", filter.tier))
  if (filter.min_score !== undefined) conditions.push(sql`score >= ${filter.min_score}`)
  if (filter.has_email !== undefined) {
    conditions.push(filter.has_email ? sql`email IS NOT NULL` : sql`email IS NULL`)
  }
  if (filter.email_verified !== undefined) {
    conditions.push(filter.email_verified ? sql`email_verified = TRUE` : sql`email_verified = FALSE`)
  }
  if (filter.email_status !== undefined) conditions.push(sql`email_status = ${filter.email_status}`)
  if (isGiven(filter.fund)) conditions.push(contains("fund", filter.fund))
  if (isGiven(filter.sector)) conditions.push(contains("sectors", filter.sector))
  if (isGiven(filter.stage)) conditions.push(contains("stage", filter.stage))
  if (isGiven(filter.check_size)) conditions.push(contains("check_size", filter.check_size))
  if (isGiven(filter.hq)) conditions.push(contains("hq", filter.hq))
  if (isGiven(filter.search)) {
    const term = filter.search
    conditions.push(
      term.includes(SEARCH_SEPARATOR)
        ? sql.or(["name", "fund", "email", "role"].map((column) => contains(column, term)))
        : sql`${sql.literal(searchedText(sql))} LIKE lower(${likePattern(term)}) ESCAPE '\\'`
    )
  }
  return conditions
}

interface SortColumn {
  /** The expression sorted on, applied alike to the column and to a cursor's value. */
  readonly key: (sql: SqlClient, columnOrValue: unknown) => Fragment
  readonly column: string
  readonly nullable: boolean
}

const byValue = (column: string, nullable: boolean): SortColumn => ({
  column,
  nullable,
  key: (sql, columnOrValue) => sql`${columnOrValue}`
})

const byLowerText = (column: string, nullable: boolean): SortColumn => ({
  column,
  nullable,
  key: (sql, columnOrValue) => sql`lower(${columnOrValue})`
})

const sortColumns: Record<LeadSortBy, SortColumn> = {
  score: byValue("score", false),
  name: byLowerText("name", false),
  fund: byLowerText("fund", true),
  scraped_at: byValue("scraped_at", true)
}

type Sort = Pick<LeadPageRequest, "sort_by" | "sort_dir">

export const leadOrderBy = (sql: SqlClient, sort: Sort): Fragment => {
  const column = sortColumns[sort.sort_by]
  const key = column.key(sql, sql(column.column))
  const direction = sql.literal(sort.sort_dir === "asc" ? "ASC" : "DESC")
  return column.nullable ? sql`${key} ${direction} NULLS LAST, id ASC` : sql`${key} ${direction}, id ASC`
}

/** Rows after `cursor` in the order of `leadOrderBy`. */
export const leadsAfter = (sql: SqlClient, sort: Sort, cursor: LeadCursor): Fragment => {
  const column = sortColumns[sort.sort_by]
  const key = column.key(sql, sql(column.column))
  // Nulls come last: after a null only nulls with a greater id remain.
  if (cursor.value === null) return sql`(${sql(column.column)} IS NULL AND id > ${cursor.id})`
  const value = column.key(sql, cursor.value)
  // `key >= value` repeats what the OR implies so that an index on the key can seek to the cursor.
  const after =
    sort.sort_dir === "asc"
      ? sql`(${key} >= ${value} AND (${key} > ${value} OR id > ${cursor.id}))`
      : sql`(${key} <= ${value} AND (${key} < ${value} OR id > ${cursor.id}))`
  return column.nullable ? sql`(${after} OR ${sql(column.column)} IS NULL)` : after
}

/**
 * Leads after `cursor` in score order as two index ranges: the rest of the cursor's score (`tie`,
 * ids after the cursor's) and the scores beyond it (`beyond`). As one condition with an OR, the
 * index seeks only to the cursor's score and reads, then drops, every lead of that score before the
 * cursor: thousands of leads share a score in a large campaign, and an export of a million leads
 * read ten times as many rows as it wrote.
 */
export const scoreAfterInTwo = (sql: SqlClient, sortDir: LeadPageRequest["sort_dir"], cursor: LeadCursor) => ({
  tie: sql`score = ${cursor.value} AND id > ${cursor.id}`,
  beyond: sortDir === "asc" ? sql`score > ${cursor.value}` : sql`score < ${cursor.value}`
})
