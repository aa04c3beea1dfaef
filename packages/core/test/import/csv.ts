/** Small CSV builders for the import tests. */

export const CRAWLER_HEADER = [
  "Name", "Email", "Email Status", "Role", "Fund", "Focus Areas", "Stage", "Check Size", "Location", "LinkedIn",
  "Website", "Lead Score", "Tier", "Source", "Scraped At"
] as const

type Column = (typeof CRAWLER_HEADER)[number]

/** A crawler row with sensible values; `overrides` sets cells by column name. */
export const crawlerRow = (overrides: Partial<Record<Column, string>> = {}): Array<string> => {
  const base: Record<Column, string> = {
    Name: "Ann Lee",
    Email: "ann.lee@acme.vc",
    "Email Status": "scraped",
    Role: "Partner",
    Fund: "Acme Ventures",
    "Focus Areas": "AI, ML; Fintech",
    Stage: "Seed, Series A",
    "Check Size": "N/A",
    Location: "New York, NY",
    LinkedIn: "https://www.linkedin.com/in/annlee/",
    Website: "https://www.acme.vc",
    "Lead Score": "85",
    Tier: "🔴 HOT",
    Source: "https://www.acme.vc/team",
    "Scraped At": "2026-02-20T10:00:00.123456"
  }
  return CRAWLER_HEADER.map((column) => overrides[column] ?? base[column])
}

const quote = (cell: string, delimiter: string) =>
  cell.includes(delimiter) || /["\r\n]/.test(cell) ? `"${cell.replaceAll("\"", "\"\"")}"` : cell

/** RFC 4180 text of the rows (the first is the header). */
export const csvText = (rows: ReadonlyArray<ReadonlyArray<string>>, delimiter = ",", eol = "\n"): string =>
  rows.map((row) => row.map((cell) => quote(cell, delimiter)).join(delimiter)).join(eol) + eol

/** The crawler's header followed by the rows. */
export const crawlerCsv = (rows: ReadonlyArray<ReadonlyArray<string>>, delimiter = ",", eol = "\n"): string =>
  csvText([[...CRAWLER_HEADER], ...rows], delimiter, eol)
