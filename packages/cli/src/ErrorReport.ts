/** `--report errors.csv`: every rejected row as `line,message`, written as the import finds them. */
import { Effect } from "effect"
import { closeSync, openSync, writeSync } from "node:fs"
import type { RowIssue } from "@leadfactory/core"
import { CliFailure, ExitCode } from "./ExitCode.js"

/** Written in pieces of about this size, so a file of many bad rows costs few writes. */
const FLUSH_AT = 64 * 1024

const csvCell = (value: string): string => (/[",\r\n]/.test(value) ? `"${value.replaceAll("\"", "\"\"")}"` : value)

export interface ErrorReport {
  readonly add: (issue: RowIssue) => void
}

/** Opens the report (truncating it) for the scope; it is flushed and closed when the scope ends. */
export const openErrorReport = (path: string) =>
  Effect.acquireRelease(
    Effect.try({
      try: () => {
        const fd = openSync(path, "w")
        writeSync(fd, "line,message\n")
        return fd
      },
      catch: (cause) =>
        new CliFailure({
          code: ExitCode.input,
          message: `The report ${path} cannot be written: ${cause instanceof Error ? cause.message : String(cause)}`
        })
    }).pipe(Effect.map((fd) => ({ fd, pending: "" }))),
    (file) =>
      Effect.sync(() => {
        if (file.pending !== "") writeSync(file.fd, file.pending)
        closeSync(file.fd)
      })
  ).pipe(
    Effect.map((file): ErrorReport => ({
      add: (issue) => {
        file.pending += `${issue.line},${csvCell(issue.message)}\n`
        if (file.pending.length >= FLUSH_AT) {
          writeSync(file.fd, file.pending)
          file.pending = ""
        }
      }
    }))
  )
