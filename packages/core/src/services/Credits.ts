/** Service: a user's credit balance and ledger. */
import { Context, type Effect } from "effect"
import type { CampaignId } from "../Campaign.js"
import type { CreditBalance, CreditReason, CreditTransaction } from "../CreditTransaction.js"
import type { InsufficientCredits, InvalidInput, NotFound } from "../Errors.js"
import type { UserId } from "../User.js"

export interface Credits {
  readonly balance: (userId: UserId) => Effect.Effect<CreditBalance, NotFound>
  readonly history: (
    userId: UserId,
    page: number,
    perPage: number
  ) => Effect.Effect<{ readonly transactions: ReadonlyArray<CreditTransaction>; readonly total: number }>
  /** Adds credits (purchase, refill, operator grant). InvalidInput unless `amount` is a positive integer. */
  readonly grant: (
    userId: UserId,
    amount: number,
    reason: CreditReason
  ) => Effect.Effect<CreditTransaction, InvalidInput>
  /**
   * Takes exactly `amount` or fails with InsufficientCredits; atomic, never below zero. InvalidInput
   * unless `amount` is a positive integer (a negative charge would be a grant).
   */
  readonly charge: (
    userId: UserId,
    amount: number,
    reason: CreditReason,
    campaignId: CampaignId | null
  ) => Effect.Effect<CreditTransaction, InsufficientCredits | InvalidInput>
}

export const Credits = Context.GenericTag<Credits>("@leadfactory/core/Credits")
