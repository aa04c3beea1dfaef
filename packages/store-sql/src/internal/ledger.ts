/** The credits ledger row that accompanies every change of a balance, written by the same transaction. */
import type { SqlClient } from "@effect/sql/SqlClient"
import { CampaignId, CreditReason, CreditTransaction, CreditTransactionId, type UserId } from "@leadfactory/core"
import { Effect, Schema } from "effect"
import { randomUUID } from "node:crypto"
import { DbDate, DbNumber, dbDate } from "./dbValues.js"

const CreditTransactionRow = Schema.Struct({
  id: CreditTransactionId,
  amount: DbNumber,
  reason: CreditReason,
  balance_after: DbNumber,
  campaign_id: Schema.NullOr(CampaignId),
  created_at: DbDate
})

export const decodeCreditTransaction = (row: unknown) =>
  Effect.map(Schema.decodeUnknown(CreditTransactionRow)(row), (fields) => new CreditTransaction(fields))

export const creditTransactionColumns = "id, amount, reason, balance_after, campaign_id, created_at"

export interface LedgerEntry {
  readonly user_id: UserId
  readonly campaign_id: CampaignId | null
  /** Positive adds, negative consumes. */
  readonly amount: number
  readonly reason: CreditReason
  readonly balance_after: number
  readonly created_at: Date
}

export const insertLedgerRow = (sql: SqlClient, entry: LedgerEntry) =>
  Effect.suspend(() =>
    sql`INSERT INTO credit_transactions ${sql.insert({
      id: randomUUID(),
      user_id: entry.user_id,
      campaign_id: entry.campaign_id,
      amount: entry.amount,
      reason: entry.reason,
      balance_after: entry.balance_after,
      created_at: dbDate(entry.created_at)
    })} RETURNING ${sql.literal(creditTransactionColumns)}`
  ).pipe(Effect.flatMap((rows) => decodeCreditTransaction(rows[0])))
