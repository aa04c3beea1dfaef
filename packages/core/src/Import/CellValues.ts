/**
 * Value rules of the import: what counts as missing, and how tiers, scores, email statuses,
 * emails and dates of the crawler's CSV become lead values. Every function takes a cell already
 * trimmed and returns the value, or a CellError whose message rejects the row.
 */
import type { EmailStatus, Tier } from "../Lead.js"

/** Why a cell makes its row unusable; the message names the column and the value. */
export class CellError {
  constructor(readonly message: string) {}
}

/** Longest text a cell may hold; longer ones are junk (a runaway field) and reject the row. */
export const MAX_CELL_LENGTH = 4000

/** `N/A` (any case), `-` and the empty cell mean "no value"; the original stored "N/A" strings. */
export const isMissing = (cell: string): boolean =>
  cell.length === 0 || cell === "-" || (cell.length === 3 && (cell === "N/A" || cell.toLowerCase() === "n/a"))

/** A text cell: trimmed, null when missing. */
export const textValue = (cell: string): string | null => {
  const trimmed = cell.trim()
  return isMissing(trimmed) ? null : trimmed
}

/** A phone number may start with "+", which would otherwise read as a spreadsheet formula. */
const PHONE = /^\+[\d\s().-]+$/

/**
 * The character that would make a spreadsheet run the cell as a formula (`=`, `+`, `-`, `@`), or
 * null. Such cells come from injected pages (`=HYPERLINK(…)`) and are refused rather than stored,
 * so that no export can carry them into a spreadsheet.
 */
export const formulaPrefix = (value: string, allowPhone: boolean): string | null => {
  const first = value.charCodeAt(0)
  // = + - @
  if (first !== 61 && first !== 43 && first !== 45 && first !== 64) return null
  if (allowPhone && PHONE.test(value)) return null
  return value[0] ?? null
}

const SCORE = /^\d{1,3}(?:\.\d+)?$/
const SCORE_DECIMAL_COMMA = /^\d{1,3},\d{1,2}$/

/** Lead Score: a number from 0 to 100 (a decimal comma with one or two decimals, as European spreadsheets write it, is accepted). */
export const parseScore = (value: string | null): number | CellError => {
  if (value === null) return new CellError("Lead Score is missing; it must be a number from 0 to 100")
  const text = SCORE_DECIMAL_COMMA.test(value) ? value.replace(",", ".") : value
  const score = SCORE.test(text) ? Number(text) : Number.NaN
  if (!(score >= 0 && score <= 100)) {
    return new CellError(`Lead Score ${JSON.stringify(value)} is not a number from 0 to 100`)
  }
  return score
}

const TIERS: ReadonlySet<string> = new Set(["HOT", "WARM", "COOL", "COLD"])

const isAsciiLetter = (code: number): boolean => (code >= 65 && code <= 90) || (code >= 97 && code <= 122)

/**
 * The ASCII letters of a cell. A tier cell's letters are one run (`🟡 WARM`): that run is sliced
 * out without a regular expression; other cells are filtered character by character.
 */
const lettersOf = (value: string): string => {
  let first = 0
  while (first < value.length && !isAsciiLetter(value.charCodeAt(first))) first++
  let end = first
  while (end < value.length && isAsciiLetter(value.charCodeAt(end))) end++
  let rest = end
  while (rest < value.length && !isAsciiLetter(value.charCodeAt(rest))) rest++
  return rest === value.length ? value.slice(first, end) : value.replace(/[^A-Za-z]/g, "")
}

/**
 * Tier: HOT, WARM, COOL or COLD in any case, with or without the crawler's emoji (`🔴 HOT`).
 * Null when missing: the caller derives it from the score.
 */
export const parseTier = (value: string | null): Tier | null | CellError => {
  if (value === null) return null
  const word = lettersOf(value).toUpperCase()
  if (TIERS.has(word)) return word as Tier
  if (word === "") return null
  return new CellError(`Tier ${JSON.stringify(value)} is not one of HOT, WARM, COOL, COLD`)
}

/**
 * The crawler's Email Status words. Discovery methods (dns_harvest, js_scrape, github, wayback)
 * mean the address was found on a page or record: scraped. `pattern` was the original's word for
 * an address built from the fund's naming pattern: guessed.
 */
const EMAIL_STATUS_BY_WORD: ReadonlyMap<string, EmailStatus> = new Map([
  ["verified", "verified"],
  ["valid", "verified"],
  ["scraped", "scraped"],
  ["found", "scraped"],
  ["dns_harvest", "scraped"],
  ["js_scrape", "scraped"],
  ["github", "scraped"],
  ["wayback", "scraped"],
  ["guessed", "guessed"],
  ["pattern", "guessed"],
  ["catch_all", "catch_all"],
  ["catchall", "catch_all"],
  ["accept_all", "catch_all"],
  ["undeliverable", "undeliverable"],
  ["invalid", "undeliverable"],
  ["bounced", "undeliverable"],
  ["unknown", "unknown"],
  ["none", "unknown"]
])

/** The email_status for an Email Status word; undefined when the word is not known. */
export const emailStatusOf = (word: string): EmailStatus | undefined =>
  EMAIL_STATUS_BY_WORD.get(word) ?? EMAIL_STATUS_BY_WORD.get(word.toLowerCase().replace(/[\s-]+/g, "_"))

