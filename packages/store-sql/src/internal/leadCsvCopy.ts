/**
 * The CSV export as one PostgreSQL `COPY (SELECT …) TO STDOUT (FORMAT csv)`: the export's leads,
 * filters and order (leadQuery.ts), with every cell already in the form the HTTP export writes
 * from LeadExportRow (packages/http/src/CsvExport.ts), so that PostgreSQL's own CSV writer gives the
 * same bytes: its quoting is RFC 4180's (a cell with `"`, `,`, CR or LF is quoted, `"` doubled) and
 * it writes NULL as an empty cell. Only the record ends differ, LF instead of CRLF (csvRecordEnds.ts).
 */
import type { SqlClient } from "@effect/sql/SqlClient"
import type { CampaignId, LeadFilter } from "@leadfactory/core"
import { leadConditions, leadOrderBy } from "./leadQuery.js"

/**
 * A text cell: NULL (an empty cell) for null or '', and a `'` before a value that a spreadsheet
 * would run as a formula (first character `=`, `+`, `-`, `@`, tab or CR). ascii() reads the first
 * character without a regular expression, which cost more per cell.
 */
const textCell = (expression: string) =>
  `CASE WHEN ${expression} = '' THEN NULL WHEN ascii(${expression}) IN (9, 13, 43, 45, 61, 64) THEN '''' || ${expression} ` +
  `ELSE ${expression} END`

/**
 * The score as JavaScript's String(number) writes it, which is what the export writes (scores are
 * 0 to 100): float8's text has the same shortest round-trip digits (extra_float_digits at its
 * default, 1), but PostgreSQL switches to an exponent below 1e-4 (`1.5e-05`) where JavaScript
 * writes `0.000015`, and below 1e-6 the export writes twelve decimals without trailing zeros
 * instead of JavaScript's exponent.
 */
const scoreCell =
  `CASE WHEN score = 0 THEN '0' ` +
  `WHEN score >= 1e-4 THEN score::text ` +
  `WHEN score >= 1e-6 THEN '0.' || repeat('0', substring(score::text from 'e-0*([0-9]+)$')::int - 1) ` +
  `|| replace(substring(score::text from '^[0-9.]+'), '.', '') ` +
  `ELSE rtrim(rtrim(round(score::numeric, 12)::text, '0'), '.') END`

/**
 * The crawler's time, UTC without a zone: `2024-05-01T09:30:00`, with `.123` only when the
 * milliseconds are not zero. to_char's MS truncates microseconds, as the rows' time text does.
 */
const scrapedAtCell = (() => {
  const utc = `(scraped_at AT TIME ZONE 'UTC')`
  return `CASE WHEN date_trunc('milliseconds', ${utc}) = date_trunc('second', ${utc}) ` +
    `THEN to_char(${utc}, 'YYYY-MM-DD"T"HH24:MI:SS') ELSE to_char(${utc}, 'YYYY-MM-DD"T"HH24:MI:SS.MS') END`
})()

/** The export's cells in the header's order (CSV_HEADER): Name … Scraped At. */
const csvCells = [
  textCell("name"),
  textCell("email"),
  // The crawler's own word for the email's status as imported, else ours unless it is only "unknown".
  textCell("coalesce(email_source, NULLIF(email_status, 'unknown'))"),
  textCell("role"),
  textCell("fund"),
  textCell("sectors"),
  textCell("stage"),
  textCell("check_size"),
  textCell("hq"),
  textCell("linkedin"),
  textCell("website"),
  // Neither starts like a formula nor is empty: a score is a number from 0 to 100, a tier one of four words.
  scoreCell,
  "tier",
  textCell("source"),
  scrapedAtCell
].join(", ")

/** A statement value as a SQL literal: COPY takes no bind parameters. */
const literal = (value: unknown): string => {
  if (typeof value === "string") {
    // Written as pg's escapeLiteral does: right whatever standard_conforming_strings says.
    const quoted = `'${value.replaceAll("'", "''").replaceAll("\\", "\\\\")}'`
    return value.includes("\\") ? `E${quoted}` : quoted
  }
  if (typeof value === "number" && Number.isFinite(value)) return `(${String(value)})`
  if (typeof value === "boolean") return value ? "TRUE" : "FALSE"
  throw new TypeError(`A lead filter value of type ${typeof value} cannot be written into a COPY statement.`)
}

/**
 * The COPY of the export: the SELECT of leadConditions in score order, its `$n` parameters written
 * in as literals. Neither leadQuery.ts's SQL nor the cells above hold a `$` before a digit, so each
 * `$n` of the compiled text is a parameter.
 */
export const leadCsvCopyStatement = (sql: SqlClient, campaignId: CampaignId, filter: LeadFilter): string => {
  const select = sql`SELECT ${sql.literal(csvCells)} FROM leads WHERE ${sql.and(leadConditions(sql, campaignId, filter))}
    ORDER BY ${leadOrderBy(sql, { sort_by: "score", sort_dir: "desc" })}`
  const [text, params] = select.compile()
  const query = text.replace(/\$(\d+)/g, (_, index: string) => literal(params[Number(index) - 1]))
  return `COPY (${query}) TO STDOUT (FORMAT csv)`
}
