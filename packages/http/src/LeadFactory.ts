/**
 * LeadFactory for an express 5 app: builds the services over a database once, and hands out the
 * router that serves the whole API (`app.use("/api", leadFactory.router())`).
 */
import * as HttpApiBuilder from "@effect/platform/HttpApiBuilder"
import * as HttpMiddleware from "@effect/platform/HttpMiddleware"
import * as NodeHttpServer from "@effect/platform-node/NodeHttpServer"
import {
  ImporterLive,
  LeadFactoryConfig,
  type LeadFactoryConfigOptions,
  OutreachLive,
  servicesLayer,
  type Stores
} from "@leadfactory/core"
import { OutreachProvidersLive } from "@leadfactory/outreach"
import express from "express"
import { Cause, type ConfigError, Effect, Layer, ManagedRuntime, Runtime } from "effect"
import type { IncomingMessage, ServerResponse } from "node:http"
import { LeadFactoryApi } from "./Api.js"
import { layerApiDocs } from "./ApiDocs.js"
import { DEFAULT_CORS_ORIGINS, layerApiMiddleware } from "./ApiMiddleware.js"
import { AuthenticationLive } from "./Authentication.js"
import { CampaignsHttp } from "./CampaignsHttp.js"
import { storeLayerFromUrl } from "./DatabaseUrl.js"
import { errorResponseBody } from "./HttpErrors.js"
import { LeadsHttp, OptOutHttp } from "./LeadsHttp.js"
import { IntegrationsHttp, OutreachHttp } from "./OutreachHttp.js"
import { jsonLine, layerJsonLogger, writeStdout } from "./LogLines.js"
import { DEFAULT_DATABASE_URL } from "./DatabaseScheme.js"
import { DEFAULT_MAX_JSON_BYTES, DEFAULT_MAX_UPLOAD_BYTES, layerLimits } from "./Limits.js"
import { layerAuthRateLimit, type RateLimitSettings, type TrustProxy } from "./RateLimit.js"
import { DEFAULT_HOLD_MS, DEFAULT_MAX_ACTIVE_REQUESTS, makeRequestAdmission } from "./RequestAdmission.js"
import { EventStreamAuthenticationLive, layerRuns, type RunsOptions, RunsHttp } from "./RunsHttp.js"
import { HealthHttp, StatsHttp } from "./StatsHttp.js"
import { SessionHttp, UsersHttp } from "./UsersHttp.js"
import { VerticalsHttp } from "./VerticalsHttp.js"

export interface LeadFactoryOptions {
  /**
   * The database: a DATABASE_URL (`sqlite:<path>`, `postgres://…`, every form of api.md) or a store
   * layer. Default: SQLite at ./data/leadfactory.db. Tables are created on first start.
   */
  readonly database?: string | Layer.Layer<Stores, unknown> | undefined
  /**
   * The JWT secret, token lifetime and bcrypt cost, or a layer of them. Default: from the
   * environment (LEADFACTORY_SECRET_KEY, LF_BCRYPT_COST; see LeadFactoryConfig.fromEnv).
   */
  readonly config?: LeadFactoryConfigOptions | Layer.Layer<LeadFactoryConfig, ConfigError.ConfigError> | undefined
  /** Browser origins allowed by CORS. Default: localhost and 127.0.0.1 on ports 3000 and 5173. */
  readonly corsOrigins?: ReadonlyArray<string> | undefined
  /** Register and login attempts per client address; `null` turns the limit off. Default 5 a minute. */
  readonly authRateLimit?: RateLimitSettings | null | undefined
  /** Whether X-Forwarded-For names the client (see TrustProxy). Default false. */
  readonly trustProxy?: TrustProxy | undefined
  /** Default 1 MB. */
  readonly maxJsonBytes?: number | undefined
  /** Default 200 MB. */
  readonly maxUploadBytes?: number | undefined
  /** Where the log lines of Effect go (defects, warnings). Default: JSON lines on stdout. */
  readonly logger?: Layer.Layer<never> | undefined
  /**
   * Campaign runs: the lead sources and worker settings (see docs/runs.md), and whether this process
   * runs a worker (default true). Default: no lead source, so POST /run answers 400 until one is set.
   */
  readonly runs?: RunsOptions | undefined
  /** Outreach providers: their base URLs and retry policy (see docs/outreach.md). Default: the providers' own hosts. */
  readonly outreach?: OutreachProvidersLive.OutreachProvidersOptions | undefined
  /**
   * API requests worked on at once; the others wait their turn (see RequestAdmission). Default 4.
   * Raise it when the database is far away: each request then waits longer on it.
   */
  readonly maxActiveRequests?: number | undefined
}

