/**
 * ReadConnection (store-sql) on SQLite: a second better-sqlite3 connection to the database file,
 * which only reads, running the stores' frequent reads straight on its prepared statements.
 *
 * In WAL mode each statement reads the last commit, whichever connection made it, so what the
 * client commits is seen at once. A read no longer waits behind the client's connection lock, which
 * a transaction holds until it ends; it sees the database as it was before that transaction. Inside
 * a transaction of its own fiber, a read goes through the client, to see the transaction's writes.
 */
import { SqlError } from "@effect/sql/SqlError"
import { makeReadConnection, type ReadConnection } from "@leadfactory/store-sql"
import Database from "better-sqlite3"
import { Effect } from "effect"

/** Prepared statements kept: a statement's text varies only with the filters a request combines. */
const PREPARED_CAPACITY = 200

/**
 * Pages of the connection's own cache: the page reads go through the index of one campaign, and
 * the OS's file cache holds the rest. The client's 8 MB (SqliteStore) are for imports and exports.
 */
const CACHE_KIB = 2000

export const make = (filename: string) =>
  Effect.map(
    Effect.acquireRelease(
      Effect.try({
        try: () => {
          const database = new Database(filename, { fileMustExist: true })
          database.pragma("query_only = ON")
          database.pragma(`cache_size = -${CACHE_KIB}`)
          return database
        },
        catch: (cause) => new SqlError({ cause, message: "Failed to open the read connection" })
      }),
      (database) => Effect.sync(() => database.close())
    ),
    (database): ReadConnection => {
      const prepared = new Map<string, Database.Statement>()
      const prepare = (text: string) => {
        const cached = prepared.get(text)
        if (cached !== undefined) return cached
        // Past capacity the statement prepared first goes: SQLite finalizes it when it is collected.
        if (prepared.size >= PREPARED_CAPACITY) prepared.delete(prepared.keys().next().value!)
        const statement = database.prepare(text)
        prepared.set(text, statement)
        return statement
      }
      return makeReadConnection((text, params, asValues) =>
        Effect.try({
          try: (): ReadonlyArray<unknown> => prepare(text).raw(asValues).all(...params),
          catch: (cause) => new SqlError({ cause, message: "Failed to execute statement" })
        })
      )
    }
  )
