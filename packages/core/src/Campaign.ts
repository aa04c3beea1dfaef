/** A campaign: one crawl of one vertical for one user, with its run status and lead totals. */
import { Schema } from "effect"
import { UserId } from "./User.js"

export const CampaignId = Schema.UUID.pipe(Schema.brand("CampaignId"))
export type CampaignId = typeof CampaignId.Type

export const VerticalSlug = Schema.Literal("vc", "pe", "family_office", "corp_dev")
export type VerticalSlug = typeof VerticalSlug.Type

export const CampaignStatus = Schema.Literal("pending", "queued", "running", "completed", "failed", "cancelled")
export type CampaignStatus = typeof CampaignStatus.Type

/** Statuses during which a campaign may not be run again or deleted. */
export const ACTIVE_STATUSES: ReadonlyArray<CampaignStatus> = ["queued", "running"]

export const ProgressStage = Schema.Literal(
  "pending",
  "queued",
  "initializing",
  "crawling",
  "enriching",
  "validating",
  "scoring",
  "storing",
  "completed",
  "failed",
  "cancelled"
)
export type ProgressStage = typeof ProgressStage.Type

/** Free-form overrides handed to the crawl engine as JSON. */
export const CampaignConfig = Schema.Record({ key: Schema.String, value: Schema.Unknown })
export type CampaignConfig = typeof CampaignConfig.Type

export class Campaign extends Schema.Class<Campaign>("Campaign")({
  id: CampaignId,
  name: Schema.String,
  vertical: VerticalSlug,
  status: CampaignStatus,
  config: CampaignConfig,
  total_leads: Schema.Number,
  total_emails: Schema.Number,
  credits_used: Schema.Number,
  error_message: Schema.NullOr(Schema.String),
  progress_stage: ProgressStage,
  progress_pct: Schema.Number,
  started_at: Schema.NullOr(Schema.Date),
  completed_at: Schema.NullOr(Schema.Date),
  created_at: Schema.Date
}) {}

export interface CampaignRecord extends Campaign {
  readonly user_id: UserId
}

/** A campaign as it is created: pending, with no leads, no credits used and no progress yet. */
export const newCampaignRecord = (fields: {
  readonly id: CampaignId
  readonly user_id: UserId
  readonly name: string
  readonly vertical: VerticalSlug
  readonly config: CampaignConfig
  readonly created_at: Date
}): CampaignRecord => ({
  ...fields,
  status: "pending",
  total_leads: 0,
  total_emails: 0,
  credits_used: 0,
  error_message: null,
  progress_stage: "pending",
  progress_pct: 0,
  started_at: null,
  completed_at: null
})

export const CampaignName = Schema.Trim.pipe(
  Schema.minLength(1, { message: () => "must not be empty" }),
  Schema.maxLength(200, { message: () => "must be at most 200 characters" })
)

export class NewCampaign extends Schema.Class<NewCampaign>("NewCampaign")({
  name: CampaignName,
  vertical: Schema.String,
  config: Schema.optionalWith(CampaignConfig, { default: () => ({}) })
}) {}
