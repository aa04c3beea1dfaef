/**
 * One structured JSON line per request: method, path, status and milliseconds. The query string is
 * left out (it can hold an email or a token), and so are headers and bodies.
 */
import type { RequestHandler } from "express"
import { jsonLine, type LineWriter, writeStdout } from "./LogLines.js"

export const requestLog = (write: LineWriter = writeStdout): RequestHandler => (request, response, next) => {
  const started = process.hrtime.bigint()
  const path = request.originalUrl.split("?")[0] ?? "/"
  response.once("close", () => {
    const status = response.statusCode
    write(jsonLine(status >= 500 ? "ERROR" : status >= 400 ? "WARN" : "INFO", "request", {
      method: request.method,
      path,
      status,
      ms: Math.round(Number(process.hrtime.bigint() - started) / 1e4) / 100,
      // The client closed the connection before the answer was complete.
      ...(response.writableFinished ? {} : { aborted: true })
    }))
  })
  next()
}
