/** LeadFactory's stores on PostgreSQL (node-postgres pool). */
import { SqlClient } from "@effect/sql/SqlClient"
import { PgClient } from "@effect/sql-pg"
import { StoreUnavailable, type Stores } from "@leadfactory/core"
import { SqlStores } from "@leadfactory/store-sql"
import { Layer, Redacted } from "effect"

export interface PgStoreConfig {
  /** `postgres://user:password@host:port/database`. */
  readonly url: string
  /** Size of the connection pool. Default 10. */
  readonly maxConnections?: number | undefined
}

export const DEFAULT_MAX_CONNECTIONS = 10

/** The PostgreSQL client alone; it fails with StoreUnavailable when the server cannot be reached. */
export const clientLayer = (config: PgStoreConfig): Layer.Layer<PgClient.PgClient | SqlClient, StoreUnavailable> =>
  PgClient.layer({
    url: Redacted.make(config.url),
    maxConnections: config.maxConnections ?? DEFAULT_MAX_CONNECTIONS
  }).pipe(
    // The cause stays out of the message: a connection error can quote the URL and its password.
    Layer.mapError((cause) => new StoreUnavailable({ message: "The PostgreSQL database could not be reached.", cause }))
  )

/** Every store over the given client, after migrating its database. */
export const layerWithClient = <E>(client: Layer.Layer<SqlClient, E>): Layer.Layer<Stores, StoreUnavailable | E> =>
  SqlStores.layer().pipe(Layer.provide(client))

/** Every store over the PostgreSQL database at `url`, migrated on construction. */
export const layer = (config: PgStoreConfig): Layer.Layer<Stores, StoreUnavailable> => layerWithClient(clientLayer(config))
