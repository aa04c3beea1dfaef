/**
 * The import pipeline: bytes → UTF-8 (TextEncoding) → records (CsvRecords, delimiter from the
 * header) → leads (HeaderColumns, LeadRows) → batches upserted in one transaction each (BatchPlan)
 * → campaign totals recomputed from the database. Memory holds one chunk and two batches: the one
 * being written and the one being read.
 */
import { Effect, Fiber, Layer } from "effect"
import type { CampaignId } from "../Campaign.js"
import { InvalidCsv } from "../Errors.js"
import type { LeadId } from "../Lead.js"
import { CampaignStore } from "../ports/CampaignStore.js"
import { LeadStore } from "../ports/LeadStore.js"
import { SuppressionStore } from "../ports/SuppressionStore.js"
import { Transactor } from "../ports/Transactor.js"
import { emptyCounts, planBatch, recount, type BatchCounts, type KnownLead } from "./BatchPlan.js"
import { CsvRecordReader, CsvStopped, MAX_RECORD_CHARS, type CsvRecord } from "./CsvRecords.js"
import { delimiterLabel, detectDelimiter, type Delimiter } from "./Delimiter.js"
import { DryRunMemory } from "./DryRunMemory.js"
import { matchHeader } from "./HeaderColumns.js"
import { Importer, type ImportOptions } from "./Importer.js"
import { ImportSummary, RowIssue } from "./ImportSummary.js"
import { LeadRowReader, RowRejected, type LeadRow } from "./LeadRows.js"
import { NotCsvBytes, Utf8Transcoder } from "./TextEncoding.js"

/**
 * Rows per transaction. Larger batches mean fewer commits, each writing back the index pages it
 * touched: on SQLite 10,000-row batches import about twice as fast as 2,000-row ones.
 */
export const DEFAULT_BATCH_SIZE = 10_000
/** Above this a batch's transaction holds the database for too long; below 1 is meaningless. */
export const MAX_BATCH_SIZE = 50_000
/** How many errors and warnings the summary lists (all errors go to `onRowError`). */
export const LISTED_ISSUES = 100

const EMPTY_KEYS: ReadonlyMap<string, LeadId> = new Map()
const EMPTY_SET: ReadonlySet<string> = new Set()

/** Counts and issues of one import, in the summary's terms. */
class Tally {
  rows_read = 0
  bytes_read = 0
  readonly counts: BatchCounts = emptyCounts()
  readonly errors: Array<RowIssue> = []
  error_count = 0
  readonly warnings: Array<RowIssue> = []
  warning_count = 0

  constructor(private readonly onRowError: ((issue: RowIssue) => void) | undefined) {}

  reject(line: number, message: string): void {
    this.error_count++
    if (this.errors.length < LISTED_ISSUES || this.onRowError !== undefined) {
      const issue = new RowIssue({ line, message }, true)
      if (this.errors.length < LISTED_ISSUES) this.errors.push(issue)
      this.onRowError?.(issue)
    }
  }

  readonly warn = (line: number, message: string): void => {
    this.warning_count++
    if (this.warnings.length < LISTED_ISSUES) this.warnings.push(new RowIssue({ line, message }, true))
  }

  add(batch: BatchCounts): void {
    for (const key of Object.keys(batch) as Array<keyof BatchCounts>) this.counts[key] += batch[key]
  }
}

const countNewlines = (bytes: Buffer, end: number): number => {
  let count = 0
  for (let i = bytes.indexOf(10); i !== -1 && i < end; i = bytes.indexOf(10, i + 1)) count++
  return count
}

