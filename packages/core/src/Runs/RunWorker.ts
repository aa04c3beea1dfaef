/**
 * The worker: claims queued runs, runs their lead source, imports the CSV with credits charged per
 * batch, reports progress and heartbeats, stops on cancel, and recovers runs whose worker died.
 * One worker runs `concurrency` runs at a time; any number of workers may share a PostgreSQL queue.
 */
import { randomBytes } from "node:crypto"
import { createReadStream, createWriteStream, mkdirSync, openSync, statSync } from "node:fs"
import { hostname } from "node:os"
import { join } from "node:path"
import { Cause, Clock, Context, Deferred, Effect, Either, Fiber, Layer, Option, Schedule } from "effect"
import type { CampaignId, CampaignRecord, ProgressStage } from "../Campaign.js"
import { Importer } from "../Import/Importer.js"
import type { ImportSummary } from "../Import/ImportSummary.js"
import { CampaignStore } from "../ports/CampaignStore.js"
import { CreditStore } from "../ports/CreditStore.js"
import { Transactor } from "../ports/Transactor.js"
import type { CampaignRun } from "./CampaignRun.js"
import { LeadSourceFailed, LeadSources } from "./LeadSource.js"
import { heldBackMessage, makeRunCharges } from "./RunCharges.js"
import { type RecoveredRun, RunQueue, type RunOutcome } from "./RunQueue.js"
import { RunSettings } from "./RunSettings.js"

export interface RunWorker {
  /** `host:pid:nonce`, as written in the runs it holds. */
  readonly id: string
  /**
   * Recovers lost runs, then claims and runs queued runs until interrupted, recovering again every
   * half timeout. Interrupting it stops its crawls and gives their runs back to the queue.
   */
  readonly work: Effect.Effect<never>
  /**
   * Claims the queued run of this campaign and runs it to its end (lf-run); None when none is
   * queued. Interrupting it stops the crawl and ends the run cancelled (not queued again).
   */
  readonly runQueued: (campaignId: CampaignId) => Effect.Effect<Option.Option<CampaignRun>>
  /** Queues again, or fails as interrupted, the runs whose worker stopped sending heartbeats. */
  readonly recover: Effect.Effect<ReadonlyArray<RecoveredRun>>
}

export const RunWorker = Context.GenericTag<RunWorker>("@leadfactory/core/RunWorker")

/** The share of progress_pct the source's own progress covers; storing the leads takes the rest. */
const SOURCE_SHARE = 90
/** A new stage is written within PROGRESS_CHECK_MS; a new percentage at most every PROGRESS_PCT_MS. */
const PROGRESS_CHECK_MS = 50
const PROGRESS_PCT_MS = 250

const UNEXPECTED_FAILURE = "The run failed unexpectedly; the run's log and the worker's log have the details."

/** A failure of one heartbeat or progress write is logged; the next one tries again. */
const outlasting = (what: string) => <A>(self: Effect.Effect<A>): Effect.Effect<A | void> =>
  Effect.catchAllCause(self, (cause) =>
    Cause.isInterruptedOnly(cause) ? Effect.failCause(cause) : Effect.logWarning(`${what} failed`, cause))

/** The run's failure, with the sentence its owner sees. */
class RunFailed {
  readonly _tag = "RunFailed"
  constructor(readonly message: string) {}
}

/**
 * The newest progress of a run, as the source and the import report it (often, from callbacks); a
 * fiber takes what is worth writing: every new stage, and percentages at a bounded rate.
 */
class ProgressState {
  private stage: ProgressStage = "initializing"
  private pct = 0
  private writtenStage: ProgressStage | undefined
  private writtenPct = -1
  private writtenAt = 0
  set(stage: ProgressStage, pct: number) {
    this.stage = stage
    this.pct = Math.round(Math.min(100, Math.max(0, pct)))
  }
  /** The state to write now, or undefined. */
  take(now: number): { readonly stage: ProgressStage; readonly pct: number } | undefined {
    const newStage = this.stage !== this.writtenStage
    if (!newStage && (this.pct === this.writtenPct || now - this.writtenAt < PROGRESS_PCT_MS)) return undefined
    this.writtenStage = this.stage
    this.writtenPct = this.pct
    this.writtenAt = now
    return { stage: this.stage, pct: this.pct }
  }
}

const newWorkerId = () => `${hostname()}:${process.pid}:${randomBytes(3).toString("hex")}`

/**
 * The run's log file, appended to, closed (and flushed) when the scope closes. Opening it fails at
 * once (a folder that cannot be written); a write that fails later (a full disk) is dropped, so
 * that the log never stops the run.
 */
const openLog = (path: string) =>
  Effect.acquireRelease(
    Effect.sync(() => createWriteStream("", { fd: openSync(path, "a") }).on("error", () => undefined)),
    (stream) => Effect.async<void>((resume) => void stream.end(() => resume(Effect.void)))
  ).pipe(Effect.map((stream) => (line: string) => void stream.write(`${new Date().toISOString()} ${line}\n`)))

