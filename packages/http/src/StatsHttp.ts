/** Handlers of the stats and health groups. */
import * as HttpApiBuilder from "@effect/platform/HttpApiBuilder"
import { Stats, Transactor } from "@leadfactory/core"
import { Effect } from "effect"
import { LeadFactoryApi } from "./Api.js"
import { CurrentUser } from "./Authentication.js"
import { DatabaseUnavailable } from "./HttpErrors.js"
import { HealthStatus } from "./StatsApi.js"

export const StatsHttp = HttpApiBuilder.group(LeadFactoryApi, "stats", (handlers) =>
  Effect.gen(function*() {
    const stats = yield* Stats
    return handlers.handle("overview", () => Effect.flatMap(CurrentUser, (user) => stats.overview(user.id)))
  }))

/** How long the health check waits for the database before it answers 503. */
const HEALTH_TIMEOUT = "3 seconds"

export const HealthHttp = HttpApiBuilder.group(LeadFactoryApi, "health", (handlers) =>
  Effect.gen(function*() {
    const transactor = yield* Transactor
    return handlers.handle("health", () =>
      transactor.ping.pipe(
        Effect.timeoutFail({ duration: HEALTH_TIMEOUT, onTimeout: () => new Error("database ping timed out") }),
        Effect.as(new HealthStatus({ status: "ok", database: "ok" })),
        Effect.catchAllCause((cause) =>
          Effect.logWarning("Health check: the database is unreachable", cause).pipe(
            Effect.zipRight(Effect.fail(DatabaseUnavailable.default()))
          )
        )
      ))
  }))
