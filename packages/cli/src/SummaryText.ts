/** The import summary as lf-import prints it for people (without --json). */
import type { ImportSummary } from "@leadfactory/core"

const SHOWN_ISSUES = 10

export const summaryText = (summary: ImportSummary, context: { readonly file: string; readonly campaign: string }): string => {
  const rows: Array<readonly [string, number]> = [
    ["rows read", summary.rows_read],
    ["imported (new leads)", summary.imported],
    ["updated (newer Scraped At)", summary.updated],
    ["unchanged", summary.unchanged],
    ["suppressed (opted out)", summary.suppressed],
    ["rejected (errors)", summary.skipped],
    ["new leads with an email", summary.with_email]
  ]
  if (summary.held_back > 0) rows.push(["held back", summary.held_back])
  const width = Math.max(...rows.map(([label]) => label.length))
  const lines = [
    `${summary.dry_run ? "Dry run (nothing written)" : "Imported"}: ${context.file} into campaign ${context.campaign}`,
    ...rows.map(([label, value]) => `  ${label.padEnd(width)}  ${value}`),
    `  read as ${summary.encoding}, delimiter ${JSON.stringify(summary.delimiter)}`
  ]
  if (summary.unknown_columns.length > 0) {
    lines.push(`  ignored columns: ${summary.unknown_columns.map((column) => JSON.stringify(column)).join(", ")}`)
  }
  const issues = (title: string, list: ReadonlyArray<{ line: number; message: string }>, count: number, more: string) => {
    if (count === 0) return
    lines.push(`${title} (${count}):`)
    for (const issue of list.slice(0, SHOWN_ISSUES)) lines.push(`  line ${issue.line}: ${issue.message}`)
    if (count > SHOWN_ISSUES) lines.push(`  … and ${count - SHOWN_ISSUES} more${more}`)
  }
  issues("Rejected rows", summary.errors, summary.error_count, "; --report <file> lists them all")
  issues("Warnings", summary.warnings, summary.warning_count, summary.warning_count > summary.warnings.length ? " (the summary keeps the first 100)" : "")
  return lines.join("\n")
}
