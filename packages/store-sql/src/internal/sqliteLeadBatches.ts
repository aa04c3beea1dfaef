/**
 * The import's bulk statements on SQLite, as SQL texts from a small fixed set.
 *
 * A batch's leads are first written to a staging table of the connection (TEMP: no constraint, no
 * trigger, invisible to other connections), then moved into `leads` by one INSERT … SELECT (or one
 * UPDATE … FROM). Writing to `leads` directly took twice as long: a statement that can fail half
 * way on a table with triggers (the search index's) makes SQLite copy every page it changes into a
 * statement journal first, and makes FTS5 flush its pending terms; the import paid both for each
 * statement of 256 rows, and for each updated lead. Now it pays them once a batch, as
 * `sqlite3 .import` followed by INSERT … SELECT does (100,000 rows: 13.0 s → 6.0 s in
 * better-sqlite3 alone).
 *
 * The driver keeps every statement text it prepared (up to 200, for 10 minutes), and a prepared
 * INSERT of 1,300 rows holds about 2.8 MB outside the JavaScript heap: when each batch ended with a
 * chunk of its own length, an import's memory grew with the number of its batches. Here a staging
 * INSERT has 256, 128, …, 1 rows (fixedSizeChunks: at most nine texts) and a key lookup always
 * 1,000 keys (the last one padded by repeating a key, which `IN` ignores), so the prepared
 * statements are the same few from the first batch to the last, and no statement is built by the
 * SQL compiler per chunk.
 */
import type { SqlClient } from "@effect/sql/SqlClient"
import type { SqlError } from "@effect/sql/SqlError"
import type { CampaignId, KeyedLead, LeadId, LeadInput } from "@leadfactory/core"
import { Effect } from "effect"
import { dbDateOrNull } from "./dbValues.js"
import { fixedSizeChunks } from "./fixedSizeChunks.js"

/** Rows of the largest staging INSERT (a power of two): 21 parameters a row, far below SQLite's 32766 a statement. */
const MAX_STAGED_ROWS = 256
/** Keys per lookup, padded to exactly this many. */
export const SQLITE_LOOKUP_KEYS = 1000

/** The LeadInput columns in the order setInputColumns binds them. */
const INPUT_COLUMNS = `name, email, email_status, email_source, email_verified, linkedin, phone, fund, role, website,
  sectors, check_size, stage, hq, score, tier, source, scraped_at, last_crawled_at`

/** A batch's leads on their way into `leads`: the id, the dedupe key (of a new lead), then INPUT_COLUMNS. */
const STAGING = "temp.lead_batch_staging"

const CREATE_STAGING = `CREATE TEMP TABLE IF NOT EXISTS lead_batch_staging (id, dedupe_key, ${INPUT_COLUMNS})`

/** Columns of the staging table: id, dedupe_key, then INPUT_COLUMNS. */
const STAGED_COLUMNS = 2 + INPUT_COLUMNS.split(",").length
const ROW_PLACEHOLDERS = `(${Array.from({ length: STAGED_COLUMNS }, () => "?").join(", ")})`

const stagingTexts = new Map<number, string>()
const stagingText = (rows: number): string => {
  let text = stagingTexts.get(rows)
  if (text === undefined) {
    text = `INSERT INTO ${STAGING} VALUES ${Array.from({ length: rows }, () => ROW_PLACEHOLDERS).join(", ")}`
    stagingTexts.set(rows, text)
  }
  return text
}

/** Writes the LeadInput columns of `lead` from `at` on, in the order of INPUT_COLUMNS (booleans as 0/1). */
const setInputColumns = (params: Array<unknown>, at: number, lead: LeadInput): void => {
  const scrapedAt = dbDateOrNull(lead.scraped_at)
  params[at] = lead.name
  params[at + 1] = lead.email
  params[at + 2] = lead.email_status
  params[at + 3] = lead.email_source
  params[at + 4] = lead.email_verified ? 1 : 0
  params[at + 5] = lead.linkedin
  params[at + 6] = lead.phone
  params[at + 7] = lead.fund
  params[at + 8] = lead.role
  params[at + 9] = lead.website
  params[at + 10] = lead.sectors
  params[at + 11] = lead.check_size
  params[at + 12] = lead.stage
  params[at + 13] = lead.hq
  params[at + 14] = lead.score
  params[at + 15] = lead.tier
  params[at + 16] = lead.source
  params[at + 17] = scrapedAt
  params[at + 18] = scrapedAt
}