export const DEFAULT_AUTH_RATE_LIMIT: RateLimitSettings = { limit: 5, windowMs: 60_000 }

export interface LeadFactory {
  /**
   * The express router of the API. Mount it at /api (`app.use("/api", leadFactory.router())`) or at
   * the root (`app.use(leadFactory.router())`, it then takes only paths under /api). It reads the
   * request bodies itself: a global `express.json()` in front of it must be scoped to your own routes.
   */
  readonly router: () => express.Router
  /**
   * The API as a node:http request handler, for a server that routes `/api` itself: the reference
   * server sends its API requests here, past express. Takes requests whose path starts with /api.
   */
  readonly handle: (request: IncomingMessage, response: ServerResponse) => void
  /** Settles when the database is open and migrated; rejects with the reason it could not be. */
  readonly ready: Promise<void>
  /** Closes the database. Stop the HTTP server (and let requests finish) first. */
  readonly close: () => Promise<void>
}

type NodeHandler = (request: IncomingMessage, response: ServerResponse) => void

/** LeadFactory could not start (a database it cannot open, a bad setting); already logged. */
export class LeadFactoryStartError extends Error {
  override readonly name = "LeadFactoryStartError"
}

/** The reason of a failed start in one line: each error of the chain by its message, no stack traces. */
const describeFailure = (error: unknown): string => {
  const messages: Array<string> = []
  let current: unknown = Runtime.isFiberFailure(error) ? Cause.squash(error[Runtime.FiberFailureCauseId]) : error
  for (let depth = 0; depth < 6 && current instanceof Error; depth++) {
    messages.push(current.message.replace(/\.$/, ""))
    current = current.cause
  }
  return messages.length === 0 ? String(error) : messages.join(": ")
}

/** The whole application as one layer, for a ManagedRuntime (or an Effect program). */
export const layerLeadFactory = (options: LeadFactoryOptions = {}) => {
  const database = options.database ?? DEFAULT_DATABASE_URL
  const stores = typeof database === "string" ? storeLayerFromUrl(database) : database
  const config = options.config === undefined
    ? LeadFactoryConfig.fromEnv
    : "secretKey" in options.config
    ? LeadFactoryConfig.layer(options.config)
    : options.config
  const core = Layer.mergeAll(servicesLayer, ImporterLive).pipe(Layer.provideMerge(stores), Layer.provide(config))
  const coreWithRuns = layerRuns(options.runs).pipe(Layer.provideMerge(core))
  const coreWithOutreach = OutreachLive.pipe(
    Layer.provide(OutreachProvidersLive.layer(options.outreach)),
    Layer.provide(config),
    Layer.provideMerge(coreWithRuns)
  )
  const maxJsonBytes = options.maxJsonBytes ?? DEFAULT_MAX_JSON_BYTES
  const handlers = HttpApiBuilder.api(LeadFactoryApi).pipe(
    Layer.provide([SessionHttp, UsersHttp, CampaignsHttp, RunsHttp, LeadsHttp, OptOutHttp, VerticalsHttp, StatsHttp, HealthHttp, OutreachHttp, IntegrationsHttp]),
    Layer.provide([
      AuthenticationLive,
      EventStreamAuthenticationLive,
      layerAuthRateLimit(
        options.authRateLimit === undefined ? DEFAULT_AUTH_RATE_LIMIT : options.authRateLimit,
        options.trustProxy ?? false
      ),
      layerLimits({ maxJsonBytes, maxUploadBytes: options.maxUploadBytes ?? DEFAULT_MAX_UPLOAD_BYTES })
    ])
  )
  return Layer.mergeAll(
    layerApiDocs,
    layerApiMiddleware({ corsOrigins: options.corsOrigins ?? DEFAULT_CORS_ORIGINS, maxJsonBytes }),
    HttpApiBuilder.Router.Live,
    HttpApiBuilder.Middleware.layer,
    NodeHttpServer.layerContext
  ).pipe(
    Layer.provideMerge(handlers),
    Layer.provideMerge(coreWithOutreach),
    Layer.provide(options.logger ?? layerJsonLogger())
  )
}

