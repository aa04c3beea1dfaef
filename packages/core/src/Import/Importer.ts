/** Service: the one CSV import pipeline, used by lf-import, the upload endpoint and campaign runs. */
import { Context, type Effect } from "effect"
import type { CampaignId } from "../Campaign.js"
import type { InvalidCsv } from "../Errors.js"
import type { ImportSummary, RowIssue } from "./ImportSummary.js"

export interface ImportProgress {
  readonly rows_read: number
  readonly bytes_read: number
}

export interface ImportOptions {
  /** Parse, validate and report; write nothing. */
  readonly dryRun?: boolean
  /** Leads per database transaction (default 1000). */
  readonly batchSize?: number
  /** Called after each committed batch. */
  readonly onProgress?: (progress: ImportProgress) => void
  /** Receives every rejected row (the summary keeps only the first 100). */
  readonly onRowError?: (issue: RowIssue) => void
}

export interface Importer {
  /**
   * Reads the crawler's CSV from `bytes` as it arrives, upserts its leads into the campaign in
   * batches (each batch one transaction), and recomputes the campaign's totals at the end. The
   * caller has checked that the campaign exists and may be written by whoever asked.
   * InvalidCsv when the file cannot be imported at all, before any row is written.
   */
  readonly importCsv: (
    campaignId: CampaignId,
    bytes: AsyncIterable<Uint8Array>,
    options?: ImportOptions
  ) => Effect.Effect<ImportSummary, InvalidCsv>
}

export const Importer = Context.GenericTag<Importer>("@leadfactory/core/Importer")
