/**
 * CopyOut (store-sql) on node-postgres: `COPY … TO STDOUT` read with pg-copy-streams from a
 * connection of the stores' own pool, pulled by the consumer (pg-copy-streams reads the socket only
 * when the stream is read, so PostgreSQL waits while the consumer, e.g. a slow HTTP client, lags).
 */
import * as NodeStream from "@effect/platform-node/NodeStream"
import { SqlError } from "@effect/sql/SqlError"
import { CopyOut } from "@leadfactory/store-sql"
import { Effect, Layer, Stream } from "effect"
import type pg from "pg"
import { to as copyTo } from "pg-copy-streams"

export const make = (pool: pg.Pool): CopyOut => ({
  stream: (statement) =>
    Stream.unwrapScoped(
      Effect.map(
        Effect.acquireRelease(
          Effect.tryPromise({
            try: async () => {
              const client = await pool.connect()
              return { client, copy: client.query(copyTo(statement)) }
            },
            catch: (cause) => new SqlError({ cause, message: "Failed to acquire a connection for COPY" })
          }),
          // A copy that has not ended leaves the connection in the middle of the COPY protocol: it is
          // closed (release with an error), which also ends the query on the server. The copy then
          // fails with "Connection terminated", which nobody reads any more.
          ({ client, copy }) =>
            Effect.sync(() => {
              if (copy.readableEnded) return client.release()
              copy.on("error", () => undefined)
              client.release(new Error("The COPY was stopped before its end."))
            })
        ),
        ({ copy }) =>
          NodeStream.fromReadable<SqlError, Uint8Array>(
            () => copy,
            (cause) => new SqlError({ cause, message: "Failed to execute COPY" })
          )
      )
    )
})

/** CopyOut over `pool`. */
export const layer = (pool: pg.Pool): Layer.Layer<CopyOut> => Layer.succeed(CopyOut, make(pool))
