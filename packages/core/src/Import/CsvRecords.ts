/**
 * CSV records from UTF-8 bytes, parsed as the bytes arrive by csv-parse, each with the line it
 * starts on. Rows that cannot be split into fields (a field count that differs from the header's,
 * a stray quote) become row errors; only a record too large to hold stops the reading.
 */
import { Parser, type CsvError } from "csv-parse"
import type { Delimiter } from "./Delimiter.js"

/** One record of the file, the header included: its fields, or why it could not be read. */
export interface CsvRecord {
  /** Physical line on which the record starts; the header is line 1. */
  readonly line: number
  /** Null when the record was rejected by the parser. */
  readonly fields: Array<string> | null
  readonly error: string | null
}

/** A problem after which the rest of the file cannot be split into records. */
export class CsvStopped {
  constructor(readonly line: number, readonly message: string) {}
}

/** Longest record, in characters: a few KB is normal; beyond this it is an unclosed quote or junk. */
export const MAX_RECORD_CHARS = 1_000_000
/** Most fields in one record, the header's limit too. */
export const MAX_RECORD_FIELDS = 10_000

/**
 * csv-parse's synchronous core, reached through the stream `Parser` (it is not exported on its
 * own in 7.0.3). Calling it directly parses each chunk in one call, without a stream per record.
 */
interface ParserCore {
  readonly api: {
    parse(
      chunk: Buffer | undefined,
      end: boolean,
      push: (record: Array<string>) => void,
      close: () => void
    ): Error | undefined
  }
  readonly info: { readonly lines: number; readonly empty_lines: number }
  readonly state: { readonly record: ReadonlyArray<string> }
}

/**
 * Line breaks inside a record's fields, as csv-parse counts them (each CR and each LF) and as a
 * reader of the file does (a CRLF is one). csv-parse's count is corrected by the difference.
 */
const lineBreaksIn = (fields: ReadonlyArray<string>): { readonly parser: number; readonly crlf: number } => {
  let parser = 0
  let crlf = 0
  for (const field of fields) {
    for (let i = 0; i < field.length; i++) {
      const code = field.charCodeAt(i)
      if (code === 10) parser++
      else if (code === 13) {
        parser++
        if (field.charCodeAt(i + 1) === 10) crlf++
      }
    }
  }
  return { parser, crlf }
}

const withThousands = (n: number): string => n.toLocaleString("en-US")

export class CsvRecordReader {
  private readonly core: ParserCore
  private pending: Array<CsvRecord> = []
  /** Line (in csv-parse's count) on which the last record ended, and the blank lines counted by then. */
  private lastEnd = 0
  private lastEmpty = 0
  /** CRLFs inside fields so far: csv-parse counts each as two lines, the file has one. */
  private extraLines = 0
  /** Line of the last quote error: a later error of the same record is not reported twice. */
  private lastQuoteLine = -1
  private headerFields = 0
  private stopped: CsvStopped | undefined

  constructor(delimiter: Delimiter) {
    const parser = new Parser({
      delimiter,
      bom: false,
      max_record_size: MAX_RECORD_CHARS,
      skip_empty_lines: true,
      skip_records_with_error: true,
      on_skip: (error) => {
        this.onSkip(error)
        return undefined
      }
    })
    this.core = parser as unknown as ParserCore
  }

  /** Parses a chunk; the records it completes are returned by the next `take`. */
  write(chunk: Buffer): CsvStopped | undefined {
    return this.run(chunk, false)
  }

  /** Parses what is left at the end of the input. */
  end(): CsvStopped | undefined {
    return this.run(undefined, true)
  }

  /** The records completed since the last call, in file order. */
  take(): Array<CsvRecord> {
    const records = this.pending
    this.pending = []
    return records
  }

  /** Line the parser has reached: where the next chunk begins. */
  get line(): number {
    return this.core.info.lines - this.extraLines
  }

