/**
 * ReadConnection: a connection of its own for the stores' frequent reads (a page of leads, its
 * total, the account behind a credential). Through the client, each statement pays for a span, a
 * scope, the client's cache of prepared statements and its connection lock: on SQLite about 30 µs
 * of CPU and 42 KB of allocations above the driver's own 8 µs, and a page of leads runs three. The
 * dialect packages provide this service beside their SqlClient (store-sqlite for a database file,
 * store-pg on its pool); without it the stores run these reads through the client.
 */
import { TransactionConnection } from "@effect/sql/SqlClient"
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

/** Runs a compiled statement on the read connection: its rows as arrays of values, or as objects. */
export type RunCompiled = (
  text: string,
  params: ReadonlyArray<unknown>,
  asValues: boolean
) => Effect.Effect<ReadonlyArray<unknown>, SqlError>

/** A ReadConnection that runs statements with `run`, except inside a transaction: there, through the client. */
export const makeReadConnection = (run: RunCompiled): ReadConnection => {
  const inTransaction = (context: Context.Context<never>) => Option.isSome(Context.getOption(context, TransactionConnection))
  const compiledRun = (statement: Statement<unknown>, asValues: boolean) => {
    const [text, params] = statement.compile()
    return run(text, params, asValues)
  }
  return {
    values: (statement) =>
      Effect.contextWithEffect((context) =>
        inTransaction(context)
          ? statement.values
          : (compiledRun(statement, true) as Effect.Effect<ReadonlyArray<ReadonlyArray<unknown>>, SqlError>)
      ),
    rows: <A extends object>(statement: Statement<A>) =>
      Effect.contextWithEffect((context) =>
        inTransaction(context) ? statement : (compiledRun(statement, false) as Effect.Effect<ReadonlyArray<A>, SqlError>)
      )
  }
}

/** The ReadConnection provided, or reads through the client. */
export const readConnection: Effect.Effect<ReadConnection> = Effect.map(
  Effect.serviceOption(ReadConnection),
  Option.getOrElse(() => readsThroughClient)
)
