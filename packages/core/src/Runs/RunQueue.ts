/**
 * Port: the durable queue of campaign runs, shared by every server and worker on one database. It
 * moves a run and its campaign's status together, in one transaction each time, so that the
 * campaign never says running without a run a worker holds.
 */
import { Context, type Effect, type Option } from "effect"
import type { CampaignId, ProgressStage } from "../Campaign.js"
import type { CampaignRunning, NotFound } from "../Errors.js"
import type { UserId } from "../User.js"
import type { CampaignRun, RunEnd, RunId } from "./CampaignRun.js"

/** What a worker learns from a heartbeat. */
export type Heartbeat = "owned" | "cancel_requested" | "lost"

/** What a cancel request did. */
export type CancelEffect = "cancelled" | "requested" | "nothing_to_cancel"

export interface RunOutcome {
  readonly status: RunEnd
  /** The campaign's error_message: why it failed or was stopped, or what a completed run held back. */
  readonly message: string | null
  readonly held_back: number
}

export interface RecoveryOptions {
  /** A running run whose heartbeat is older than this (by the database's clock) has lost its worker. */
  readonly staleAfterSeconds: number
  /** A lost run that was claimed this many times fails ("interrupted") instead of being queued again. */
  readonly maxAttempts: number
}

/** A run whose worker was lost, and what recovery did with it. */
export interface RecoveredRun {
  readonly run: CampaignRun
  readonly action: "requeued" | RunEnd
}

export interface RunQueue {
  /**
   * Queues a run of the user's campaign and sets the campaign queued, in one transaction. The
   * status check is part of the UPDATE, so of two requests racing (on one server or two) exactly
   * one succeeds: CampaignRunning for the other, and whenever the campaign is queued or running.
   */
  readonly enqueue: (campaignId: CampaignId, userId: UserId) => Effect.Effect<CampaignRun, NotFound | CampaignRunning>
  /**
   * Takes the oldest queued run (of `campaignId` only, when given) for `workerId`: the run and its
   * campaign become running. Two workers never take the same run (PostgreSQL: FOR UPDATE SKIP
   * LOCKED; SQLite: one writer at a time). None when nothing is queued.
   */
  readonly claim: (workerId: string, campaignId?: CampaignId) => Effect.Effect<Option.Option<CampaignRun>>
  /** Stamps the run as alive; "lost" when `workerId` no longer holds it (recovered by another worker). */
  readonly heartbeat: (runId: RunId, workerId: string) => Effect.Effect<Heartbeat>
  /** Sets the campaign's progress, only while `workerId` holds the run. */
  readonly reportProgress: (
    runId: RunId,
    workerId: string,
    stage: ProgressStage,
    pct: number
  ) => Effect.Effect<void>
  /**
   * Ends the run and sets its campaign's status, stage (100 % when completed), error_message and
   * completed_at. False, and nothing written, when `workerId` no longer holds the run.
   */
  readonly finish: (runId: RunId, workerId: string, outcome: RunOutcome) => Effect.Effect<boolean>
  /** Gives a run back to the queue (its worker is shutting down); cancelled instead if that was asked. */
  readonly release: (runId: RunId, workerId: string) => Effect.Effect<void>
  /**
   * A queued run is cancelled at once (with its campaign); a running one is flagged for its worker.
   * NotFound when the campaign is not the user's.
   */
  readonly requestCancel: (campaignId: CampaignId, userId: UserId) => Effect.Effect<CancelEffect, NotFound>
  /** Queues again, or fails with "interrupted", the running runs whose heartbeat is stale. */
  readonly recover: (options: RecoveryOptions) => Effect.Effect<ReadonlyArray<RecoveredRun>>
  readonly findById: (runId: RunId) => Effect.Effect<Option.Option<CampaignRun>>
  /** The campaign's newest run. */
  readonly latestForCampaign: (campaignId: CampaignId) => Effect.Effect<Option.Option<CampaignRun>>
}

export const RunQueue = Context.GenericTag<RunQueue>("@leadfactory/core/RunQueue")
