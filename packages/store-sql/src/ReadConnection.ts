/**
 * ReadConnection: a connection of its own for the stores' frequent reads (a page of leads, its
 * total, the account behind a credential). Through the client, each statement pays for a span, a
 * scope, the client's cache of prepared statements and its connection lock: on SQLite about 30 µs
 * of CPU and 42 KB of allocations above the driver's own 8 µs, and a page of leads runs three. The
 * SQLite package provides this service beside its SqlClient for a database file; without it the
 * stores run these reads through the client.
 */
import type { SqlError } from "@effect/sql/SqlError"
import type { Statement } from "@effect/sql/Statement"
import { Context, Effect, Option } from "effect"

export interface ReadConnection {
  /**
   * The rows of `statement`, which only reads, as arrays of column values (`statement.values`).
   * Inside a transaction it runs through the client, so that the transaction sees its own writes.
   */
  readonly values: (statement: Statement<unknown>) => Effect.Effect<ReadonlyArray<ReadonlyArray<unknown>>, SqlError>
  /** The rows of `statement`, which only reads, as objects (`yield* statement`); in a transaction as `values`. */
  readonly rows: <A extends object>(statement: Statement<A>) => Effect.Effect<ReadonlyArray<A>, SqlError>
}

export const ReadConnection = Context.GenericTag<ReadConnection>("@leadfactory/store-sql/ReadConnection")

/** Reads through the client itself: what the stores use where no ReadConnection is provided. */
export const readsThroughClient: ReadConnection = {
  values: (statement) => statement.values,
  rows: (statement) => statement
}

/** The ReadConnection provided, or reads through the client. */
export const readConnection: Effect.Effect<ReadConnection> = Effect.map(
  Effect.serviceOption(ReadConnection),
  Option.getOrElse(() => readsThroughClient)
)