/** Whether a request URL is the API's: its path is /api or under it. */
export const isApiUrl = (url: string) => /^\/api(\/|\?|$)/.test(url)

/** A request whose body a middleware in front of the API (a global express.json()) has consumed. */
const bodyAlreadyRead = (request: IncomingMessage) => {
  const declaresBody = Number(request.headers["content-length"] ?? 0) > 0 || request.headers["transfer-encoding"] !== undefined
  return declaresBody && request.readableEnded
}

/** Starts building at once; requests that arrive before the database is open wait for it. */
export const createLeadFactory = (options: LeadFactoryOptions = {}): LeadFactory => {
  const runtime = ManagedRuntime.make(layerLeadFactory(options))
  const handler: Promise<NodeHandler> = runtime
    .runPromise(
      Effect.flatMap(HttpApiBuilder.httpApp, (app) => NodeHttpServer.makeHandler(app)).pipe(
        // The handler runs every request with the fiber refs of the fiber that made it. This runtime
        // has no tracer to export spans to, so none are made: the request span alone parsed the URL
        // and copied a dozen headers into attributes on every request.
        HttpMiddleware.withTracerDisabledWhenEffect(() => true),
        Effect.withTracerEnabled(false)
      )
    )
    .catch((error: unknown) => {
      const reason = describeFailure(error)
      writeStdout(jsonLine("ERROR", "LeadFactory could not start", { error: reason }))
      throw new LeadFactoryStartError(reason)
    })
  // Callers learn of a failed start from `ready`, the log and 503 answers, never from an unhandled rejection.
  handler.catch(() => undefined)
  // Once built, requests go to the handler at once rather than through a promise each.
  let built: NodeHandler | undefined
  handler.then((handle) => (built = handle), () => undefined)

  const { admit } = makeRequestAdmission({
    maxActive: options.maxActiveRequests ?? DEFAULT_MAX_ACTIVE_REQUESTS,
    holdMs: DEFAULT_HOLD_MS
  })
  const handleAdmitted: NodeHandler = (request, response) => {
    if (built !== undefined) return built(request, response)
    handler.then(
      (handleRequest) => handleRequest(request, response),
      () => {
        const body = JSON.stringify(errorResponseBody("DatabaseUnavailable", "The service could not open its database."))
        response.writeHead(503, { "content-type": "application/json; charset=utf-8" }).end(body)
      }
    )
  }
  const handle: NodeHandler = (request, response) => admit(response, () => handleAdmitted(request, response))

  const serve: express.RequestHandler = (request, response, next) => {
    const mountedAtRoot = request.baseUrl === ""
    if (mountedAtRoot && !isApiUrl(request.url)) return next()
    if (bodyAlreadyRead(request)) {
      // A body parser in front of the API has read the body: the API would wait for it forever.
      writeStdout(jsonLine("ERROR", "The request body was consumed before LeadFactory saw it: scope express.json() to your own routes."))
      response.status(500).json(errorResponseBody("InternalError", "Internal error"))
      return
    }
    if (!mountedAtRoot) request.url = `/api${request.url}`
    handle(request, response)
  }

  return {
    router: () => express.Router().use(serve),
    handle,
    ready: handler.then(() => undefined),
    close: () => runtime.dispose()
  }
}

/** `createLeadFactory(options).router()`, for apps that keep no handle on it. */
export const createLeadFactoryRouter = (options: LeadFactoryOptions = {}): express.Router =>
  createLeadFactory(options).router()
