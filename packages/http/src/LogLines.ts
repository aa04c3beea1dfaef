/**
 * The log format of the server: one JSON object per line on stdout, `time`, `level` and `message`
 * first, for the request log, the server's own events and Effect's log (defects with their cause).
 */
import { Cause, HashMap, Logger } from "effect"

export type LineWriter = (line: string) => void

export const writeStdout: LineWriter = (line) => {
  process.stdout.write(line + "\n")
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
