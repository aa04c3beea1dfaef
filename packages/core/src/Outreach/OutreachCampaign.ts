/**
 * Outreach: a campaign's leads pushed into an email-outreach tool (Instantly, Smartlead, or any tool
 * behind a signed webhook), the record of that push, and the user's stored provider keys.
 */
import { Schema } from "effect"
import { CampaignId } from "../Campaign.js"
import { Tier } from "../Lead.js"
import type { UserId } from "../User.js"

export const OutreachProviderName = Schema.Literal("instantly", "smartlead", "webhook")
export type OutreachProviderName = typeof OutreachProviderName.Type

export const OutreachCampaignId = Schema.UUID.pipe(Schema.brand("OutreachCampaignId"))
export type OutreachCampaignId = typeof OutreachCampaignId.Type

/**
 * pushing: leads are being added (or a push stopped halfway and will resume on the next launch);
 * ready: every matching lead is with the provider, not sending yet; active / paused: after start /
 * pause; failed: the last launch stopped on a provider error (see error_message).
 */
export const OutreachStatus = Schema.Literal("pushing", "ready", "active", "paused", "failed")
export type OutreachStatus = typeof OutreachStatus.Type

/** One email of a sequence; `delay_days` after the previous one (the first is sent on start). */
export class SequenceStep extends Schema.Class<SequenceStep>("SequenceStep")({
  subject: Schema.String.pipe(Schema.maxLength(500)),
  body: Schema.String.pipe(Schema.minLength(1, { message: () => "must not be empty" }), Schema.maxLength(20_000)),
  delay_days: Schema.Int.pipe(Schema.between(0, 365))
}) {}

export class OutreachCampaign extends Schema.Class<OutreachCampaign>("OutreachCampaign")({
  id: OutreachCampaignId,
  campaign_id: CampaignId,
  name: Schema.String,
  provider: OutreachProviderName,
  /** The provider's id of the campaign; null until the provider has created it. */
  provider_campaign_id: Schema.NullOr(Schema.String),
  status: OutreachStatus,
  leads_pushed: Schema.Number,
  error_message: Schema.NullOr(Schema.String),
  created_at: Schema.Date,
  updated_at: Schema.Date
}) {}

/** An outreach campaign as stored, with its owner and sequence. */
export interface OutreachCampaignRecord extends OutreachCampaign {
  readonly user_id: UserId
  readonly from_email: string
  readonly from_name: string
  readonly steps: ReadonlyArray<SequenceStep>
}

const LaunchName = Schema.Trim.pipe(
  Schema.minLength(1, { message: () => "must not be empty" }),
  Schema.maxLength(200, { message: () => "must be at most 200 characters" })
)

const SenderEmail = Schema.Trim.pipe(
  Schema.pattern(/^[^\s@]+@[^\s@]+\.[^\s@]+$/, { message: () => "must be a valid email address" }),
  Schema.maxLength(254)
).annotations({ jsonSchema: { type: "string", format: "email", maxLength: 254 } })

/**
 * `POST /api/outreach/launch`. Launching again with the same campaign, provider and name resumes
 * the same outreach campaign: only leads not pushed yet are added.
 */
export class LaunchRequest extends Schema.Class<LaunchRequest>("LaunchRequest")({
  name: LaunchName,
  provider: OutreachProviderName,
  campaign_id: CampaignId.annotations({ message: () => "must be a UUID" }),
  min_score: Schema.optional(Schema.Number.pipe(Schema.between(0, 100))),
  tiers: Schema.optional(Schema.Array(Tier)),
  from_email: SenderEmail,
  from_name: Schema.Trim.pipe(Schema.minLength(1, { message: () => "must not be empty" }), Schema.maxLength(200)),
  /** The emails to send; or `template`, the id of a built-in sequence (GET /api/outreach/templates). */
  steps: Schema.optional(Schema.Array(SequenceStep).pipe(Schema.minItems(1), Schema.maxItems(20))),
  template: Schema.optional(Schema.String.pipe(Schema.maxLength(100)))
}) {}

export class LaunchResult extends Schema.Class<LaunchResult>("LaunchResult")({
  outreach_campaign: OutreachCampaign,
  /** Leads added by this launch; 0 when every matching lead had been pushed before. */
  leads_added: Schema.Number
}) {}

/** The provider's figures; null where the provider does not report one (the webhook reports none). */
export class OutreachStats extends Schema.Class<OutreachStats>("OutreachStats")({
  outreach_campaign: OutreachCampaign,
  sent: Schema.NullOr(Schema.Number),
  opened: Schema.NullOr(Schema.Number),
  replied: Schema.NullOr(Schema.Number),
  bounced: Schema.NullOr(Schema.Number)
}) {}

export class OutreachTemplate extends Schema.Class<OutreachTemplate>("OutreachTemplate")({
  id: Schema.String,
  vertical: Schema.String,
  name: Schema.String,
  steps: Schema.Array(SequenceStep)
}) {}

/** What the API shows of a stored provider key: never the key, only its last four characters. */
export class Integration extends Schema.Class<Integration>("Integration")({
  provider: OutreachProviderName,
  key_last4: Schema.String,
  /** The webhook's target URL; null for the other providers. */
  url: Schema.NullOr(Schema.String),
  updated_at: Schema.Date
}) {}

/** `PUT /api/users/integrations/{provider}`: a webhook needs `url` and `secret` (its api_key is optional). */
export class PutIntegration extends Schema.Class<PutIntegration>("PutIntegration")({
  api_key: Schema.optional(Schema.String.pipe(Schema.minLength(1), Schema.maxLength(500))),
  url: Schema.optional(Schema.String.pipe(Schema.maxLength(2000))),
  secret: Schema.optional(Schema.String.pipe(Schema.minLength(16, { message: () => "must be at least 16 characters" }), Schema.maxLength(500)))
}) {}

/** An outreach provider refused or failed a request; the HTTP layer answers 502 with its message. */
export class ProviderError extends Schema.TaggedError<ProviderError>()("ProviderError", {
  provider: Schema.String,
  /** The provider's HTTP status; 0 when it could not be reached. */
  status: Schema.Number,
  message: Schema.String
}) {}
