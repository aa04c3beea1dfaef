/** Service: the one CSV import pipeline, used by lf-import, the upload endpoint and campaign runs. */
import { Context, type Effect } from "effect"
import type { CampaignId } from "../Campaign.js"
import type { InvalidCsv } from "../Errors.js"
import type { LeadId } from "../Lead.js"
import type { KeyedLead } from "../ports/LeadStore.js"
import type { ImportSummary, RowIssue } from "./ImportSummary.js"

export interface ImportProgress {
  readonly rows_read: number
  /** Bytes of the input consumed so far (of the file as given, before any re-encoding). */
  readonly bytes_read: number
}

export interface ImportOptions {
  /** Parse, validate and report; write nothing. Existing leads are read to tell new from known. */
  readonly dryRun?: boolean
  /** Rows per database transaction (default 10,000). */
  readonly batchSize?: number
  /** Called after each batch (committed, or checked in a dry run) and once at the end. */
  readonly onProgress?: (progress: ImportProgress) => void
  /** Receives every rejected row (the summary keeps only the first 100). */
  readonly onRowError?: (issue: RowIssue) => void
  /**
   * The seam for campaign runs, which pay per delivered lead: called inside each batch's
   * transaction with the leads the batch is about to insert (new to the campaign, after dedupe
   * and suppression); returns those that may be inserted. The others are held back: not written,
   * counted in `held_back`. Not called in a dry run. A lead another import inserts at the same
   * moment is admitted here but then not inserted; a run that charges here may refund it.
   */
  readonly admitNewLeads?: (leads: ReadonlyArray<KeyedLead>) => Effect.Effect<ReadonlyArray<KeyedLead>>
  /**
   * Called in the same transaction right after the insert, whenever `admitNewLeads` was: the leads
   * it admitted and those actually inserted (by key), so that a run refunds what it charged for a
   * lead another import inserted first.
   */
  readonly settleNewLeads?: (
    admitted: ReadonlyArray<KeyedLead>,
    inserted: ReadonlyMap<string, LeadId>
  ) => Effect.Effect<void>
}

export interface Importer {
  /**
   * Reads the crawler's CSV from `bytes` as it arrives and upserts its leads into the campaign in
   * batches, each batch one transaction that also adds its new leads to the campaign's totals; at
   * the end the totals are recomputed from the database. The caller has checked that the campaign
   * exists and may be written by whoever asked.
   *
   * InvalidCsv when the file cannot be imported at all (not CSV, no Name or Lead Score column),
   * before any row is written; or when a record is too large to read on (a quote never closed),
   * after the batches before it were committed, which the message says. A database failure is a
   * defect. An error thrown by the input's iterator becomes InvalidCsv ("could not be read"). The
   * iterator is closed when the import ends, however it ends.
   */
  readonly importCsv: (
    campaignId: CampaignId,
    bytes: AsyncIterable<Uint8Array>,
    options?: ImportOptions
  ) => Effect.Effect<ImportSummary, InvalidCsv>
}

export const Importer = Context.GenericTag<Importer>("@leadfactory/core/Importer")