/**
 * An email address: a leading `mailto:` dropped, the domain lower-cased (the local part is kept:
 * a few servers honour its case). Null when it is not an address (no @, a space, no dot in the
 * domain, too long).
 */
export const normaliseEmail = (value: string): string | null => {
  const text = value.length > 7 && value.slice(0, 7).toLowerCase() === "mailto:" ? value.slice(7).trim() : value
  const at = text.lastIndexOf("@")
  if (at <= 0 || at === text.length - 1 || text.length > 254) return null
  const local = text.slice(0, at)
  const domain = text.slice(at + 1).toLowerCase()
  if (!LOCAL_PART.test(local) || !DOMAIN.test(domain)) return null
  return `${local}@${domain}`
}

const LOCAL_PART = /^[^\s@"(),:;<>[\\\]]{1,64}$/
const DOMAIN = /^(?:[^\s@.,;:<>()[\]\\"]+\.)+[^\s@.,;:<>()[\]\\"0-9][^\s@.,;:<>()[\]\\"]*$/

/** Days in each month of a common year. */
const MONTH_DAYS = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]

const isLeapYear = (year: number): boolean => (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0

/** The number of the `length` ASCII digits at `start`, or -1 when one of them is not a digit. */
const digitsAt = (value: string, start: number, length: number): number => {
  let n = 0
  for (let i = start; i < start + length; i++) {
    const digit = value.charCodeAt(i) - 48
    if (digit < 0 || digit > 9) return -1
    n = n * 10 + digit
  }
  return n
}

/**
 * The time of the form every crawler row has, `2026-02-20T00:09:45.359746` (a space may stand for
 * the T, the fraction may be absent or have 1 to 9 digits, no zone), read digit by digit: the
 * general pattern below costs a match array and ten strings per row. Undefined for anything else,
 * valid or not, which the general pattern then reads.
 */
const crawlerTime = (value: string): number | undefined => {
  const length = value.length
  if (length < 19 || length > 29 || (length > 19 && (length === 20 || value.charCodeAt(19) !== 46))) return undefined
  const t = value.charCodeAt(10)
  if (
    value.charCodeAt(4) !== 45 || value.charCodeAt(7) !== 45 || (t !== 84 && t !== 32) ||
    value.charCodeAt(13) !== 58 || value.charCodeAt(16) !== 58
  ) return undefined
  const year = digitsAt(value, 0, 4)
  const month = digitsAt(value, 5, 2)
  const day = digitsAt(value, 8, 2)
  const hour = digitsAt(value, 11, 2)
  const minute = digitsAt(value, 14, 2)
  const second = digitsAt(value, 17, 2)
  // Years below 100 are left to the general reading, whose Date.UTC takes them as 19xx.
  if (year < 100 || month < 1 || month > 12 || day < 1 || hour < 0 || hour > 23 || minute < 0 || minute > 59 || second < 0 || second > 59) {
    return undefined
  }
  if (day > (month === 2 && isLeapYear(year) ? 29 : MONTH_DAYS[month - 1]!)) return undefined
  let millis = 0
  for (let i = 20; i < length; i++) {
    const digit = value.charCodeAt(i) - 48
    if (digit < 0 || digit > 9) return undefined
    if (i < 23) millis += digit * (i === 20 ? 100 : i === 21 ? 10 : 1)
  }
  return Date.UTC(year, month - 1, day, hour, minute, second, millis)
}

const ISO_DATE =
  /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,9}))?)?)?\s*(Z|z|[+-]\d{2}(?::?\d{2})?)?$/

/**
 * Scraped At: ISO 8601 (`2026-02-20T00:09:45.359746`, also with a space instead of `T`, or a date
 * alone). Without a zone it is UTC, as the crawler writes it. Fractions beyond milliseconds are
 * dropped (a Date holds milliseconds).
 */
export const parseScrapedAt = (value: string): Date | CellError => {
  const crawled = crawlerTime(value)
  if (crawled !== undefined) return new Date(crawled)
  const match = ISO_DATE.exec(value)
  if (match === null) return new CellError(`Scraped At ${JSON.stringify(value)} is not an ISO 8601 date`)
  const [, y, mo, d, h = "0", mi = "0", s = "0", fraction = "", zone] = match
  const year = Number(y), month = Number(mo), day = Number(d)
  const hour = Number(h), minute = Number(mi), second = Number(s)
  const millis = fraction === "" ? 0 : Number(fraction.slice(0, 3).padEnd(3, "0"))
  let offsetMinutes = 0
  if (zone !== undefined && zone !== "Z" && zone !== "z") {
    const digits = zone.replace(":", "")
    offsetMinutes = (zone[0] === "-" ? -1 : 1) * (Number(digits.slice(1, 3)) * 60 + Number(digits.slice(3, 5) || "0"))
  }
  const time = Date.UTC(year, month - 1, day, hour, minute, second, millis)
  const check = new Date(time)
  if (
    month < 1 || month > 12 || hour > 23 || minute > 59 || second > 59 || Math.abs(offsetMinutes) > 18 * 60 ||
    check.getUTCDate() !== day || check.getUTCMonth() !== month - 1
  ) {
    return new CellError(`Scraped At ${JSON.stringify(value)} is not a valid date and time`)
  }
  return new Date(time - offsetMinutes * 60_000)
}
