/**
 * The import's bulk statements on SQLite, as SQL texts from a small fixed set. The driver keeps
 * every statement text it prepared (up to 200, for 10 minutes), and a prepared INSERT of 1,300
 * rows holds about 2.8 MB outside the JavaScript heap: when each batch ended with a chunk of its
 * own length, an import's memory grew with the number of its batches. Here an INSERT has 256,
 * 128, …, 1 rows (fixedSizeChunks: at most nine texts) and a key lookup always 1,000 keys (the
 * last one padded by repeating a key, which `IN` ignores), so the prepared statements are the same
 * few from the first batch to the last, and no statement is built by the SQL compiler per chunk.
 */
import type { SqlClient } from "@effect/sql/SqlClient"
import type { CampaignId, KeyedLead, LeadId, LeadInput } from "@leadfactory/core"
import { Effect } from "effect"
import { dbDateOrNull } from "./dbValues.js"
import { fixedSizeChunks } from "./fixedSizeChunks.js"

/** Rows of the largest INSERT (a power of two): 22 parameters a row, far below SQLite's 32766 a statement. */
const MAX_INSERT_ROWS = 256
/** Keys per lookup, padded to exactly this many. */
export const SQLITE_LOOKUP_KEYS = 1000

/** A lead's row as INSERT binds it: id, campaign_id, dedupe_key, then the LeadInput columns. */
const ROW_PLACEHOLDERS = "(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 0, ?, NULL, ?)"

const insertTexts = new Map<number, string>()
const insertText = (rows: number): string => {
  let text = insertTexts.get(rows)
  if (text === undefined) {
    text = `INSERT INTO leads (id, campaign_id, dedupe_key, name, email, email_status, email_source, email_verified,
        linkedin, phone, fund, role, website, sectors, check_size, stage, hq, score, tier, source, opted_out, scraped_at,
        last_verified, last_crawled_at)
      VALUES ${Array.from({ length: rows }, () => ROW_PLACEHOLDERS).join(", ")}
      ON CONFLICT (campaign_id, dedupe_key) DO NOTHING
      RETURNING id, dedupe_key`
    insertTexts.set(rows, text)
  }
  return text
}

/** Appends the LeadInput columns of `lead` in the order of ROW_PLACEHOLDERS (booleans as 0/1). */
const pushInputColumns = (params: Array<unknown>, lead: LeadInput): void => {
  const scrapedAt = dbDateOrNull(lead.scraped_at)
  params.push(
    lead.name,
    lead.email,
    lead.email_status,
    lead.email_source,
    lead.email_verified ? 1 : 0,
    lead.linkedin,
    lead.phone,
    lead.fund,
    lead.role,
    lead.website,
    lead.sectors,
    lead.check_size,
    lead.stage,
    lead.hq,
    lead.score,
    lead.tier,
    lead.source,
    scrapedAt,
    scrapedAt
  )
}

/**
 * Inserts the leads with the given ids; a key the campaign has already is left alone. Returns the
 * rows inserted (id, dedupe_key), undecoded.
 */
export const insertManySqlite = (
  sql: SqlClient,
  campaignId: CampaignId,
  leads: ReadonlyArray<KeyedLead & { readonly id: string }>
) => {
  return Effect.forEach(fixedSizeChunks(leads, MAX_INSERT_ROWS), (chunk) => {
    const params: Array<unknown> = []
    for (const { id, key, lead } of chunk) {
      params.push(id, campaignId, key)
      pushInputColumns(params, lead)
    }
    return sql.unsafe<Record<string, unknown>>(insertText(chunk.length), params)
  }).pipe(Effect.map((chunks) => chunks.flat()))
}

const UPDATE_TEXT = `UPDATE leads SET name = ?, email = ?, email_status = ?, email_source = ?, email_verified = ?,
    linkedin = ?, phone = ?, fund = ?, role = ?, website = ?, sectors = ?, check_size = ?, stage = ?, hq = ?, score = ?,
    tier = ?, source = ?, scraped_at = ?, last_crawled_at = ?
  WHERE id = ?`

/** Overwrites every LeadInput column of the given leads, one prepared statement run per lead. */
export const updateManySqlite = (sql: SqlClient, updates: ReadonlyArray<{ readonly id: LeadId; readonly lead: LeadInput }>) =>
  Effect.forEach(
    updates,
    ({ id, lead }) => {
      const params: Array<unknown> = []
      pushInputColumns(params, lead)
      params.push(id)
      return sql.unsafe(UPDATE_TEXT, params)
    },
    { discard: true }
  )

const LOOKUP_TEXT = `SELECT id, dedupe_key, scraped_at FROM leads WHERE campaign_id = ? AND dedupe_key IN (${
  Array.from({ length: SQLITE_LOOKUP_KEYS }, () => "?").join(", ")
})`

/** Existing leads of the campaign among `keys` (at most SQLITE_LOOKUP_KEYS, at least one): id, dedupe_key, scraped_at. */
export const findByKeysSqlite = (sql: SqlClient, campaignId: CampaignId, keys: ReadonlyArray<string>) => {
  const params: Array<unknown> = [campaignId, ...keys]
  while (params.length <= SQLITE_LOOKUP_KEYS) params.push(keys[0])
  return sql.unsafe<Record<string, unknown>>(LOOKUP_TEXT, params)
}
