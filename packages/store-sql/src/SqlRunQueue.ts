/**
 * RunQueue over SqlClient: the table campaign_runs, moved together with the campaign's status in
 * one transaction. Heartbeats and their staleness use the database's clock, so workers on machines
 * whose clocks differ still agree on which run is lost.
 */
import { SqlClient } from "@effect/sql/SqlClient"
import {
  CampaignId,
  CampaignRun,
  CampaignRunning,
  NotFound,
  RunId,
  RunQueue,
  RunStatus,
  UserId,
  type CancelEffect,
  type ProgressStage,
  type RecoveredRun,
  type RecoveryOptions,
  type RunOutcome
} from "@leadfactory/core"
import { Clock, Effect, Layer, Option, Schema } from "effect"
import { randomUUID } from "node:crypto"
import { DbBoolean, DbDate, DbNumber, dbDate, makeEncoders } from "./internal/dbValues.js"
import { orDieOnDatabaseFailure } from "./internal/failures.js"

const RunRow = Schema.Struct({
  id: RunId,
  campaign_id: CampaignId,
  user_id: UserId,
  status: RunStatus,
  cancel_requested: DbBoolean,
  worker_id: Schema.NullOr(Schema.String),
  attempts: DbNumber,
  held_back: DbNumber,
  message: Schema.NullOr(Schema.String),
  created_at: DbDate,
  started_at: Schema.NullOr(DbDate),
  heartbeat_at: Schema.NullOr(DbDate),
  finished_at: Schema.NullOr(DbDate)
})

const decodeRun = (row: unknown) => Effect.map(Schema.decodeUnknown(RunRow)(row), (fields) => new CampaignRun(fields))
const firstRun = (rows: ReadonlyArray<unknown>) => (rows[0] === undefined ? Effect.succeedNone : Effect.asSome(decodeRun(rows[0])))

const decodeCampaignId = Schema.decodeUnknown(Schema.Struct({ campaign_id: CampaignId }))

const CANCELLED_QUEUED = "Cancelled before it started."

const interruptedMessage = (options: RecoveryOptions, attempts: number) =>
  `Interrupted: the worker running this campaign stopped (no heartbeat for ${options.staleAfterSeconds} s), ` +
  `after ${attempts} ${attempts === 1 ? "attempt" : "attempts"}. Run it again to retry.`

