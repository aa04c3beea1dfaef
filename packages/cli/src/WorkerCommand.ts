/**
 * `lf-worker`: a process that claims queued campaign runs and runs them, for servers started with
 * LF_WORKER=0 or for more workers on a PostgreSQL queue. SIGTERM or Ctrl-C stops its crawls and
 * gives their runs back to the queue.
 */
import { Command, HelpDoc, Options } from "@effect/cli"
import { RunWorker } from "@leadfactory/core"
import { Effect, Option } from "effect"
import { failWith, RunExitCode, runServices, settingsFromEnv, withServiceFailures } from "./RunServices.js"

const options = {
  databaseUrl: Options.text("database-url").pipe(
    Options.withDescription("The database (else DATABASE_URL, else sqlite:./data/leadfactory.db): sqlite:<path>, postgres://…"),
    Options.optional
  ),
  concurrency: Options.integer("concurrency").pipe(
    Options.withDescription("Runs at once (else LF_WORKER_CONCURRENCY, else 1)."),
    Options.optional
  )
}

const work = (args: Command.Command.ParseConfig<typeof options>) =>
  Effect.gen(function*() {
    const fromEnv = yield* settingsFromEnv
    if (Option.isSome(args.concurrency) && !(args.concurrency.value >= 1)) {
      return yield* failWith(RunExitCode.usage, "--concurrency must be 1 or more.")
    }
    const settings = Option.match(args.concurrency, {
      onNone: () => fromEnv,
      onSome: (concurrency) => ({ ...fromEnv, concurrency })
    })
    const databaseUrl = Option.getOrElse(args.databaseUrl, () => process.env.DATABASE_URL)
    return yield* Effect.gen(function*() {
      const worker = yield* RunWorker
      yield* Effect.logInfo(`Worker ${worker.id} started`)
      return yield* worker.work
    }).pipe(Effect.provide(runServices(databaseUrl, settings)), withServiceFailures)
  })

export const workerCommand = Command.make("lf-worker", options, work).pipe(
  Command.withDescription(HelpDoc.p(
    "Claims queued campaign runs and runs them: the crawl command (LF_CRAWL_COMMAND or LF_CRAWL_CONFIG) or a CSV of " +
      "LF_IMPORT_DIR, then the import with credits charged. Runs until SIGTERM or Ctrl-C, which stop its crawls and " +
      "queue their runs again. See docs/runs.md for the settings."
  ))
)
