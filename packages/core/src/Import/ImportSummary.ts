/** What an import reports (api.md's import summary, plus how the file was read). */
import { Schema } from "effect"

export class RowIssue extends Schema.Class<RowIssue>("RowIssue")({
  /** Physical line number in the file, the header being line 1. */
  line: Schema.Number,
  message: Schema.String
}) {}

export class ImportSummary extends Schema.Class<ImportSummary>("ImportSummary")({
  rows_read: Schema.Number,
  imported: Schema.Number,
  updated: Schema.Number,
  unchanged: Schema.Number,
  skipped: Schema.Number,
  suppressed: Schema.Number,
  with_email: Schema.Number,
  /** The first 100 rejected rows. */
  errors: Schema.Array(RowIssue),
  error_count: Schema.Number,
  /** Rows kept with a field set to null (a malformed email, say): the first 100. */
  warnings: Schema.Array(RowIssue),
  warning_count: Schema.Number,
  /** "utf-8" or "windows-1252" (when the bytes were not valid UTF-8). */
  encoding: Schema.String,
  delimiter: Schema.String,
  /** Header cells that match no lead field; their values are ignored. */
  unknown_columns: Schema.Array(Schema.String),
  /** Leads not delivered because the balance ran out (campaign runs only). */
  held_back: Schema.Number,
  dry_run: Schema.Boolean
}) {}
