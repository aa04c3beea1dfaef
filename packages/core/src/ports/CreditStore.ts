/**
 * Port: balances and their ledger. Every change of `users.credits_remaining` writes exactly one
 * ledger row with `balance_after`, in the same transaction; a balance never goes below zero.
 */
import { Context, type Effect, type Option } from "effect"
import type { CampaignId } from "../Campaign.js"
import type { CreditBalance, CreditReason, CreditTransaction } from "../CreditTransaction.js"
import type { InsufficientCredits, NotFound } from "../Errors.js"
import type { UserId } from "../User.js"

export interface CreditStore {
  readonly balance: (userId: UserId) => Effect.Effect<CreditBalance, NotFound>
  /**
   * Takes `amount` if the balance holds it (`UPDATE … WHERE credits_remaining >= amount`), else
   * InsufficientCredits and nothing changes. Safe under any number of concurrent callers.
   */
  readonly debitIfSufficient: (
    userId: UserId,
    amount: number,
    reason: CreditReason,
    campaignId: CampaignId | null
  ) => Effect.Effect<CreditTransaction, InsufficientCredits>
  /** Takes min(amount, balance); None when that is zero. */
  readonly debitUpTo: (
    userId: UserId,
    amount: number,
    reason: CreditReason,
    campaignId: CampaignId | null
  ) => Effect.Effect<Option.Option<CreditTransaction>>
  readonly credit: (
    userId: UserId,
    amount: number,
    reason: CreditReason,
    campaignId: CampaignId | null
  ) => Effect.Effect<CreditTransaction>
  /** Newest first. */
  readonly history: (
    userId: UserId,
    page: number,
    perPage: number
  ) => Effect.Effect<{ readonly transactions: ReadonlyArray<CreditTransaction>; readonly total: number }>
}

export const CreditStore = Context.GenericTag<CreditStore>("@leadfactory/core/CreditStore")