export const makeRunWorker = Effect.gen(function*() {
  const settings = yield* RunSettings
  const queue = yield* RunQueue
  const campaigns = yield* CampaignStore
  const credits = yield* CreditStore
  const transactor = yield* Transactor
  const importer = yield* Importer
  const sources = yield* LeadSources
  const workerId = newWorkerId()

  /** The source's CSV, imported into the campaign with credits charged per batch. */
  const perform = (run: CampaignRun, campaign: CampaignRecord, log: (line: string) => void, progress: ProgressState) =>
    Effect.scoped(Effect.gen(function*() {
      const source = yield* Either.match(sources.forCampaign(campaign), {
        onLeft: (invalid) => Effect.fail(new RunFailed(invalid.message)),
        onRight: Effect.succeed
      })
      log(`source: ${source.kind}`)
      const workDir = join(settings.runsDir, run.campaign_id)
      const file = yield* source.produce({
        run,
        vertical: campaign.vertical,
        config: campaign.config,
        workDir,
        log,
        progress: (stage, pct) => progress.set(stage, (pct * SOURCE_SHARE) / 100)
      }).pipe(Effect.mapError((failed: LeadSourceFailed) => new RunFailed(failed.message)))
      progress.set("storing", SOURCE_SHARE)
      const size = Math.max(1, statSync(file.path).size)
      const charges = makeRunCharges(credits, campaigns, run.user_id, run.campaign_id)
      const summary = yield* importer.importCsv(run.campaign_id, createReadStream(file.path), {
        ...charges,
        onProgress: ({ bytes_read }) => progress.set("storing", SOURCE_SHARE + ((100 - SOURCE_SHARE) * bytes_read) / size),
        onRowError: (issue) => log(`rejected line ${issue.line}: ${issue.message}`)
      }).pipe(Effect.mapError((invalid) => new RunFailed(`The crawler's CSV could not be imported: ${invalid.message}`)))
      log(
        `imported: ${summary.imported} new, ${summary.updated} updated, ${summary.unchanged} unchanged, ` +
          `${summary.suppressed} suppressed, ${summary.error_count} rejected, ${summary.held_back} held back`
      )
      return summary
    }))

  const outcomeOf = (summary: ImportSummary): RunOutcome => ({
    status: "completed",
    message: summary.held_back > 0 ? heldBackMessage(summary.held_back) : null,
    held_back: summary.held_back
  })

  /**
   * Ends the run with its campaign's totals recounted, in one transaction. The run's row is taken
   * before the campaign's, in the order of claim and recovery, so that they cannot deadlock.
   */
  const finish = (run: CampaignRun, outcome: RunOutcome) =>
    transactor.withTransaction(
      queue.finish(run.id, workerId, outcome).pipe(Effect.zipLeft(campaigns.recomputeTotals(run.campaign_id)))
    )

  /**
   * Runs a claimed run to its end. Beside it, a fiber heartbeats (and learns of a cancel request or
   * of the run being taken over) and another writes progress. An interruption from outside (the
   * worker stopping) terminates the crawl, then runs `whenInterrupted`.
   */
  const execute = (run: CampaignRun, whenInterrupted: Effect.Effect<void>): Effect.Effect<void> =>
    Effect.scoped(Effect.gen(function*() {
      const workDir = join(settings.runsDir, run.campaign_id)
      yield* Effect.sync(() => mkdirSync(workDir, { recursive: true }))
      const log = yield* openLog(join(workDir, `${run.id}.log`))
      log(`run ${run.id} of campaign ${run.campaign_id}, attempt ${run.attempts}, worker ${workerId}`)
      yield* Effect.logInfo("Run started")
      const campaign = yield* campaigns.findById(run.campaign_id)
      if (Option.isNone(campaign)) {
        yield* finish(run, { status: "failed", message: "The campaign no longer exists.", held_back: 0 })
        return
      }

      const progress = new ProgressState()
      const flushProgress = Effect.flatMap(Clock.currentTimeMillis, (now) => {
        const next = progress.take(now)
        return next === undefined ? Effect.void : queue.reportProgress(run.id, workerId, next.stage, next.pct)
      }).pipe(outlasting("Writing the run's progress"))
      const progressWriter = yield* Effect.forkScoped(Effect.repeat(flushProgress, Schedule.spaced(PROGRESS_CHECK_MS)))

      const stop = yield* Deferred.make<"cancel_requested" | "lost">()
      const beat = Effect.flatMap(queue.heartbeat(run.id, workerId), (state) =>
        state === "owned" ? Effect.void : Deferred.succeed(stop, state)).pipe(outlasting("A heartbeat"))
      const heart = yield* Effect.forkScoped(Effect.repeat(beat, Schedule.spaced(settings.heartbeatMs)))

      const result = yield* Effect.raceFirst(
        perform(run, campaign.value, log, progress).pipe(Effect.either, Effect.sandbox, Effect.either),
        Deferred.await(stop).pipe(Effect.map((reason) => ({ stopped: reason })))
      )
      // Nothing may write progress over the end, nor take a late cancel request for this run.
      yield* Fiber.interrupt(progressWriter)
      yield* Fiber.interrupt(heart)
      if ("stopped" in result) {
        log(result.stopped === "lost" ? "run lost: another worker took it over" : "cancelled on request")
        if (result.stopped === "cancel_requested") {
          yield* finish(run, { status: "cancelled", message: "Cancelled on request.", held_back: 0 })
        }
        yield* Effect.logInfo(result.stopped === "lost" ? "Run lost to another worker" : "Run cancelled")
        return
      }
      const outcome: RunOutcome = Either.match(result, {
        onLeft: (cause) => {
          log(`failed unexpectedly: ${Cause.pretty(cause)}`)
          return { status: "failed", message: UNEXPECTED_FAILURE, held_back: 0 }
        },
        onRight: Either.match({
          onLeft: (failed): RunOutcome => ({ status: "failed", message: failed.message, held_back: 0 }),
          onRight: outcomeOf
        })
      })
      if (outcome.status === "failed" && Either.isLeft(result)) {
        yield* Effect.logError(`Run ${run.id} failed unexpectedly`, result.left)
      }
      log(`${outcome.status}${outcome.message === null ? "" : `: ${outcome.message}`}`)
      yield* finish(run, outcome)
      yield* Effect.logInfo(`Run ${outcome.status}`)
    })).pipe(
      // A failure before the run got going (its folder cannot be written, say) still ends it.
      Effect.catchAllCause((cause) =>
        Cause.isInterruptedOnly(cause)
          ? Effect.failCause(cause)
          : Effect.logError(`Run ${run.id} failed unexpectedly`, cause).pipe(
            Effect.zipRight(finish(run, { status: "failed", message: UNEXPECTED_FAILURE, held_back: 0 })),
            Effect.asVoid
          )
      ),
      Effect.onInterrupt(() => whenInterrupted),
      Effect.annotateLogs({ run: run.id, campaign: run.campaign_id, attempt: run.attempts })
    )

  const recover = transactor.withTransaction(Effect.gen(function*() {
    const recovered = yield* queue.recover({
      staleAfterSeconds: settings.timeoutSeconds,
      maxAttempts: settings.maxAttempts
    })
    for (const { run } of recovered) yield* campaigns.recomputeTotals(run.campaign_id)
    return recovered
  })).pipe(
    Effect.tap((recovered) =>
      Effect.forEach(recovered, ({ action, run }) =>
        Effect.logWarning(`Run ${run.id} of campaign ${run.campaign_id} lost its worker ${run.worker_id}: ${action}`))
    )
  )

  /** A failure of the database must not end the worker: log it, wait, go on. */
  const survive = <A>(self: Effect.Effect<A>, what: string) =>
    Effect.catchAllCause(self, (cause) =>
      Cause.isInterruptedOnly(cause)
        ? Effect.failCause(cause)
        : Effect.logError(`Worker ${workerId}: ${what} failed; trying again`, cause).pipe(
          Effect.zipRight(Effect.sleep(settings.pollMs))
        ))

  const slot = Effect.forever(survive(
    Effect.flatMap(queue.claim(workerId), Option.match({
      onNone: () => Effect.sleep(settings.pollMs),
      onSome: (run) => execute(run, queue.release(run.id, workerId))
    })),
    "claiming or running a run"
  ))

  const work: Effect.Effect<never> = Effect.gen(function*() {
    yield* survive(recover, "recovery")
    const recovery = yield* Effect.fork(
      Effect.repeat(survive(recover, "recovery"), Schedule.spaced((settings.timeoutSeconds * 1000) / 2))
    )
    yield* Effect.all(Array.from({ length: settings.concurrency }, () => slot), { concurrency: "unbounded" }).pipe(
      Effect.ensuring(Fiber.interrupt(recovery))
    )
    return yield* Effect.never
  })

  const runQueued = (campaignId: CampaignId) =>
    Effect.flatMap(queue.claim(workerId, campaignId), Option.match({
      onNone: () => Effect.succeedNone,
      onSome: (run) =>
        execute(run, finish(run, { status: "cancelled", message: "Stopped by the operator (lf-run was interrupted).", held_back: 0 }).pipe(Effect.asVoid))
          .pipe(Effect.zipRight(queue.findById(run.id)))
    }))

  return RunWorker.of({ id: workerId, work, runQueued, recover })
})

export const RunWorkerLive: Layer.Layer<
  RunWorker,
  never,
  RunSettings | RunQueue | CampaignStore | CreditStore | Transactor | Importer | LeadSources
> = Layer.effect(RunWorker, makeRunWorker)