export const makeImporter = Effect.gen(function*() {
  const leads = yield* LeadStore
  const suppression = yield* SuppressionStore
  const campaigns = yield* CampaignStore
  const transactor = yield* Transactor

  /** Existing leads and suppressed addresses of a batch's rows. */
  const lookUp = (campaignId: CampaignId, rows: ReadonlyArray<LeadRow>) =>
    Effect.gen(function*() {
      const keys = new Set<string>()
      const emails = new Set<string>()
      for (const row of rows) {
        keys.add(row.key)
        if (row.lead.email !== null) emails.add(row.lead.email.toLowerCase())
      }
      const existing = yield* leads.findByKeys(campaignId, [...keys])
      const suppressed = emails.size === 0 ? EMPTY_SET : yield* suppression.filterSuppressed([...emails])
      return { existing, suppressed }
    })

  /**
   * One batch, in one transaction: plan, let a run admit the new leads, insert, update, and add the
   * inserted leads to the campaign's totals, so that an import cut short (a killed process) leaves
   * totals that match the batches it committed. (An update never changes whether a lead has an
   * email: a lead with one is keyed by it.)
   */
  const writeBatch = (campaignId: CampaignId, rows: ReadonlyArray<LeadRow>, options: ImportOptions) =>
    transactor.withTransaction(
      Effect.gen(function*() {
        const { existing, suppressed } = yield* lookUp(campaignId, rows)
        const plan = planBatch(rows, existing, suppressed)
        const { counts } = plan
        let admitted = plan.inserts
        if (options.admitNewLeads !== undefined && plan.inserts.length > 0) {
          admitted = yield* options.admitNewLeads(plan.inserts)
        }
        const admittedKeys = admitted === plan.inserts ? undefined : new Set(admitted.map((lead) => lead.key))
        const inserted: ReadonlyMap<string, LeadId> = admitted.length === 0
          ? EMPTY_KEYS
          : yield* leads.insertMany(campaignId, admitted)
        if (options.admitNewLeads !== undefined && options.settleNewLeads !== undefined && plan.inserts.length > 0) {
          yield* options.settleNewLeads(admitted, inserted)
        }
        for (const entry of plan.keys) {
          if (!entry.isNew) continue
          if (admittedKeys !== undefined && !admittedKeys.has(entry.key)) recount(entry, counts, "held_back")
          else if (!inserted.has(entry.key)) recount(entry, counts, "unchanged")
          else if (entry.lead!.email !== null) counts.with_email++
        }
        if (plan.updates.length > 0) yield* leads.updateMany(plan.updates)
        if (inserted.size > 0) yield* campaigns.addTotals(campaignId, inserted.size, counts.with_email)
        return counts
      })
    )

  /** A dry run's batch: the same plan against the database and what earlier batches would have written. */
  const checkBatch = (campaignId: CampaignId, rows: ReadonlyArray<LeadRow>, memory: DryRunMemory) =>
    Effect.gen(function*() {
      const { existing, suppressed } = yield* lookUp(campaignId, rows)
      const known = new Map<string, KnownLead>(existing)
      for (const row of rows) {
        const remembered = memory.get(row.key)
        if (remembered !== undefined) known.set(row.key, { id: existing.get(row.key)?.id ?? null, ...remembered })
      }
      const plan = planBatch(rows, known, suppressed)
      for (const entry of plan.keys) {
        if (entry.lead === null) continue
        memory.set(entry.key, entry.scraped_at)
        if (entry.isNew && entry.lead.email !== null) plan.counts.with_email++
      }
      return plan.counts
    })

  const importCsv: Importer["importCsv"] = (campaignId, bytes, options = {}) =>
    Effect.gen(function*() {
      const dryRun = options.dryRun === true
      const batchSize = Math.min(MAX_BATCH_SIZE, Math.max(1, Math.floor(options.batchSize ?? DEFAULT_BATCH_SIZE)))
      const tally = new Tally(options.onRowError)
      const transcoder = new Utf8Transcoder()
      const memory = dryRun ? new DryRunMemory() : undefined
      let head: Array<Buffer> = []
      let headLength = 0
      let reader: CsvRecordReader | undefined
      let delimiter: Delimiter = ","
      let rowReader: LeadRowReader | undefined
      let unknownColumns: ReadonlyArray<string> = []
      let batch: Array<LeadRow> = []

      const progress = () => options.onProgress?.({ rows_read: tally.rows_read, bytes_read: tally.bytes_read })

      /**
       * The batch being written while the next one is parsed, where the database works apart (a
       * server, on its own core); elsewhere each batch is written before parsing goes on. One batch
       * at a time is written, so each sees the commits before it.
       */
      let writing: Fiber.RuntimeFiber<BatchCounts> | undefined
      const settle = Effect.gen(function*() {
        if (writing === undefined) return
        const fiber = writing
        writing = undefined
        tally.add(yield* Fiber.join(fiber))
        progress()
      })
      const flush = Effect.gen(function*() {
        if (batch.length === 0) return
        const rows = batch
        batch = []
        yield* settle
        writing = yield* Effect.fork(memory === undefined ? writeBatch(campaignId, rows, options) : checkBatch(campaignId, rows, memory))
        if (!transactor.worksApart) yield* settle
      })
      /** Writes what is left and waits for every batch. */
      const finish = Effect.zipRight(flush, settle)

      /** Turns parsed records into rows, rejections and warnings, writing each full batch. */
      const consume = (records: ReadonlyArray<CsvRecord>) =>
        Effect.gen(function*() {
          for (const record of records) {
            if (rowReader === undefined) {
              const columns = record.fields === null
                ? new InvalidCsv({ message: `The header line cannot be read: ${record.error}.` })
                : matchHeader(record.fields)
              if (columns instanceof InvalidCsv) return yield* columns
              unknownColumns = columns.unknown
              for (const cell of columns.repeated) tally.warn(1, `Column ${JSON.stringify(cell)} repeats an earlier column for the same field and is ignored`)
              rowReader = new LeadRowReader(columns, tally.warn)
              continue
            }
            if (record.fields === null) {
              tally.rows_read++
              tally.reject(record.line, record.error!)
              continue
            }
            const row = rowReader.read(record.fields, record.line)
            if (row === null) continue
            tally.rows_read++
            if (row instanceof RowRejected) tally.reject(row.line, row.message)
            else {
              batch.push(row)
              if (batch.length >= batchSize) yield* flush
            }
          }
        })

      /** A record too large to read on: keep what came before it, then fail with where and why. */
      const stopAt = (stopped: CsvStopped) =>
        Effect.gen(function*() {
          if (rowReader === undefined) {
            return yield* new InvalidCsv({ message: `Line ${stopped.line}: ${stopped.message}. Nothing was imported.` })
          }
          yield* finish
          if (!dryRun) yield* campaigns.recomputeTotals(campaignId)
          const { imported, updated } = tally.counts
          return yield* new InvalidCsv({
            message: `Line ${stopped.line}: ${stopped.message}. ${dryRun ? "Checked" : "Imported"} before it: ${imported} new and ${updated} updated leads from ${tally.rows_read} rows.`
          })
        })

      /** Feeds UTF-8 text to the parser, holding it back until the header line gives the delimiter. */
      const feed = (text: Buffer, replacedAt: number, last: boolean) =>
        Effect.gen(function*() {
          if (reader === undefined) {
            // Still on the header line (no newline buffered yet), so the line is 1 + what this chunk adds.
            if (replacedAt !== -1) tally.warn(1 + countNewlines(text, replacedAt), "Bytes that are not valid UTF-8 were replaced by \uFFFD")
            if (text.length > 0) {
              head.push(text)
              headLength += text.length
            }
            const buffered = head.length === 1 ? head[0]! : Buffer.concat(head)
            head = [buffered]
            const newline = buffered.indexOf(10)
            if (newline === -1 && !last) {
              if (headLength > MAX_RECORD_CHARS) {
                return yield* new InvalidCsv({ message: `The first line is longer than ${MAX_RECORD_CHARS} bytes: this is not a CSV file with a header.` })
              }
              return
            }
            if (buffered.length === 0) return yield* new InvalidCsv({ message: "The file is empty: it has no header line." })
            const firstLine = buffered.subarray(0, newline === -1 ? buffered.length : newline)
            delimiter = detectDelimiter(firstLine)
            reader = new CsvRecordReader(delimiter)
            text = buffered
            head = []
          } else if (replacedAt !== -1) {
            tally.warn(reader.line + countNewlines(text, replacedAt), "Bytes that are not valid UTF-8 were replaced by \uFFFD")
          }
          const stopped = reader.write(text) ?? (last ? reader.end() : undefined)
          yield* consume(reader.take())
          if (stopped !== undefined) return yield* stopAt(stopped)
        })

      const iterator = bytes[Symbol.asyncIterator]()
      const readAll = Effect.gen(function*() {
        while (true) {
          const next = yield* Effect.tryPromise({
            try: () => iterator.next(),
            catch: (cause) =>
              new InvalidCsv({ message: `The input could not be read after ${tally.bytes_read} bytes: ${cause instanceof Error ? cause.message : String(cause)}` })
          })
          if (next.done === true) break
          tally.bytes_read += next.value.byteLength
          const chunk = transcoder.push(next.value)
          if (chunk instanceof NotCsvBytes) return yield* new InvalidCsv({ message: chunk.message })
          yield* feed(chunk.bytes, chunk.replacedAt, false)
        }
        const rest = transcoder.end()
        if (rest instanceof NotCsvBytes) return yield* new InvalidCsv({ message: rest.message })
        yield* feed(rest.bytes, rest.replacedAt, true)
        if (rowReader === undefined) return yield* new InvalidCsv({ message: "The file is empty: it has no header line." })
        yield* finish
        if (!dryRun) yield* campaigns.recomputeTotals(campaignId)
        progress()
      })
      yield* readAll.pipe(
        Effect.ensuring(Effect.tryPromise(async () => {
          await iterator.return?.()
        }).pipe(Effect.ignore))
      )

      return new ImportSummary({
        rows_read: tally.rows_read,
        ...tally.counts,
        skipped: tally.error_count,
        errors: tally.errors,
        error_count: tally.error_count,
        warnings: tally.warnings,
        warning_count: tally.warning_count,
        encoding: transcoder.encoding,
        delimiter: delimiterLabel(delimiter),
        unknown_columns: unknownColumns,
        dry_run: dryRun
      })
    }).pipe(Effect.withSpan("Importer.importCsv", { attributes: { campaignId, dryRun: options.dryRun === true } }))

  return Importer.of({ importCsv })
})

/** The Importer over the store ports. */
export const ImporterLive: Layer.Layer<Importer, never, LeadStore | SuppressionStore | CampaignStore | Transactor> = Layer
  .effect(Importer, makeImporter)