  private run(chunk: Buffer | undefined, end: boolean): CsvStopped | undefined {
    if (this.stopped !== undefined) return this.stopped
    let error: Error | undefined
    try {
      error = this.core.api.parse(chunk, end, this.push, () => {})
    } catch (thrown) {
      // `push` throws through csv-parse; anything else is a bug of ours or of csv-parse.
      if (!(thrown instanceof CsvStoppedError)) throw thrown
      error = thrown
    }
    if (error !== undefined) {
      this.stopped = error instanceof CsvStoppedError
        ? error.stopped
        : new CsvStopped(this.nextStart(), `the file cannot be parsed past this point: ${error.message}`)
      return this.stopped
    }
    if (this.core.state.record.length > MAX_RECORD_FIELDS) {
      this.stopped = new CsvStopped(
        this.nextStart(),
        `a record has more than ${withThousands(MAX_RECORD_FIELDS)} fields; the rest of the file cannot be read`
      )
    }
    return this.stopped
  }

  private readonly push = (fields: Array<string>): void => {
    const line = this.startOf(this.core.info.lines, fields)
    if (this.headerFields === 0) this.headerFields = fields.length
    if (fields.length > MAX_RECORD_FIELDS) throw this.stop(line, fields.length)
    this.pending.push({ line, fields, error: null })
  }

  /** The file line on which a record ending on csv-parse's line `end` starts; notes its end. */
  private startOf(end: number, fields: ReadonlyArray<string>): number {
    let line = end - this.extraLines
    // Only a record that ends more than one line after the last one can span lines.
    if (end - this.lastEnd > 1) {
      const breaks = lineBreaksIn(fields)
      line = end - breaks.parser - this.extraLines
      this.extraLines += breaks.crlf
    }
    this.lastEnd = end
    this.lastEmpty = this.core.info.empty_lines
    return line
  }

  /** Where the record being read started, assuming it follows the last one (and any blank lines). */
  private nextStart(): number {
    return this.lastEnd + 1 + (this.core.info.empty_lines - this.lastEmpty) - this.extraLines
  }

  private stop(line: number, fields: number): CsvStoppedError {
    return new CsvStoppedError(
      new CsvStopped(
        line,
        `a record has ${withThousands(fields)} fields, more than ${withThousands(MAX_RECORD_FIELDS)}; the rest of the file cannot be read`
      )
    )
  }

  /** csv-parse reports a bad record here and goes on; throwing stops it (for oversized records). */
  private onSkip(error: CsvError | undefined): void {
    if (error === undefined) return
    const found = (error as CsvError & { readonly lines?: number }).lines ?? this.core.info.lines
    switch (error.code) {
      case "CSV_RECORD_INCONSISTENT_FIELDS_LENGTH": {
        const fields = (error as CsvError & { readonly record?: Array<string> }).record ?? []
        const line = this.startOf(found, fields)
        if (fields.length > MAX_RECORD_FIELDS) throw this.stop(line, fields.length)
        if (this.lastQuoteLine >= line && this.lastQuoteLine <= found - this.extraLines) return
        this.reject(line, `has ${fields.length} fields but the header has ${this.headerFields} (a missing or extra delimiter, or an unquoted ${fields.length > this.headerFields ? "delimiter inside a value" : "line break"}?)`)
        return
      }
      case "CSV_MAX_RECORD_SIZE":
        throw new CsvStoppedError(
          new CsvStopped(
            this.nextStart(),
            `a record is longer than ${withThousands(MAX_RECORD_CHARS)} characters (a quote that is never closed?); the rest of the file cannot be read`
          )
        )
      case "CSV_QUOTE_NOT_CLOSED":
        this.reject(this.nextStart(), "a quoted field that starts in this record is never closed")
        return
      case "INVALID_OPENING_QUOTE":
      case "CSV_INVALID_CLOSING_QUOTE": {
        const line = found - this.extraLines
        if (line === this.lastQuoteLine) return
        this.lastQuoteLine = line
        this.reject(
          line,
          error.code === "INVALID_OPENING_QUOTE"
            ? "has a quote (\") inside an unquoted value; quote the whole value and double the quotes in it"
            : "has a closing quote followed by other characters instead of a delimiter; the text up to the next quote is skipped"
        )
        return
      }
      default:
        this.reject(found - this.extraLines, error.message)
    }
  }

  private reject(line: number, message: string): void {
    this.pending.push({ line, fields: null, error: message })
  }
}

/** Carries a CsvStopped out of csv-parse, which returns what a callback throws. */
class CsvStoppedError extends Error {
  constructor(readonly stopped: CsvStopped) {
    super(stopped.message)
  }
}
