/**
 * What lf-worker and lf-run share: the run settings from the environment, the run services and a
 * worker over DATABASE_URL (or --database-url), and their exit codes.
 */
import {
  ImporterLive,
  LeadSourcesLive,
  RunSettings,
  type RunSettingsOptions,
  RunsLive,
  RunWorkerLive,
  servicesLayer,
  LeadFactoryConfig
} from "@leadfactory/core"
// The DATABASE_URL module alone: the package index would load the whole HTTP stack.
import { storeLayerFromUrl } from "@leadfactory/http/DatabaseUrl"
import { Cause, Data, Effect, Layer } from "effect"

export const RunExitCode = {
  /** lf-worker stopped on a signal; lf-run's run completed. */
  ok: 0,
  /** Wrong or missing options, or run settings that cannot be used. */
  usage: 1,
  /** The database cannot be opened or failed. */
  database: 3,
  /** No campaign with --campaign-id. */
  notFound: 4,
  /** The campaign is already queued or running elsewhere, or its owner has no credits. */
  conflict: 5,
  /** The run failed or was cancelled (its message says why). */
  runFailed: 6,
  /** lf-run was interrupted: the crawl was stopped and the run marked cancelled. */
  interrupted: 130
} as const

export type RunExitCode = (typeof RunExitCode)[keyof typeof RunExitCode]

/** Ends the command with `code` after printing `message` on stderr. */
export class RunCliFailure extends Data.TaggedError("RunCliFailure")<{ readonly code: RunExitCode; readonly message: string }> {}

export const failWith = (code: RunExitCode, message: string) => Effect.fail(new RunCliFailure({ code, message }))

/** The run settings of the environment; a bad value is a usage error that names the variable. */
export const settingsFromEnv = Effect.try({
  try: () => RunSettings.optionsFromEnv(process.env),
  catch: (error) => new RunCliFailure({ code: RunExitCode.usage, message: error instanceof Error ? error.message : String(error) })
})

/**
 * The services, the importer, the Runs service and a worker over the database. The JWT settings
 * are never used by a worker, so a throw-away secret stands in when none is set.
 */
export const runServices = (databaseUrl: string | undefined, settings: RunSettingsOptions) =>
  Layer.mergeAll(RunsLive, RunWorkerLive).pipe(
    Layer.provideMerge(LeadSourcesLive),
    Layer.provideMerge(RunSettings.layer(settings)),
    Layer.provideMerge(Layer.mergeAll(servicesLayer, ImporterLive)),
    Layer.provideMerge(storeLayerFromUrl(databaseUrl)),
    Layer.provide(LeadFactoryConfig.layer({ secretKey: "lf-worker: tokens are not issued here" }))
  )

/** The first message of a defect's cause chain that says something (driver errors sit in `cause`). */
export const describeDefect = (defect: unknown): string => {
  const messages: Array<string> = []
  let current: unknown = Cause.isCause(defect) ? Cause.squash(defect) : defect
  for (let depth = 0; depth < 5 && current !== undefined && current !== null; depth++) {
    const message = current instanceof Error ? current.message : typeof current === "string" ? current : undefined
    if (message !== undefined && message !== "" && !messages.includes(message)) messages.push(message)
    current = typeof current === "object" && "cause" in current ? (current as { cause?: unknown }).cause : undefined
  }
  return messages.join(": ") || String(defect)
}

/** Turns the failures of building the services (bad URL, unreachable database, bad crawl config) into exit codes. */
export const withServiceFailures = <A, R>(
  self: Effect.Effect<A, RunCliFailure | { readonly _tag: string; readonly message: string }, R>
): Effect.Effect<A, RunCliFailure, R> =>
  self.pipe(
    Effect.catchAll((error) => {
      if (error instanceof RunCliFailure) return Effect.fail(error)
      switch (error._tag) {
        case "InvalidDatabaseUrl":
        case "ConfigError":
        case "InvalidData":
          return failWith(RunExitCode.usage, error.message)
        case "StoreUnavailable": {
          const cause = (error as { readonly cause?: unknown }).cause
          return failWith(RunExitCode.database, `${error.message}${cause === undefined ? "" : ` (${describeDefect(cause)})`}`)
        }
        default:
          return failWith(RunExitCode.usage, error.message)
      }
    }),
    Effect.catchAllDefect((defect) => failWith(RunExitCode.database, `The database failed: ${describeDefect(defect)}`))
  )
