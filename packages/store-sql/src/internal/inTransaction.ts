/**
 * Runs an effect in the caller's transaction when there is one, else in a transaction of its own.
 *
 * `withTransaction` inside a transaction opens a SAVEPOINT, which @effect/sql leaves open until the
 * transaction ends. An import's batch opened four of them (the counted insert and update, each
 * around the store's own statements), so SQLite copied every page the batch then changed into a
 * statement journal, and its FTS5 search index flushed its pending terms at each one. The caller's
 * transaction already makes the writes atomic: a failure inside rolls all of it back.
 */
import { type SqlClient, TransactionConnection } from "@effect/sql/SqlClient"
import type { SqlError } from "@effect/sql/SqlError"
import { Effect, Option } from "effect"

export const inTransaction = <A, E, R>(sql: SqlClient, effect: Effect.Effect<A, E, R>): Effect.Effect<A, E | SqlError, R> =>
  Effect.flatMap(
    Effect.serviceOption(TransactionConnection),
    (outer) => (Option.isSome(outer) ? effect : sql.withTransaction(effect))
  )
