/** Handlers of the runs group, the event stream's authentication, and the run services of a server. */
import * as HttpApiBuilder from "@effect/platform/HttpApiBuilder"
import * as HttpServerResponse from "@effect/platform/HttpServerResponse"
import {
  Accounts,
  Campaign,
  Campaigns,
  LeadSourcesLive,
  RunSettings,
  type RunSettingsOptions,
  Runs,
  RunsLive,
  RunWorker,
  RunWorkerLive,
  Unauthorized
} from "@leadfactory/core"
import { Effect, Layer, Redacted, Schema, Stream } from "effect"
import { LeadFactoryApi } from "./Api.js"
import { CurrentUser } from "./Authentication.js"
import { EventStreamAuthentication } from "./RunsApi.js"

/** A comment line this often keeps proxies from closing a quiet stream. */
const KEEP_ALIVE_MS = 15_000

const encodeCampaign = Schema.encodeSync(Campaign)

export const RunsHttp = HttpApiBuilder.group(LeadFactoryApi, "runs", (handlers) =>
  Effect.gen(function*() {
    const runs = yield* Runs
    const campaigns = yield* Campaigns
    return handlers
      .handle("run", ({ path }) => Effect.flatMap(CurrentUser, (user) => runs.request(user.id, path.id)))
      .handle("cancel", ({ path }) => Effect.flatMap(CurrentUser, (user) => runs.cancel(user.id, path.id)))
      .handleRaw("events", ({ path }) =>
        Effect.gen(function*() {
          const user = yield* CurrentUser
          // A campaign that is not the caller's is a 404 before any event is sent.
          yield* campaigns.get(user.id, path.id)
          const events = runs.events(user.id, path.id).pipe(
            Stream.map((campaign) => `event: campaign\ndata: ${JSON.stringify(encodeCampaign(campaign))}\n\n`),
            // A failure mid-stream (the database went away) ends the stream; clients fall back to polling.
            Stream.catchAllCause((cause) => Stream.fromEffect(Effect.logWarning("Event stream ended by a failure", cause)).pipe(Stream.drain))
          )
          const keepAlive = Stream.tick(KEEP_ALIVE_MS).pipe(Stream.map(() => ": keep-alive\n\n"))
          return HttpServerResponse.stream(
            Stream.merge(events, keepAlive, { haltStrategy: "left" }).pipe(Stream.encodeText),
            {
              contentType: "text/event-stream",
              headers: { "cache-control": "no-cache", "x-accel-buffering": "no" }
            }
          )
        }))
  }))

export const EventStreamAuthenticationLive = Layer.effect(
  EventStreamAuthentication,
  Effect.gen(function*() {
    const accounts = yield* Accounts
    const authenticate = (credential: Redacted.Redacted<string>) => {
      const value = Redacted.value(credential).trim()
      return value === "" ? Effect.fail(Unauthorized.default()) : accounts.authenticate(value)
    }
    return { bearer: authenticate, apiKey: authenticate, accessToken: authenticate }
  })
)

export interface RunsOptions {
  /** Lead sources, run files and worker timings; see RunSettings and docs/runs.md. */
  readonly settings?: RunSettingsOptions | undefined
  /** Run a worker in this process (default true). */
  readonly worker?: boolean | undefined
}

/** Forks the worker for the lifetime of the layer: closing it stops the crawls and requeues their runs. */
const inProcessWorker = Layer.scopedDiscard(Effect.flatMap(RunWorker, (worker) => Effect.forkScoped(worker.work))).pipe(
  Layer.provide(RunWorkerLive)
)

/** The Runs service (and the worker, unless turned off) over the stores and the importer. */
export const layerRuns = (options: RunsOptions = {}) =>
  Layer.mergeAll(RunsLive, options.worker === false ? Layer.empty : inProcessWorker).pipe(
    Layer.provideMerge(LeadSourcesLive),
    Layer.provide(RunSettings.layer(options.settings ?? {}))
  )
