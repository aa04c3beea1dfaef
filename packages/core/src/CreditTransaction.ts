/** One row of the credits ledger: every change of a balance, with the balance after it. */
import { Schema } from "effect"
import { CampaignId } from "./Campaign.js"

export const CreditTransactionId = Schema.UUID.pipe(Schema.brand("CreditTransactionId"))
export type CreditTransactionId = typeof CreditTransactionId.Type

export const CreditReason = Schema.Literal("signup", "campaign_run", "monthly_refill", "purchase", "grant")
export type CreditReason = typeof CreditReason.Type

export class CreditTransaction extends Schema.Class<CreditTransaction>("CreditTransaction")({
  id: CreditTransactionId,
  /** Positive adds, negative consumes. */
  amount: Schema.Number,
  reason: CreditReason,
  balance_after: Schema.Number,
  campaign_id: Schema.NullOr(CampaignId),
  created_at: Schema.Date
}) {}

export class CreditBalance extends Schema.Class<CreditBalance>("CreditBalance")({
  credits_remaining: Schema.Number,
  credits_monthly: Schema.Number,
  plan: Schema.String
}) {}