export const make = Effect.gen(function*() {
  const sql = yield* SqlClient
  const isPg = sql.onDialectOrElse({ pg: () => true, orElse: () => false })
  const encode = makeEncoders(sql)
  /** The database's current time, in the format each dialect stores times in. */
  const dbNow = isPg ? sql.literal("clock_timestamp()") : sql.literal("strftime('%Y-%m-%dT%H:%M:%fZ', 'now')")
  const staleBefore = (seconds: number) =>
    isPg
      ? sql`clock_timestamp() - make_interval(secs => ${seconds})`
      : sql`strftime('%Y-%m-%dT%H:%M:%fZ', 'now', ${`-${seconds} seconds`})`
  const skipLocked = sql.literal(isPg ? "FOR UPDATE SKIP LOCKED" : "")
  const now = Effect.map(Clock.currentTimeMillis, (millis) => dbDate(new Date(millis)))

  const setCampaign = (
    campaignId: CampaignId,
    fields: {
      readonly status: string
      readonly stage: ProgressStage
      readonly pct?: number
      readonly message: string | null
      readonly startedAt?: string
      readonly completedAt?: string | null
    }
  ) =>
    sql`UPDATE campaigns SET ${sql.csv([
      sql`status = ${fields.status}`,
      sql`progress_stage = ${fields.stage}`,
      sql`error_message = ${fields.message}`,
      ...(fields.pct === undefined ? [] : [sql`progress_pct = ${fields.pct}`]),
      ...(fields.startedAt === undefined ? [] : [sql`started_at = ${fields.startedAt}`]),
      ...(fields.completedAt === undefined ? [] : [sql`completed_at = ${fields.completedAt}`])
    ])} WHERE id = ${campaignId}`

  const enqueue = (campaignId: CampaignId, userId: UserId) =>
    sql.withTransaction(Effect.gen(function*() {
      // The status check is in the UPDATE: a second request, here or on another server, matches nothing.
      const queued = yield* sql`UPDATE campaigns SET status = 'queued', progress_stage = 'queued', progress_pct = 0,
          error_message = NULL, started_at = NULL, completed_at = NULL
        WHERE id = ${campaignId} AND user_id = ${userId} AND status NOT IN ('queued', 'running')
        RETURNING id`
      if (queued.length === 0) {
        const existing = yield* sql`SELECT id FROM campaigns WHERE id = ${campaignId} AND user_id = ${userId}`
        return yield* existing.length > 0 ? Effect.fail(CampaignRunning.default()) : Effect.fail(NotFound.of("Campaign"))
      }
      const rows = yield* sql`INSERT INTO campaign_runs ${sql.insert({
        id: randomUUID(),
        campaign_id: campaignId,
        user_id: userId,
        status: "queued",
        created_at: yield* now
      })} RETURNING *`
      return yield* decodeRun(rows[0])
    })).pipe(orDieOnDatabaseFailure)

  const claim = (workerId: string, campaignId?: CampaignId) =>
    sql.withTransaction(Effect.gen(function*() {
      const startedAt = yield* now
      const queued = sql.and([
        sql`status = 'queued'`,
        ...(campaignId === undefined ? [] : [sql`campaign_id = ${campaignId}`])
      ])
      // PostgreSQL: a run another worker is claiming right now is skipped, not waited for.
      const rows = yield* sql`UPDATE campaign_runs
        SET status = 'running', worker_id = ${workerId}, attempts = attempts + 1,
            cancel_requested = ${encode.boolean(false)}, started_at = ${startedAt}, heartbeat_at = ${dbNow}
        WHERE status = 'queued' AND id = (
          SELECT id FROM campaign_runs WHERE ${queued} ORDER BY created_at, id LIMIT 1 ${skipLocked}
        )
        RETURNING *`
      const run = yield* firstRun(rows)
      if (Option.isSome(run)) {
        yield* setCampaign(run.value.campaign_id, {
          status: "running",
          stage: "initializing",
          pct: 0,
          message: null,
          startedAt,
          completedAt: null
        })
      }
      return run
    })).pipe(orDieOnDatabaseFailure)

  const heartbeat = (runId: RunId, workerId: string) =>
    sql`UPDATE campaign_runs SET heartbeat_at = ${dbNow}
      WHERE id = ${runId} AND worker_id = ${workerId} AND status = 'running'
      RETURNING cancel_requested`.pipe(
      Effect.flatMap((rows) =>
        rows[0] === undefined
          ? Effect.succeed("lost" as const)
          : Effect.map(
            Schema.decodeUnknown(Schema.Struct({ cancel_requested: DbBoolean }))(rows[0]),
            ({ cancel_requested }) => (cancel_requested ? "cancel_requested" as const : "owned" as const)
          )
      ),
      orDieOnDatabaseFailure
    )

  const reportProgress = (runId: RunId, workerId: string, stage: ProgressStage, pct: number) =>
    // The campaign's own status is checked too: it is re-read after waiting for a finishing run's lock.
    sql`UPDATE campaigns SET progress_stage = ${stage}, progress_pct = ${pct}
      WHERE status = 'running' AND id = (
        SELECT campaign_id FROM campaign_runs WHERE id = ${runId} AND worker_id = ${workerId} AND status = 'running'
      )`.pipe(Effect.asVoid, orDieOnDatabaseFailure)

  const finish = (runId: RunId, workerId: string, outcome: RunOutcome) =>
    sql.withTransaction(Effect.gen(function*() {
      const finishedAt = yield* now
      const rows = yield* sql`UPDATE campaign_runs
        SET status = ${outcome.status}, message = ${outcome.message}, held_back = ${outcome.held_back},
            finished_at = ${finishedAt}
        WHERE id = ${runId} AND worker_id = ${workerId} AND status = 'running'
        RETURNING campaign_id`
      if (rows[0] === undefined) return false
      const { campaign_id } = yield* decodeCampaignId(rows[0])
      yield* setCampaign(campaign_id, {
        status: outcome.status,
        stage: outcome.status,
        ...(outcome.status === "completed" ? { pct: 100 } : {}),
        message: outcome.message,
        completedAt: finishedAt
      })
      return true
    })).pipe(orDieOnDatabaseFailure)

  const release = (runId: RunId, workerId: string) =>
    sql.withTransaction(Effect.gen(function*() {
      const rows = yield* sql`SELECT * FROM campaign_runs
        WHERE id = ${runId} AND worker_id = ${workerId} AND status = 'running'`
      const run = yield* firstRun(rows)
      if (Option.isNone(run)) return
      if (run.value.cancel_requested) {
        yield* finishAs(run.value, "cancelled", "Cancelled on request.")
        return
      }
      // A shutdown is not the run's fault: the attempt does not count against it.
      yield* sql`UPDATE campaign_runs SET status = 'queued', worker_id = NULL, attempts = attempts - 1
        WHERE id = ${runId}`
      yield* setCampaign(run.value.campaign_id, { status: "queued", stage: "queued", pct: 0, message: null })
    })).pipe(orDieOnDatabaseFailure)

  /** Ends a run that its worker cannot end itself (lost, or cancelled while queued). */
  const finishAs = (run: CampaignRun, status: "failed" | "cancelled", message: string) =>
    Effect.gen(function*() {
      const finishedAt = yield* now
      yield* sql`UPDATE campaign_runs SET status = ${status}, message = ${message}, finished_at = ${finishedAt}
        WHERE id = ${run.id}`
      yield* setCampaign(run.campaign_id, { status, stage: status, message, completedAt: finishedAt })
    })

  const requestCancel = (campaignId: CampaignId, userId: UserId) =>
    sql.withTransaction(Effect.gen(function*() {
      const owned = yield* sql`SELECT id FROM campaigns WHERE id = ${campaignId} AND user_id = ${userId}`
      if (owned.length === 0) return yield* Effect.fail(NotFound.of("Campaign"))
      // A claim that holds the row makes this wait, then see it running: the worker is asked instead.
      const finishedAt = yield* now
      const queued = yield* sql`UPDATE campaign_runs SET status = 'cancelled', message = ${CANCELLED_QUEUED},
          finished_at = ${finishedAt}
        WHERE campaign_id = ${campaignId} AND status = 'queued'
        RETURNING id`
      if (queued.length > 0) {
        yield* setCampaign(campaignId, {
          status: "cancelled",
          stage: "cancelled",
          message: CANCELLED_QUEUED,
          completedAt: finishedAt
        })
        return "cancelled" as CancelEffect
      }
      const running = yield* sql`UPDATE campaign_runs SET cancel_requested = ${encode.boolean(true)}
        WHERE campaign_id = ${campaignId} AND status = 'running'
        RETURNING id`
      return (running.length > 0 ? "requested" : "nothing_to_cancel") as CancelEffect
    })).pipe(orDieOnDatabaseFailure)

  const recover = (options: RecoveryOptions) =>
    sql.withTransaction(Effect.gen(function*() {
      // PostgreSQL: runs another worker is recovering at this moment are left to it.
      const rows = yield* sql`SELECT * FROM campaign_runs
        WHERE status = 'running' AND (heartbeat_at IS NULL OR heartbeat_at < ${staleBefore(options.staleAfterSeconds)})
        ORDER BY created_at ${skipLocked}`
      const recovered: Array<RecoveredRun> = []
      for (const row of rows) {
        const run = yield* decodeRun(row)
        if (run.cancel_requested) {
          yield* finishAs(run, "cancelled", "Cancelled on request.")
          recovered.push({ run, action: "cancelled" })
        } else if (run.attempts >= options.maxAttempts) {
          yield* finishAs(run, "failed", interruptedMessage(options, run.attempts))
          recovered.push({ run, action: "failed" })
        } else {
          yield* sql`UPDATE campaign_runs SET status = 'queued', worker_id = NULL WHERE id = ${run.id}`
          yield* setCampaign(run.campaign_id, {
            status: "queued",
            stage: "queued",
            pct: 0,
            message: "Interrupted: the worker running this campaign stopped; it is queued to run again."
          })
          recovered.push({ run, action: "requeued" })
        }
      }
      return recovered
    })).pipe(orDieOnDatabaseFailure)

  return RunQueue.of({
    enqueue,
    claim,
    heartbeat,
    reportProgress,
    finish,
    release,
    requestCancel,
    recover,
    findById: (runId) => sql`SELECT * FROM campaign_runs WHERE id = ${runId}`.pipe(Effect.flatMap(firstRun), orDieOnDatabaseFailure),
    latestForCampaign: (campaignId) =>
      sql`SELECT * FROM campaign_runs WHERE campaign_id = ${campaignId} ORDER BY created_at DESC, id DESC LIMIT 1`.pipe(
        Effect.flatMap(firstRun),
        orDieOnDatabaseFailure
      )
  })
})

export const layer = Layer.effect(RunQueue, make)
