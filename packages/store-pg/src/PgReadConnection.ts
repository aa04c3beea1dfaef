/**
 * ReadConnection (store-sql) on node-postgres: the stores' frequent reads go straight to the pool
 * (`pool.query`, which takes a connection for the one statement), past @effect/sql's per-statement
 * machinery. Each statement reads the last commit, as through the client; inside a transaction a
 * read goes through the client, on the transaction's connection.
 *
 * A read interrupted while it runs is not cancelled on the server, as the client would do: it is a
 * single SELECT of a page or a count, and its connection returns to the pool when it ends.
 */
import { SqlError } from "@effect/sql/SqlError"
import { makeReadConnection, ReadConnection } from "@leadfactory/store-sql"
import { Effect, Layer } from "effect"
import type pg from "pg"

export const make = (pool: pg.Pool): ReadConnection =>
  makeReadConnection((text, params, asValues) =>
    Effect.tryPromise({
      try: async (): Promise<ReadonlyArray<unknown>> => {
        const values = [...params]
        const result = asValues ? await pool.query({ text, values, rowMode: "array" }) : await pool.query({ text, values })
        return result.rows
      },
      catch: (cause) => new SqlError({ cause, message: "Failed to execute statement" })
    })
  )

/** ReadConnection over `pool`. */
export const layer = (pool: pg.Pool): Layer.Layer<ReadConnection> => Layer.succeed(ReadConnection, make(pool))
