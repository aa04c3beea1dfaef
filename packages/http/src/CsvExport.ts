/**
 * Writes leads as the crawl engine's CSV (same header, same cell forms) so that an export imports
 * again unchanged; RFC 4180 quoting, and cells that a spreadsheet would run as a formula are
 * prefixed with `'`.
 */
import type { Lead } from "@leadfactory/core"

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

const FORMULA_START = /^[=+\-@\t\r]/
const NEEDS_QUOTES = /[",\r\n]/

/** One cell: neutralised if a spreadsheet would evaluate it, quoted when it holds `"`, `,` or a line break. */
export const csvCell = (value: string | null): string => {
  if (value === null || value === "") return ""
  const safe = FORMULA_START.test(value) ? `'${value}` : value
  return NEEDS_QUOTES.test(safe) ? `"${safe.replaceAll("\"", "\"\"")}"` : safe
}

/** ISO 8601 in UTC without a zone, as the crawler writes it (`2024-05-01T09:30:00`). */
export const crawlerTimestamp = (date: Date): string => {
  const iso = date.toISOString()
  return (iso.endsWith(".000Z") ? iso.slice(0, -5) : iso.slice(0, -1))
}

/**
 * The crawler's Email Status cell: its own word, as imported (so the lead imports again unchanged);
 * else our status, unless that is only "unknown", which an empty cell means too.
 */
const emailStatusCell = (lead: Lead): string | null =>
  lead.email_source ?? (lead.email_status === "unknown" ? null : lead.email_status)

/** The score as the crawler writes it (85, 72.5), never in exponent form. */
const scoreCell = (score: number): string => {
  const text = String(score)
  return text.includes("e") ? score.toFixed(12).replace(/\.?0+$/, "") : text
}

export const csvRow = (lead: Lead): string =>
  [
    lead.name,
    lead.email,
    emailStatusCell(lead),
    lead.role,
    lead.fund,
    lead.sectors,
    lead.stage,
    lead.check_size,
    lead.hq,
    lead.linkedin,
    lead.website,
    scoreCell(lead.score),
    lead.tier,
    lead.source,
    lead.scraped_at === null ? null : crawlerTimestamp(lead.scraped_at)
  ].map(csvCell).join(",") + "\r\n"

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
