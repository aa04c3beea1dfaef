/**
 * The reference server: a node:http server that hands the API's requests to LeadFactory and every
 * other one to an express app serving the dashboard build at `/`; it logs one line per request, and
 * on SIGTERM or SIGINT lets requests finish, then closes the database.
 */
import express from "express"
import { existsSync } from "node:fs"
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http"
import type { AddressInfo } from "node:net"
import { join } from "node:path"
import { createLeadFactory, isApiUrl, type LeadFactory } from "./LeadFactory.js"
import type { LineWriter } from "./LogLines.js"
import { logRequest, requestLog } from "./RequestLog.js"
import type { ServerConfig } from "./ServerConfig.js"

export interface RunningServer {
  readonly server: Server
  readonly leadFactory: LeadFactory
  /** http://host:port */
  readonly url: string
  /** Stops taking connections, waits for requests in flight (up to the grace period), closes the database. */
  readonly stop: () => Promise<void>
}

/** The express app: API, docs, and the dashboard with its client-side routes. */
export const makeApp = (leadFactory: LeadFactory, dashboardDir: string, writeLog?: LineWriter) => {
  const app = express()
  app.disable("x-powered-by")
  app.use(requestLog(writeLog))
  app.use("/api", leadFactory.router())
  const dashboardBuilt = existsSync(join(dashboardDir, "index.html"))
  if (dashboardBuilt) {
    app.use(
      express.static(dashboardDir, {
        index: "index.html",
        // Pages elsewhere load the components as a module script (`/lf-dashboard.js`), which the
        // browser fetches with CORS; the files are public, so any origin may read them.
        setHeaders: (response, path) => {
          if (path.endsWith(".js")) response.setHeader("access-control-allow-origin", "*")
        }
      })
    )
    // Client-side routes of the single-page app (not files, not the API) get its index.html.
    app.use((request, response, next) => {
      if ((request.method !== "GET" && request.method !== "HEAD") || !request.accepts("html")) return next()
      response.sendFile(join(dashboardDir, "index.html"))
    })
  }
  app.use((request, response) => {
    // Without the dashboard's build, the page a new user opens first says how to get it.
    const detail = !dashboardBuilt && request.path === "/"
      ? "The dashboard is not built: run `npm run build` (or start with `npm start`, which builds it)."
      : `Nothing at ${request.path}.`
    response.status(404).json({ detail, code: "NotFound" })
  })
  return app
}

/**
 * The reference server's request handler: the API's requests go straight to LeadFactory (express's
 * routing in front of it cost 0.1–0.3 ms of CPU a request), every other request to the app.
 */
const makeRequestHandler = (leadFactory: LeadFactory, app: express.Express, writeLog?: LineWriter) => {
  const log = logRequest(writeLog)
  return (request: IncomingMessage, response: ServerResponse) => {
    const url = request.url ?? "/"
    if (!isApiUrl(url)) return app(request, response)
    log(request, response, url)
    leadFactory.handle(request, response)
  }
}

export const startServer = async (config: ServerConfig, writeLog?: LineWriter): Promise<RunningServer> => {
  const leadFactory = createLeadFactory(config.leadFactory)
  try {
    await leadFactory.ready
  } catch (error) {
    await leadFactory.close().catch(() => undefined)
    throw error
  }
  const server = createServer(makeRequestHandler(leadFactory, makeApp(leadFactory, config.dashboardDir, writeLog), writeLog))
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject)
    server.listen(config.port, config.host, () => {
      server.off("error", reject)
      resolve()
    })
  })
  const { address, port } = server.address() as AddressInfo
  const url = `http://${address.includes(":") ? `[${address}]` : address}:${port}`
  let stopping: Promise<void> | undefined
  const stop = () => {
    stopping ??= new Promise<void>((resolve) => {
      const forceClose = setTimeout(() => server.closeAllConnections(), config.shutdownGraceMs)
      forceClose.unref()
      // Keep-alive connections would hold close() open: each is closed as soon as its request is done.
      const closeIdle = setInterval(() => server.closeIdleConnections(), 100)
      closeIdle.unref()
      server.close(() => {
        clearTimeout(forceClose)
        clearInterval(closeIdle)
        leadFactory.close().finally(resolve)
      })
      server.closeIdleConnections()
    })
    return stopping
  }
  return { server, leadFactory, url, stop }
}

