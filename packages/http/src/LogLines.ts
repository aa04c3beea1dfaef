/**
 * The log format of the server: one JSON object per line on stdout, `time`, `level` and `message`
 * first, for the request log, the server's own events and Effect's log (defects with their cause).
 */
import { Cause, HashMap, Logger } from "effect"

export type LineWriter = (line: string) => void

/** Lines written since the event loop last came round: stdout takes them in one write. */
let pending: Array<string> = []

const flushStdout = () => {
  if (pending.length === 0) return
  const text = pending.join("")
  pending = []
  process.stdout.write(text)
}

// Still written when the process exits before the loop comes round (stdout to a file or pipe is
// written synchronously there).
process.once("exit", flushStdout)

/**
 * One line to stdout. On Linux, stdout to a file or pipe is written synchronously, a system call
 * per write: a line per request was 2-3 % of the server's CPU under load, so the lines of one turn
 * of the event loop go out together.
 */
export const writeStdout: LineWriter = (line) => {
  if (pending.length === 0) setImmediate(flushStdout)
  pending.push(line + "\n")
}

export const jsonLine = (level: string, message: string, fields: Record<string, unknown> = {}): string =>
  JSON.stringify({ time: new Date().toISOString(), level, message, ...fields })

const messageText = (message: unknown): string =>
  (Array.isArray(message) ? message : [message]).map((part) => (typeof part === "string" ? part : JSON.stringify(part))).join(" ")

/** Effect's logger, writing the same lines: annotations become fields, a cause is written out in full. */
export const layerJsonLogger = (write: LineWriter = writeStdout) =>
  Logger.replace(
    Logger.defaultLogger,
    Logger.make(({ annotations, cause, date, logLevel, message }) => {
      const fields: Record<string, unknown> = Object.fromEntries(HashMap.toEntries(annotations))
      if (!Cause.isEmpty(cause)) fields.cause = Cause.pretty(cause, { renderErrorCause: true })
      write(JSON.stringify({ time: date.toISOString(), level: logLevel.label, message: messageText(message), ...fields }))
    })
  )
