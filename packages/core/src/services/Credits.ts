/** Service: a user's credit balance and ledger. */
import { Context, type Effect } from "effect"
import type { CampaignId } from "../Campaign.js"
import type { CreditBalance, CreditReason, CreditTransaction } from "../CreditTransaction.js"
import type { InsufficientCredits, NotFound } from "../Errors.js"
import type { UserId } from "../User.js"

export interface Credits {
  readonly balance: (userId: UserId) => Effect.Effect<CreditBalance, NotFound>
  readonly history: (
    userId: UserId,
    page: number,
    perPage: number
  ) => Effect.Effect<{ readonly transactions: ReadonlyArray<CreditTransaction>; readonly total: number }>
  /** Adds credits (purchase, refill, operator grant). `amount` must be positive. */
  readonly grant: (userId: UserId, amount: number, reason: CreditReason) => Effect.Effect<CreditTransaction>
  /** Takes exactly `amount` or fails with InsufficientCredits; atomic, never below zero. */
  readonly charge: (
    userId: UserId,
    amount: number,
    reason: CreditReason,
    campaignId: CampaignId | null
  ) => Effect.Effect<CreditTransaction, InsufficientCredits>
}

export const Credits = Context.GenericTag<Credits>("@leadfactory/core/Credits")
