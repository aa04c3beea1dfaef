/**
 * Header matching: which lead field each column of the crawler's CSV feeds, found without regard
 * to case, spaces or punctuation, and through the aliases other tools and older files use.
 */
import { InvalidCsv } from "../Errors.js"

/** The lead fields a CSV column can supply. */
export type CsvField =
  | "name"
  | "email"
  | "email_status"
  | "role"
  | "fund"
  | "sectors"
  | "stage"
  | "check_size"
  | "hq"
  | "linkedin"
  | "website"
  | "phone"
  | "score"
  | "tier"
  | "source"
  | "scraped_at"

/** The crawler's own header names, used in messages about a field. */
export const FIELD_LABELS: Readonly<Record<CsvField, string>> = {
  name: "Name",
  email: "Email",
  email_status: "Email Status",
  role: "Role",
  fund: "Fund",
  sectors: "Focus Areas",
  stage: "Stage",
  check_size: "Check Size",
  hq: "Location",
  linkedin: "LinkedIn",
  website: "Website",
  phone: "Phone",
  score: "Lead Score",
  tier: "Tier",
  source: "Source",
  scraped_at: "Scraped At"
}

/**
 * Accepted header names per field, written as `headerKey` leaves them (lower-case letters and
 * digits only), so "E-mail", "e_mail" and "EMAIL " all read as "email".
 */
const ALIASES: Readonly<Record<CsvField, ReadonlyArray<string>>> = {
  name: ["name", "fullname", "contactname", "personname", "investorname", "contact", "person"],
  email: ["email", "emailaddress", "mail", "workemail"],
  email_status: ["emailstatus", "emailsource", "emailtype", "emailconfidence"],
  role: ["role", "title", "jobtitle", "position"],
  fund: ["fund", "fundname", "company", "companyname", "firm", "firmname", "organization", "organisation"],
  sectors: ["focusareas", "focusarea", "focus", "sectors", "sector", "industries", "industry"],
  stage: ["stage", "stages", "investmentstage", "investmentstages"],
  check_size: ["checksize", "chequesize", "ticketsize", "ticket", "investmentsize"],
  hq: ["location", "hq", "headquarters", "city", "office"],
  linkedin: ["linkedin", "linkedinurl", "linkedinprofile"],
  website: ["website", "websiteurl", "site", "web", "homepage", "domain"],
  phone: ["phone", "phonenumber", "telephone", "tel", "mobile"],
  score: ["leadscore", "score"],
  tier: ["tier", "leadtier"],
  source: ["source", "sourceurl", "url", "foundat", "page"],
  scraped_at: ["scrapedat", "scraped", "scrapeddate", "scrapedon", "crawledat", "foundon", "date"]
}

const FIELD_BY_KEY: ReadonlyMap<string, CsvField> = new Map(
  (Object.entries(ALIASES) as Array<[CsvField, ReadonlyArray<string>]>).flatMap(([field, keys]) =>
    keys.map((key) => [key, field] as const)
  )
)

/** A header cell reduced to lower-case letters and digits: "Lead Score" and "lead_score" meet. */
export const headerKey = (cell: string): string =>
  cell
    .normalize("NFKD")
    .toLowerCase()
    .replace(/[^a-z0-9]/g, "")

/** Fields without which no row can become a lead. */
const REQUIRED: ReadonlyArray<CsvField> = ["name", "score"]

/** The most columns a header may have; far more than any real file, few enough to stay cheap. */
export const MAX_COLUMNS = 10_000

export interface HeaderColumns {
  /** For each column position, the field it supplies, or null when it is ignored. */
  readonly fields: ReadonlyArray<CsvField | null>
  /** Position of each supplied field. */
  readonly positions: Readonly<Partial<Record<CsvField, number>>>
  /** Header cells that match no field, in file order, each once. */
  readonly unknown: ReadonlyArray<string>
  /** Columns that repeat a field already supplied by an earlier column (the earlier one wins). */
  readonly repeated: ReadonlyArray<string>
}

/**
 * Maps the header cells to lead fields. InvalidCsv when a required column (Name, Lead Score) is
 * missing or the header has more than MAX_COLUMNS cells; unknown columns are only reported.
 */
export const matchHeader = (cells: ReadonlyArray<string>): HeaderColumns | InvalidCsv => {
  if (cells.length > MAX_COLUMNS) {
    return new InvalidCsv({
      message: `The header has ${cells.length} columns; at most ${MAX_COLUMNS} are supported. Is this the crawler's CSV?`
    })
  }
  const fields: Array<CsvField | null> = []
  const positions: Partial<Record<CsvField, number>> = {}
  const unknown: Array<string> = []
  const repeated: Array<string> = []
  cells.forEach((cell, index) => {
    const field = FIELD_BY_KEY.get(headerKey(cell))
    if (field === undefined) {
      const label = cell.trim()
      if (!unknown.includes(label)) unknown.push(label)
      fields.push(null)
    } else if (positions[field] !== undefined) {
      repeated.push(cell.trim())
      fields.push(null)
    } else {
      positions[field] = index
      fields.push(field)
    }
  })
  const missing = REQUIRED.filter((field) => positions[field] === undefined)
  if (missing.length > 0) {
    const names = missing.map((field) => FIELD_LABELS[field]).join(" and ")
    const seen = cells.length === 0 ? "nothing" : cells.map((cell) => JSON.stringify(cell.trim())).slice(0, 20).join(", ")
    return new InvalidCsv({
      message: `The file has no ${names} column (the header line has ${seen}); nothing was imported.`
    })
  }
  return { fields, positions, unknown, repeated }
}
