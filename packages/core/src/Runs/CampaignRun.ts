/** A run of a campaign: one job in the durable queue that a worker claims, runs and finishes. */
import { Schema } from "effect"
import { CampaignId } from "../Campaign.js"
import { UserId } from "../User.js"

export const RunId = Schema.UUID.pipe(Schema.brand("RunId"))
export type RunId = typeof RunId.Type

export const RunStatus = Schema.Literal("queued", "running", "completed", "failed", "cancelled")
export type RunStatus = typeof RunStatus.Type

/** The statuses a run ends in; the campaign takes the same status when its run ends. */
export type RunEnd = Extract<RunStatus, "completed" | "failed" | "cancelled">

export class CampaignRun extends Schema.Class<CampaignRun>("CampaignRun")({
  id: RunId,
  campaign_id: CampaignId,
  user_id: UserId,
  status: RunStatus,
  /** The owner asked to cancel while it was running; its worker stops it at the next heartbeat. */
  cancel_requested: Schema.Boolean,
  /** `host:pid:nonce` of the worker that holds (or last held) it. */
  worker_id: Schema.NullOr(Schema.String),
  /** How many times a worker claimed it; a run whose worker died is retried up to a limit. */
  attempts: Schema.Number,
  /** New leads with an email that were not delivered because the balance ran out. */
  held_back: Schema.Number,
  /** Why it failed, or what a completed run has to say (leads held back). */
  message: Schema.NullOr(Schema.String),
  created_at: Schema.Date,
  started_at: Schema.NullOr(Schema.Date),
  /** The database's clock, written by the worker every heartbeat; stale means the worker is gone. */
  heartbeat_at: Schema.NullOr(Schema.Date),
  finished_at: Schema.NullOr(Schema.Date)
}) {}
