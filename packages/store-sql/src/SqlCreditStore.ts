/**
 * CreditStore over SqlClient. Every change of a balance is one guarded UPDATE plus its ledger row in
 * one transaction; the UPDATE holds the user's row (PostgreSQL row lock, SQLite write lock) until
 * commit, so concurrent debits queue behind each other and the balance never goes below zero.
 */
import { SqlClient } from "@effect/sql/SqlClient"
import {
  CreditBalance,
  CreditStore,
  InsufficientCredits,
  NotFound,
  Plan,
  type CampaignId,
  type CreditReason,
  type UserId
} from "@leadfactory/core"
import { Clock, Effect, Layer, Option, Schema } from "effect"
import { DbNumber } from "./internal/dbValues.js"
import { orDieOnDatabaseFailure } from "./internal/failures.js"
import { creditTransactionColumns, decodeCreditTransaction, insertLedgerRow } from "./internal/ledger.js"

const decodeBalanceRow = Schema.decodeUnknown(
  Schema.Struct({ credits_remaining: DbNumber, credits_monthly: DbNumber, plan: Plan })
)
const decodeRemaining = Schema.decodeUnknown(Schema.Struct({ credits_remaining: DbNumber }))
const decodeTransactions = (rows: ReadonlyArray<unknown>) => Effect.forEach(rows, decodeCreditTransaction)
const decodeCount = Schema.decodeUnknown(Schema.Tuple(Schema.Struct({ count: DbNumber })))

/** Amounts are whole credits; anything else is a caller's bug, not a business outcome. */
const requirePositiveWhole = (amount: number) =>
  Number.isSafeInteger(amount) && amount > 0
    ? Effect.void
    : Effect.dieMessage(`A credit amount must be a positive whole number, got ${amount}`)

export const make = Effect.gen(function*() {
  const sql = yield* SqlClient

  const userMissing = (userId: UserId) => Effect.dieMessage(`No user ${userId} to change the balance of`)

  /** Writes the ledger row of a change that has just been applied, stamped after the row was taken. */
  const recordChange = (
    userId: UserId,
    amount: number,
    balanceAfter: number,
    reason: CreditReason,
    campaignId: CampaignId | null
  ) =>
    Clock.currentTimeMillis.pipe(
      Effect.flatMap((now) =>
        insertLedgerRow(sql, {
          user_id: userId,
          campaign_id: campaignId,
          amount,
          reason,
          balance_after: balanceAfter,
          created_at: new Date(now)
        })
      )
    )

  const balance = (userId: UserId) =>
    Effect.gen(function*() {
      const rows = yield* sql`SELECT credits_remaining, credits_monthly, plan FROM users WHERE id = ${userId}`
      if (rows[0] === undefined) return yield* Effect.fail(NotFound.of("User"))
      return new CreditBalance(yield* decodeBalanceRow(rows[0]))
    }).pipe(orDieOnDatabaseFailure)

  const debitIfSufficient = (userId: UserId, amount: number, reason: CreditReason, campaignId: CampaignId | null) =>
    requirePositiveWhole(amount).pipe(
      Effect.zipRight(
        sql.withTransaction(
          Effect.gen(function*() {
            const updated = yield* sql`UPDATE users SET credits_remaining = credits_remaining - ${amount}
              WHERE id = ${userId} AND credits_remaining >= ${amount}
              RETURNING credits_remaining`
            if (updated[0] === undefined) {
              const current = yield* sql`SELECT credits_remaining FROM users WHERE id = ${userId}`
              if (current[0] === undefined) return yield* userMissing(userId)
              const { credits_remaining } = yield* decodeRemaining(current[0])
              return yield* Effect.fail(InsufficientCredits.of(credits_remaining, amount))
            }
            const { credits_remaining } = yield* decodeRemaining(updated[0])
            return yield* recordChange(userId, -amount, credits_remaining, reason, campaignId)
          })
        )
      ),
      orDieOnDatabaseFailure
    )

  const debitUpTo = (userId: UserId, amount: number, reason: CreditReason, campaignId: CampaignId | null) =>
    requirePositiveWhole(amount).pipe(
      Effect.zipRight(
        sql.withTransaction(
          Effect.gen(function*() {
            // A no-op write takes the row first, so the balance read here holds until commit.
            const locked = yield* sql`UPDATE users SET credits_remaining = credits_remaining
              WHERE id = ${userId} RETURNING credits_remaining`
            if (locked[0] === undefined) return yield* userMissing(userId)
            const { credits_remaining: balance } = yield* decodeRemaining(locked[0])
            const taken = Math.min(amount, balance)
            if (taken === 0) return Option.none()
            yield* sql`UPDATE users SET credits_remaining = credits_remaining - ${taken} WHERE id = ${userId}`
            return Option.some(yield* recordChange(userId, -taken, balance - taken, reason, campaignId))
          })
        )
      ),
      orDieOnDatabaseFailure
    )

  const credit = (userId: UserId, amount: number, reason: CreditReason, campaignId: CampaignId | null) =>
    requirePositiveWhole(amount).pipe(
      Effect.zipRight(
        sql.withTransaction(
          Effect.gen(function*() {
            const updated = yield* sql`UPDATE users SET credits_remaining = credits_remaining + ${amount}
              WHERE id = ${userId} RETURNING credits_remaining`
            if (updated[0] === undefined) return yield* userMissing(userId)
            const { credits_remaining } = yield* decodeRemaining(updated[0])
            return yield* recordChange(userId, amount, credits_remaining, reason, campaignId)
          })
        )
      ),
      orDieOnDatabaseFailure
    )

  return CreditStore.of({
    balance,
    debitIfSufficient,
    debitUpTo,
    credit,
    history: (userId, page, perPage) =>
      Effect.all({
        transactions: sql`SELECT ${sql.literal(creditTransactionColumns)} FROM credit_transactions
          WHERE user_id = ${userId} ORDER BY created_at DESC, seq DESC
          LIMIT ${perPage} OFFSET ${(page - 1) * perPage}`.pipe(Effect.flatMap(decodeTransactions)),
        total: sql`SELECT COUNT(*) AS count FROM credit_transactions WHERE user_id = ${userId}`.pipe(
          Effect.flatMap(decodeCount),
          Effect.map(([row]) => row.count)
        )
      }).pipe(orDieOnDatabaseFailure)
  })
})

export const layer = Layer.effect(CreditStore, make)
