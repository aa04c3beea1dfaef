/**
 * Lead rows into Leads, checked column by column by hand: a page of 50 leads decoded through Schema
 * took longer than its query, and an export of a million leads several times longer than reading
 * them. The checks are the row schema's (types, the tier and email-status words, valid times); a
 * row that fails one is a defect, as a row that does not decode is everywhere in the stores.
 */
import { EmailStatus, type Lead, type LeadExportRow, Tier } from "@leadfactory/core"

/** The columns of a Lead, in the order of `leadFromValues`. */
export const LEAD_COLUMNS = [
  "id", "campaign_id", "name", "email", "email_status", "email_source", "email_verified", "linkedin", "phone", "fund",
  "role", "website", "sectors", "check_size", "stage", "hq", "score", "tier", "source", "opted_out", "scraped_at",
  "last_verified", "last_crawled_at"
] as const

export const leadColumnList = LEAD_COLUMNS.join(", ")

const TIERS: ReadonlySet<unknown> = new Set(Tier.literals)
const EMAIL_STATUSES: ReadonlySet<unknown> = new Set(EmailStatus.literals)

class LeadRowError extends Error {
  override readonly name = "LeadRowError"
}

const fail = (column: string, value: unknown): never => {
  throw new LeadRowError(`The lead column ${column} holds ${JSON.stringify(value)}, which is not valid.`)
}

const text = (column: string, value: unknown): string => (typeof value === "string" ? value : fail(column, value))

const textOrNull = (column: string, value: unknown): string | null =>
  value === null || typeof value === "string" ? value : fail(column, value)

/** A boolean: true/false from PostgreSQL, 1/0 from SQLite. */
const flag = (column: string, value: unknown): boolean =>
  value === true || value === 1 ? true : value === false || value === 0 ? false : fail(column, value)

/** A number; pg may give a numeric column as a string. */
const number = (column: string, value: unknown): number => {
  const n = typeof value === "number" ? value : typeof value === "string" && value.trim() !== "" ? Number(value) : Number.NaN
  return Number.isFinite(n) ? n : fail(column, value)
}

/** A time: a Date from PostgreSQL, ISO-8601 text from SQLite. */
const timeOrNull = (column: string, value: unknown): Date | null => {
  if (value === null) return null
  const date = value instanceof Date ? value : typeof value === "string" ? new Date(value) : undefined
  return date !== undefined && !Number.isNaN(date.getTime()) ? date : fail(column, value)
}

const oneOf = <A>(column: string, value: unknown, allowed: ReadonlySet<unknown>): A =>
  allowed.has(value) ? (value as A) : fail(column, value)

/** One lead from its column values in LEAD_COLUMNS order (a row read in array mode). Throws LeadRowError. */
export const leadFromValues = (v: ReadonlyArray<unknown>): Lead => ({
  id: text("id", v[0]) as Lead["id"],
  campaign_id: text("campaign_id", v[1]) as Lead["campaign_id"],
  name: text("name", v[2]),
  email: textOrNull("email", v[3]),
  email_status: oneOf("email_status", v[4], EMAIL_STATUSES),
  email_source: textOrNull("email_source", v[5]),
  email_verified: flag("email_verified", v[6]),
  linkedin: textOrNull("linkedin", v[7]),
  phone: textOrNull("phone", v[8]),
  fund: textOrNull("fund", v[9]),
  role: textOrNull("role", v[10]),
  website: textOrNull("website", v[11]),
  sectors: textOrNull("sectors", v[12]),
  check_size: textOrNull("check_size", v[13]),
  stage: textOrNull("stage", v[14]),
  hq: textOrNull("hq", v[15]),
  score: number("score", v[16]),
  tier: oneOf("tier", v[17], TIERS),
  source: textOrNull("source", v[18]),
  opted_out: flag("opted_out", v[19]),
  scraped_at: timeOrNull("scraped_at", v[20]),
  last_verified: timeOrNull("last_verified", v[21]),
  last_crawled_at: timeOrNull("last_crawled_at", v[22])
})

/** One lead from a row object keyed by column name. Throws LeadRowError. */
export const leadFromRow = (row: Readonly<Record<string, unknown>>): Lead => leadFromValues(LEAD_COLUMNS.map((column) => row[column]))

/**
 * The columns of an export row (LeadExportRow), then the id for the keyset cursor. `scraped_at`
 * comes as ISO-8601 text in UTC with milliseconds: as SQLite stores it, and formatted so by PostgreSQL.
 */
export const exportColumnList = (dialect: "pg" | "sqlite") =>
  "name, email, email_status, email_source, role, fund, sectors, stage, check_size, hq, linkedin, website, score, tier, source, " +
  (dialect === "pg" ? `to_char(scraped_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')` : "scraped_at") +
  ", id"

/** One export row from its values in `exportColumnList` order. Throws LeadRowError. */
export const exportRowFromValues = (v: ReadonlyArray<unknown>): LeadExportRow => ({
  name: text("name", v[0]),
  email: textOrNull("email", v[1]),
  email_status: oneOf("email_status", v[2], EMAIL_STATUSES),
  email_source: textOrNull("email_source", v[3]),
  role: textOrNull("role", v[4]),
  fund: textOrNull("fund", v[5]),
  sectors: textOrNull("sectors", v[6]),
  stage: textOrNull("stage", v[7]),
  check_size: textOrNull("check_size", v[8]),
  hq: textOrNull("hq", v[9]),
  linkedin: textOrNull("linkedin", v[10]),
  website: textOrNull("website", v[11]),
  score: number("score", v[12]),
  tier: oneOf("tier", v[13], TIERS),
  source: textOrNull("source", v[14]),
  scraped_at: textOrNull("scraped_at", v[15])
})
