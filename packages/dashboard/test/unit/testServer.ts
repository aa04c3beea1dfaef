/**
 * A small HTTP server for the unit tests that answers like the LeadFactory API: the error body
 * `{detail, code, errors}`, bearer authentication, a CSV attachment and an event stream.
 */
import { createServer, type IncomingMessage, type ServerResponse } from "node:http"
import type { AddressInfo } from "node:net"

export type Handler = (request: IncomingMessage, body: string, response: ServerResponse) => void

export interface TestServer {
  readonly url: string
  /** Requests seen so far: method, path with query, headers. */
  readonly requests: Array<{ method: string; url: string; headers: IncomingMessage["headers"]; body: string }>
  close(): Promise<void>
}

export const json = (response: ServerResponse, status: number, body: unknown): void => {
  response.writeHead(status, { "content-type": "application/json" })
  response.end(JSON.stringify(body))
}

/** Starts a server on a free port; `routes` maps "METHOD /path" (no query) to a handler. */
export const startServer = async (routes: Readonly<Record<string, Handler>>): Promise<TestServer> => {
  const requests: TestServer["requests"] = []
  const server = createServer((request, response) => {
    // The page of the test environment is another origin: answer CORS as the real API does.
    response.setHeader("access-control-allow-origin", request.headers.origin ?? "*")
    response.setHeader("access-control-allow-headers", "authorization, content-type")
    response.setHeader("access-control-expose-headers", "content-disposition")
    if (request.method === "OPTIONS") {
      response.writeHead(204).end()
      return
    }
    let body = ""
    request.setEncoding("utf8")
    request.on("data", (chunk: string) => (body += chunk))
    request.on("end", () => {
      requests.push({ method: request.method ?? "", url: request.url ?? "", headers: request.headers, body })
      const path = (request.url ?? "").split("?")[0]
      const handler = routes[`${request.method} ${path}`]
      if (handler === undefined) json(response, 404, { detail: "Not found.", code: "NotFound" })
      else handler(request, body, response)
    })
  })
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve))
  const { port } = server.address() as AddressInfo
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    close: () => new Promise((resolve) => server.close(() => resolve()))
  }
}
