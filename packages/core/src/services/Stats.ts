/** Service: the overview figures of `GET /api/stats`. */
import { Context, Schema, type Effect } from "effect"
import { Campaign } from "../Campaign.js"
import type { UserId } from "../User.js"

/**
 * The share of leads that have an email, in percent with one decimal (0 to 100; 0 without leads).
 * `LeadStats.email_rate` uses the same scale.
 */
export const emailRate = (withEmail: number, leads: number): number =>
  leads === 0 ? 0 : Math.round((withEmail / leads) * 1000) / 10

export class Overview extends Schema.Class<Overview>("Overview")({
  total_campaigns: Schema.Number,
  total_leads: Schema.Number,
  total_emails: Schema.Number,
  /** Percent, see `emailRate`. */
  email_rate: Schema.Number,
  credits_remaining: Schema.Number,
  hot_leads: Schema.Number,
  warm_leads: Schema.Number,
  recent_campaigns: Schema.Array(Campaign)
}) {}

export interface Stats {
  readonly overview: (userId: UserId) => Effect.Effect<Overview>
}

export const Stats = Context.GenericTag<Stats>("@leadfactory/core/Stats")