/**
 * Runs `move` (statements reading the staging table) after staging `rows`: for each, its id, its
 * dedupe key (or null) and its lead. The table starts and ends empty; it is written in the caller's
 * transaction, so a failure rolls the staged rows back with everything else.
 */
const throughStaging = <R, A>(
  sql: SqlClient,
  rows: ReadonlyArray<R>,
  columnsOf: (row: R) => { readonly id: string; readonly key: string | null; readonly lead: LeadInput },
  move: Effect.Effect<A, SqlError>
) =>
  Effect.gen(function*() {
    yield* sql.unsafe(CREATE_STAGING)
    yield* sql.unsafe(`DELETE FROM ${STAGING}`)
    for (const chunk of fixedSizeChunks(rows, MAX_STAGED_ROWS)) {
      // Sized up front: grown by push, the arrays of one import allocated about 50 MB more.
      const params = new Array<unknown>(chunk.length * STAGED_COLUMNS)
      let at = 0
      for (const row of chunk) {
        const { id, key, lead } = columnsOf(row)
        params[at] = id
        params[at + 1] = key
        setInputColumns(params, at + 2, lead)
        at += STAGED_COLUMNS
      }
      yield* sql.unsafe(stagingText(chunk.length), params)
    }
    const moved = yield* move
    yield* sql.unsafe(`DELETE FROM ${STAGING}`)
    return moved
  })

const INSERT_STAGED = `INSERT INTO leads (id, campaign_id, dedupe_key, ${INPUT_COLUMNS}, opted_out, last_verified)
  SELECT id, ?, dedupe_key, ${INPUT_COLUMNS}, 0, NULL FROM ${STAGING} WHERE true
  ON CONFLICT (campaign_id, dedupe_key) DO NOTHING
  RETURNING id, dedupe_key`

/**
 * Inserts the leads with the given ids, in one transaction (the caller's); a key the campaign has
 * already is left alone. Returns the rows inserted (id, dedupe_key), undecoded.
 */
export const insertManySqlite = (
  sql: SqlClient,
  campaignId: CampaignId,
  leads: ReadonlyArray<KeyedLead & { readonly id: string }>
) =>
  throughStaging(
    sql,
    leads,
    (lead) => lead,
    sql.unsafe<Record<string, unknown>>(INSERT_STAGED, [campaignId])
  )

const UPDATE_STAGED = `UPDATE leads SET ${
  INPUT_COLUMNS.split(",").map((column) => `${column.trim()} = staged.${column.trim()}`).join(", ")
} FROM ${STAGING} AS staged WHERE leads.id = staged.id`

/** Overwrites every LeadInput column of the given leads, in one transaction (the caller's). */
export const updateManySqlite = (sql: SqlClient, updates: ReadonlyArray<{ readonly id: LeadId; readonly lead: LeadInput }>) =>
  throughStaging(
    sql,
    updates,
    ({ id, lead }) => ({ id, key: null, lead }),
    sql.unsafe(UPDATE_STAGED)
  ).pipe(Effect.asVoid)

const LOOKUP_TEXT = `SELECT id, dedupe_key, scraped_at FROM leads WHERE campaign_id = ? AND dedupe_key IN (${
  Array.from({ length: SQLITE_LOOKUP_KEYS }, () => "?").join(", ")
})`

/** Existing leads of the campaign among `keys` (at most SQLITE_LOOKUP_KEYS, at least one): id, dedupe_key, scraped_at. */
export const findByKeysSqlite = (sql: SqlClient, campaignId: CampaignId, keys: ReadonlyArray<string>) => {
  const params: Array<unknown> = [campaignId, ...keys]
  while (params.length <= SQLITE_LOOKUP_KEYS) params.push(keys[0])
  return sql.unsafe<Record<string, unknown>>(LOOKUP_TEXT, params)
}
