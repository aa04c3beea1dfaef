/**
 * One structured JSON line per request: method, path, status and milliseconds. The query string is
 * left out (it can hold an email or a token), and so are headers and bodies.
 */
import type { RequestHandler } from "express"

export interface RequestLogLine {
  readonly time: string
  readonly level: "INFO" | "WARN" | "ERROR"
  readonly message: "request"
  readonly method: string
  readonly path: string
  readonly status: number
  readonly ms: number
  /** The client closed the connection before the answer was complete. */
  readonly aborted?: true
}

const writeStdout = (line: string) => {
  process.stdout.write(line + "\n")
}

export const requestLog = (write: (line: string) => void = writeStdout): RequestHandler => (request, response, next) => {
  const started = process.hrtime.bigint()
  const path = request.originalUrl.split("?")[0] ?? "/"
  response.once("close", () => {
    const status = response.statusCode
    const line: RequestLogLine = {
      time: new Date().toISOString(),
      level: status >= 500 ? "ERROR" : status >= 400 ? "WARN" : "INFO",
      message: "request",
      method: request.method,
      path,
      status,
      ms: Math.round(Number(process.hrtime.bigint() - started) / 1e4) / 100,
      ...(response.writableFinished ? {} : { aborted: true as const })
    }
    write(JSON.stringify(line))
  })
  next()
}
