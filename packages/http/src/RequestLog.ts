/**
 * One structured JSON line per request: method, path, status and milliseconds. The query string is
 * left out (it can hold an email or a token), and so are headers and bodies.
 */
import type { RequestHandler } from "express"
import type { IncomingMessage, ServerResponse } from "node:http"
import { jsonLine, type LineWriter, writeStdout } from "./LogLines.js"

/** Logs the request at `url` (its path, without the query) when its answer is done or abandoned. */
export const logRequest = (write: LineWriter = writeStdout) =>
(request: IncomingMessage, response: ServerResponse, url: string): void => {
  const started = process.hrtime.bigint()
  const path = url.split("?")[0] ?? "/"
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
}

/** The request log as express middleware. */
export const requestLog = (write: LineWriter = writeStdout): RequestHandler => {
  const log = logRequest(write)
  return (request, response, next) => {
    log(request, response, request.originalUrl)
    next()
  }
}
