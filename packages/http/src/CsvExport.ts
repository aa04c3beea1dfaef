/**
 * Writes leads as the crawl engine's CSV (same header, same cell forms) so that an export imports
 * again unchanged; RFC 4180 quoting, and cells that a spreadsheet would run as a formula are
 * prefixed with `'`.
 */
import type { Lead, LeadExportRow } from "@leadfactory/core"

/** The crawl engine's header, exactly (api.md). */
export const CSV_HEADER = [
  "Name",
  "Email",
  "Email Status",
  "Role",
  "Fund",
  "Focus Areas",
  "Stage",
  "Check Size",
  "Location",
  "LinkedIn",
  "Website",
  "Lead Score",
  "Tier",
  "Source",
  "Scraped At"
] as const

const NEEDS_QUOTES = /[",\r\n]/

/** A spreadsheet runs a cell that starts with = + - @, a tab or a carriage return as a formula. */
const startsLikeFormula = (value: string): boolean => {
  const first = value.charCodeAt(0)
  return first === 61 || first === 43 || first === 45 || first === 64 || first === 9 || first === 13
}

/** One cell: neutralised if a spreadsheet would evaluate it, quoted when it holds `"`, `,` or a line break. */
export const csvCell = (value: string | null): string => {
  if (value === null || value === "") return ""
  const safe = startsLikeFormula(value) ? `'${value}` : value
  return NEEDS_QUOTES.test(safe) ? `"${safe.replaceAll("\"", "\"\"")}"` : safe
}

/** ISO-8601 text in UTC (`2024-05-01T09:30:00.000Z`) as the crawler writes times: no zone, no `.000`. */
export const crawlerTimestampOfIso = (iso: string): string =>
  iso.endsWith(".000Z") ? iso.slice(0, -5) : iso.endsWith("Z") ? iso.slice(0, -1) : iso

/** ISO 8601 in UTC without a zone, as the crawler writes it (`2024-05-01T09:30:00`). */
export const crawlerTimestamp = (date: Date): string => crawlerTimestampOfIso(date.toISOString())

/**
 * The crawler's Email Status cell: its own word, as imported (so the lead imports again unchanged);
 * else our status, unless that is only "unknown", which an empty cell means too.
 */
const emailStatusCell = (row: Pick<LeadExportRow, "email_source" | "email_status">): string | null =>
  row.email_source ?? (row.email_status === "unknown" ? null : row.email_status)

/** The score as the crawler writes it (85, 72.5), never in exponent form. */
const scoreCell = (score: number): string => {
  const text = String(score)
  return text.includes("e") ? score.toFixed(12).replace(/\.?0+$/, "") : text
}

/** One line of the export, CRLF-terminated: the export's hot loop, so plain concatenation. */
export const csvLine = (row: LeadExportRow): string =>
  csvCell(row.name) + "," + csvCell(row.email) + "," + csvCell(emailStatusCell(row)) + "," + csvCell(row.role) + "," +
  csvCell(row.fund) + "," + csvCell(row.sectors) + "," + csvCell(row.stage) + "," + csvCell(row.check_size) + "," +
  csvCell(row.hq) + "," + csvCell(row.linkedin) + "," + csvCell(row.website) + "," + csvCell(scoreCell(row.score)) + "," +
  csvCell(row.tier) + "," + csvCell(row.source) + "," +
  csvCell(row.scraped_at === null ? null : crawlerTimestampOfIso(row.scraped_at)) + "\r\n"

/**
 * The lines of rows as UTF-8 bytes, written line by line into one buffer: no string of the whole
 * chunk is made, so nothing the export allocates outlives V8's young generation, and the bytes live
 * outside the JavaScript heap until the socket has written them.
 */
export const csvBytes = (rows: Iterable<LeadExportRow>): Uint8Array => {
  const lines: Array<string> = []
  let length = 0
  for (const row of rows) {
    const line = csvLine(row)
    lines.push(line)
    length += line.length
  }
  // A UTF-16 code unit takes at most 3 bytes in UTF-8.
  const bytes = Buffer.allocUnsafe(length * 3)
  let end = 0
  for (const line of lines) end += bytes.write(line, end)
  return bytes.subarray(0, end)
}

/** The line of a Lead: the same cells as its export row. */
export const csvRow = (lead: Lead): string =>
  csvLine({ ...lead, scraped_at: lead.scraped_at === null ? null : lead.scraped_at.toISOString() })

export const csvHeaderLine = CSV_HEADER.join(",") + "\r\n"

/**
 * `Content-Disposition` for the export of a campaign: an ASCII file name made from the campaign
 * name (letters, digits, `-`, `_`, `.`), and the full UTF-8 name as RFC 5987 `filename*`.
 */
export const attachmentHeader = (campaignName: string): string => {
  const base = campaignName.normalize("NFKC").trim().slice(0, 100) || "leads"
  const ascii = base
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .replace(/[^A-Za-z0-9._-]+/g, "_")
    .replace(/^[._]+|[._]+$/g, "")
    .replace(/_+/g, "_") || "leads"
  const utf8 = encodeURIComponent(`${base.replace(/[\u0000-\u001f\u007f/\\]/g, "_")}.csv`)
    .replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`)
  return `attachment; filename="${ascii}.csv"; filename*=UTF-8''${utf8}`
}
