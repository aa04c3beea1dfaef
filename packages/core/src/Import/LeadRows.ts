/**
 * Rows to leads: applies the value rules to one record of the CSV, giving the lead and its dedupe
 * key, or the reason the row is rejected. Warnings (a malformed email kept as null, an unknown
 * Email Status word) go to a callback; the row is still imported.
 *
 * This runs for every row of every import: it loops by index (no iterator or tuple per cell) and
 * builds each lead as one object literal, not through the LeadInput class constructor, which
 * copies its fields twice and was the largest allocation of an import.
 */
import { dedupeKey, tierFromScore, type EmailStatus, type LeadInput } from "../Lead.js"
import {
  CellError,
  emailStatusOf,
  formulaPrefix,
  MAX_CELL_LENGTH,
  normaliseEmail,
  parseScore,
  parseScrapedAt,
  parseTier,
  textValue
} from "./CellValues.js"
import { FIELD_LABELS, type CsvField, type HeaderColumns } from "./HeaderColumns.js"

/** A valid row, ready to be upserted. */
export interface LeadRow {
  readonly line: number
  readonly key: string
  readonly lead: LeadInput
}

/** A row that cannot become a lead. */
export class RowRejected {
  constructor(readonly line: number, readonly message: string) {}
}

/** Text fields stored as they are; each is refused when it would run as a spreadsheet formula. */
const TEXT_FIELDS = ["role", "fund", "sectors", "stage", "check_size", "hq", "linkedin", "website", "phone", "source"] as const
type TextField = (typeof TEXT_FIELDS)[number]

export class LeadRowReader {
  private readonly at: Readonly<Record<CsvField, number>>
  /** Positions of every mapped column, and their labels, to check lengths in one pass. */
  private readonly mappedAt: ReadonlyArray<number>
  private readonly mappedLabels: ReadonlyArray<string>

  constructor(
    columns: HeaderColumns,
    private readonly warn: (line: number, message: string) => void
  ) {
    const at = {} as Record<CsvField, number>
    for (const field of Object.keys(FIELD_LABELS) as Array<CsvField>) at[field] = columns.positions[field] ?? -1
    this.at = at
    const mappedAt: Array<number> = []
    const mappedLabels: Array<string> = []
    columns.fields.forEach((field, index) => {
      if (field === null) return
      mappedAt.push(index)
      mappedLabels.push(FIELD_LABELS[field])
    })
    this.mappedAt = mappedAt
    this.mappedLabels = mappedLabels
  }

  /** The lead of a record, its rejection, or null for a row with no value at all (skipped silently). */
  read(fields: ReadonlyArray<string>, line: number): LeadRow | RowRejected | null {
    const mappedAt = this.mappedAt
    for (let i = 0; i < mappedAt.length; i++) {
      const cell = fields[mappedAt[i]!]!
      if (cell.length > MAX_CELL_LENGTH) {
        return new RowRejected(line, `${this.mappedLabels[i]} is longer than ${MAX_CELL_LENGTH} characters`)
      }
      // Past the first chunk, where a NUL marks the whole file as binary, it marks a damaged line;
      // no text column can hold one (PostgreSQL refuses it).
      if (cell.includes("\u0000")) {
        return new RowRejected(line, `${this.mappedLabels[i]} contains a NUL byte: the line is damaged or binary`)
      }
    }
    const name = textValue(fields[this.at.name]!)
    if (name === null) {
      return fields.every((cell) => cell.trim() === "") ? null : new RowRejected(line, "Name is empty")
    }
    if (formulaPrefix(name, false) !== null) return formulaRejection(line, "name", name)

    // Every key set at once, so that each row's object has the same shape.
    const text: Record<TextField, string | null> = {
      role: null, fund: null, sectors: null, stage: null, check_size: null, hq: null, linkedin: null, website: null,
      phone: null, source: null
    }
    for (let i = 0; i < TEXT_FIELDS.length; i++) {
      const field = TEXT_FIELDS[i]!
      const index = this.at[field]
      const value = index === -1 ? null : textValue(fields[index]!)
      if (value !== null && formulaPrefix(value, field === "phone") !== null) return formulaRejection(line, field, value)
      text[field] = value
    }

    const score = parseScore(this.cell("score", fields))
    if (score instanceof CellError) return new RowRejected(line, score.message)
    const tier = parseTier(this.cell("tier", fields))
    if (tier instanceof CellError) return new RowRejected(line, tier.message)

    const scrapedText = this.cell("scraped_at", fields)
    const scraped_at = scrapedText === null ? null : parseScrapedAt(scrapedText)
    if (scraped_at instanceof CellError) return new RowRejected(line, scraped_at.message)

    const statusWord = this.cell("email_status", fields)
    let email_status: EmailStatus = "unknown"
    if (statusWord !== null) {
      if (formulaPrefix(statusWord, false) !== null) return formulaRejection(line, "email_status", statusWord)
      const status = emailStatusOf(statusWord)
      if (status === undefined) {
        this.warn(line, `Email Status ${JSON.stringify(statusWord)} is not a known word; the status is stored as unknown`)
      } else {
        email_status = status
      }
    }

    const emailText = this.cell("email", fields)
    const email = emailText === null ? null : normaliseEmail(emailText)
    if (emailText !== null && email === null) {
      this.warn(line, `Email ${JSON.stringify(emailText)} is not a valid address; the lead is kept without an email`)
    }

    const lead: LeadInput = {
      name,
        email,
        email_status,
        email_source: statusWord,
        email_verified: email_status === "verified",
        linkedin: text.linkedin,
        phone: text.phone,
        fund: text.fund,
        role: text.role,
        website: text.website,
        sectors: text.sectors,
        check_size: text.check_size,
        stage: text.stage,
        hq: text.hq,
        score,
        tier: tier ?? tierFromScore(score),
        source: text.source,
      scraped_at
    }
    return { line, key: dedupeKey(lead), lead }
  }

  private cell(field: CsvField, fields: ReadonlyArray<string>): string | null {
    const index = this.at[field]
    return index === -1 ? null : textValue(fields[index]!)
  }
}

const formulaRejection = (line: number, field: CsvField, value: string): RowRejected =>
  new RowRejected(
    line,
    `${FIELD_LABELS[field]} starts with "${value[0]}" and would run as a spreadsheet formula (${JSON.stringify(value.slice(0, 40))})`
  )
