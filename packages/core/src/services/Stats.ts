/** Service: the overview figures of `GET /api/stats`. */
import { Context, Schema, type Effect } from "effect"
import { Campaign } from "../Campaign.js"
import type { UserId } from "../User.js"

export class Overview extends Schema.Class<Overview>("Overview")({
  total_campaigns: Schema.Number,
  total_leads: Schema.Number,
  total_emails: Schema.Number,
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
