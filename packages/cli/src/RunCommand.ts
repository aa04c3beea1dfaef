/**
 * `lf-run --campaign-id <uuid>`: runs one campaign in the foreground for an operator, with the same
 * checks as POST /run (the owner's balance, a lead source), printing its progress; Ctrl-C stops
 * the crawl and marks the run cancelled.
 */
import { Command, HelpDoc, Options } from "@effect/cli"
import {
  ACTIVE_STATUSES,
  type Campaign,
  CampaignId,
  CampaignStore,
  DEFAULT_RUNS_DIR,
  RunQueue,
  Runs,
  RunWorker
} from "@leadfactory/core"
import { Effect, Option, Schedule, Schema } from "effect"
import { join } from "node:path"
import { failWith, RunExitCode, runServices, settingsFromEnv, withServiceFailures } from "./RunServices.js"

const options = {
  campaignId: Options.text("campaign-id").pipe(Options.withDescription("The campaign to run (any user's).")),
  databaseUrl: Options.text("database-url").pipe(
    Options.withDescription("The database (else DATABASE_URL, else sqlite:./data/leadfactory.db): sqlite:<path>, postgres://…"),
    Options.optional
  )
}

const describe = (campaign: Pick<Campaign, "status" | "progress_stage" | "progress_pct">) =>
  campaign.status === "running" ? `${campaign.progress_stage} ${campaign.progress_pct}%` : campaign.status

const print = (line: string) => Effect.sync(() => process.stdout.write(`${line}\n`))

const runOne = (args: Command.Command.ParseConfig<typeof options>) =>
  Effect.gen(function*() {
    const settings = yield* settingsFromEnv
    const id = Schema.decodeUnknownOption(CampaignId)(args.campaignId.trim())
    if (Option.isNone(id)) return yield* failWith(RunExitCode.usage, `--campaign-id ${args.campaignId} is not a UUID.`)
    const databaseUrl = Option.getOrElse(args.databaseUrl, () => process.env.DATABASE_URL)

    const program = Effect.gen(function*() {
      const campaigns = yield* CampaignStore
      const queue = yield* RunQueue
      const found = yield* campaigns.findById(id.value)
      if (Option.isNone(found)) return yield* failWith(RunExitCode.notFound, `No campaign has the id ${id.value}.`)
      const campaign = found.value
      if (campaign.status === "running") {
        const run = yield* queue.latestForCampaign(campaign.id)
        const where = Option.match(run, { onNone: () => "", onSome: (r) => ` on worker ${r.worker_id}` })
        return yield* failWith(RunExitCode.conflict, `The campaign ${campaign.id} is running${where}; cancel it first.`)
      }
      if (!ACTIVE_STATUSES.includes(campaign.status)) {
        // The checks of POST /run, on behalf of the owner: a lead source, a balance.
        yield* (yield* Runs).request(campaign.user_id, campaign.id).pipe(
          Effect.catchTags({
            InvalidInput: (error) => failWith(RunExitCode.usage, error.message),
            InsufficientCredits: (error) => failWith(RunExitCode.conflict, `The owner has no credits left: ${error.message}`),
            CampaignRunning: (error) => failWith(RunExitCode.conflict, error.message),
            NotFound: (error) => failWith(RunExitCode.notFound, error.message)
          })
        )
      }
      const worker = yield* RunWorker
      yield* print(`Running campaign ${campaign.id} (${campaign.name}, ${campaign.vertical}) as worker ${worker.id}`)
      let last = ""
      const follow = campaigns.findById(campaign.id).pipe(
        Effect.flatMap(Option.match({
          onNone: () => Effect.void,
          onSome: (current) => {
            const line = describe(current)
            if (line === last) return Effect.void
            last = line
            return print(line)
          }
        })),
        Effect.repeat(Schedule.spaced(500))
      )
      const run = yield* worker.runQueued(campaign.id).pipe(Effect.raceFirst(follow.pipe(Effect.zipRight(Effect.never))))
      if (Option.isNone(run)) {
        return yield* failWith(RunExitCode.conflict, "Another worker took the run first; follow it with GET /api/campaigns/{id}/events.")
      }
      const ended = Option.getOrThrow(yield* campaigns.findById(campaign.id))
      yield* print(
        `${ended.status}: ${ended.total_leads} leads, ${ended.total_emails} with an email, ${ended.credits_used} credits used` +
          (ended.error_message === null ? "" : `\n${ended.error_message}`) +
          `\nlog: ${join(settings.runsDir ?? DEFAULT_RUNS_DIR, campaign.id, `${run.value.id}.log`)}`
      )
      if (ended.status !== "completed") return yield* failWith(RunExitCode.runFailed, `The run ended ${ended.status}.`)
    })
    return yield* program.pipe(Effect.provide(runServices(databaseUrl, settings)), withServiceFailures)
  })

export const runCommand = Command.make("lf-run", options, runOne).pipe(
  Command.withDescription(HelpDoc.p(
    "Runs one campaign now, in this process: queues it (unless a run is queued already), runs its lead source and " +
      "imports the leads with credits charged, printing progress. Exit codes: 0 completed, 1 usage or settings, " +
      "3 database, 4 no such campaign, 5 running elsewhere or no credits, 6 the run failed or was cancelled, " +
      "130 interrupted (the run is marked cancelled). See docs/runs.md."
  ))
)
