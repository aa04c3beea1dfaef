/**
 * Transactions that take SQLite's write lock when they begin, as `BEGIN IMMEDIATE` would.
 *
 * The client opens every transaction with a plain (deferred) `BEGIN`, which takes the write lock at
 * the first write. A transaction that reads before it writes (an import batch looks its keys up
 * first, an opt-out finds the lead's campaign) then fails at once with "database is locked" when
 * another process on the same file (lf-run, lf-import, a second server) has written in between:
 * SQLite cannot wait there without risking a deadlock, so it does not wait at all. Taken at the
 * start, before anything is read, the lock is waited for (better-sqlite3's busy timeout, 5 s), so
 * writers on one file queue instead of failing. The client has no option for `BEGIN IMMEDIATE`; a
 * write that changes nothing, as each transaction's first statement, takes the lock the same way.
 *
 * Each transaction that is not inside another first gives node's event loop a turn
 * (eventLoopTurn): the driver blocks the thread while it works, and an import's batches of 10,000
 * rows, parsed from an upload already received, otherwise followed each other without the loop
 * polling for other requests.
 */
import { type SqlClient, TransactionConnection } from "@effect/sql/SqlClient"
import { eventLoopTurn } from "@leadfactory/store-sql"
import { Effect, Option } from "effect"

/** The table the lock-taking write names; empty, and made when the client opens the file. */
export const WRITE_LOCK_TABLE = "lf_write_lock"

/**
 * `client` with every transaction (savepoints too, where it changes nothing) opened by the lock-taking
 * write, the outermost after a turn of the event loop.
 */
export const withWriteLockFirst = <Client extends SqlClient>(client: Client): Client => {
  const takeWriteLock = client.unsafe(`DELETE FROM ${WRITE_LOCK_TABLE} WHERE 0`)
  const withTransaction: SqlClient["withTransaction"] = (self) =>
    Effect.flatMap(Effect.serviceOption(TransactionConnection), (outer) => {
      const transaction = client.withTransaction(Effect.zipRight(takeWriteLock, self))
      // Never inside a transaction: another connection of this process to the same file would wait
      // for its write lock synchronously (the busy timeout), without the loop turning to release it.
      return Option.isSome(outer) ? transaction : Effect.zipRight(eventLoopTurn, transaction)
    })
  // A Proxy keeps the client callable as a template tag, with every other member as it was.
  return new Proxy(client, {
    get: (target, property, receiver) =>
      property === "withTransaction" ? withTransaction : Reflect.get(target, property, receiver)
  })
}
