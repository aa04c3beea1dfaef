/** LeadFactory's stores on PostgreSQL (node-postgres pool). */
import { SqlClient } from "@effect/sql/SqlClient"
import { SqlError } from "@effect/sql/SqlError"
import { PgClient } from "@effect/sql-pg"
import { StoreUnavailable, type Stores } from "@leadfactory/core"
import { type CopyOut, type ReadConnection, SqlStores } from "@leadfactory/store-sql"
import { Duration, Effect, Layer } from "effect"
import pg from "pg"
import * as PgCopyOut from "./PgCopyOut.js"
import * as PgReadConnection from "./PgReadConnection.js"

export interface PgStoreConfig {
  /** `postgres://user:password@host:port/database`. */
  readonly url: string
  /** Size of the connection pool. Default 10. */
  readonly maxConnections?: number | undefined
}

export const DEFAULT_MAX_CONNECTIONS = 10

/** How long the first connection may take before the database counts as unreachable. */
const CONNECT_TIMEOUT = Duration.seconds(5)

/**
 * The pool, checked with one query, ended with the layer: made here rather than by PgClient.layer so
 * that the export's COPY (PgCopyOut) draws from the same connections as every other statement.
 */
const acquirePool = (config: PgStoreConfig) =>
  Effect.acquireRelease(
    Effect.sync(() => {
      const pool = new pg.Pool({
        connectionString: config.url,
        max: config.maxConnections ?? DEFAULT_MAX_CONNECTIONS,
        application_name: "@effect/sql-pg"
      })
      // An idle connection that the server drops is replaced on the next checkout; without a
      // listener its error event would end the process.
      pool.on("error", () => undefined)
      return pool
    }),
    (pool) => Effect.promise(() => pool.end()).pipe(Effect.interruptible, Effect.timeoutOption(1000))
  ).pipe(
    Effect.tap((pool) =>
      Effect.tryPromise({
        try: () => pool.query("SELECT 1"),
        catch: (cause) => new SqlError({ cause, message: "PgClient: Failed to connect" })
      }).pipe(
        Effect.timeoutFail({
          duration: CONNECT_TIMEOUT,
          onTimeout: () => new SqlError({ cause: new Error("Connection timed out"), message: "PgClient: Connection timed out" })
        })
      )
    )
  )

/**
 * The PostgreSQL client alone, with the COPY the export uses and the pool's reads past the client
 * (PgReadConnection); it fails with StoreUnavailable when the server cannot be reached.
 */
export const clientLayer = (
  config: PgStoreConfig
): Layer.Layer<PgClient.PgClient | SqlClient | CopyOut | ReadConnection, StoreUnavailable> =>
  Layer.unwrapScoped(
    Effect.map(acquirePool(config), (pool) =>
      Layer.mergeAll(PgClient.layerFromPool({ acquire: Effect.succeed(pool) }), PgCopyOut.layer(pool), PgReadConnection.layer(pool)))
  ).pipe(
    // The cause stays out of the message: a connection error can quote the URL and its password.
    Layer.mapError((cause) => new StoreUnavailable({ message: "The PostgreSQL database could not be reached.", cause }))
  )

/**
 * Every store over the given client, after migrating its database. A client layer that also
 * provides CopyOut (as clientLayer does) gives the export its COPY path.
 */
export const layerWithClient = <E>(client: Layer.Layer<SqlClient, E>): Layer.Layer<Stores, StoreUnavailable | E> =>
  SqlStores.layer().pipe(Layer.provide(client))

/** Every store over the PostgreSQL database at `url`, migrated on construction. */
export const layer = (config: PgStoreConfig): Layer.Layer<Stores, StoreUnavailable> => layerWithClient(clientLayer(config))
