/** LeadFactory's stores on SQLite (better-sqlite3): a database file, or ":memory:". */
import { SqlClient } from "@effect/sql/SqlClient"
import { SqliteClient } from "@effect/sql-sqlite-node"
import * as Reactivity from "@effect/experimental/Reactivity"
import { StoreUnavailable, type Stores } from "@leadfactory/core"
import { ReadConnection, readsThroughClient, SqlStores } from "@leadfactory/store-sql"
import { Context, Effect, Layer } from "effect"
import { mkdirSync } from "node:fs"
import { dirname } from "node:path"
import * as SqliteReadConnection from "./SqliteReadConnection.js"
import { WRITE_LOCK_TABLE, withWriteLockFirst } from "./WriteTransactions.js"

export interface SqliteStoreConfig {
  /** A file path (its folder is created when missing) or ":memory:" for a database of this process only. */
  readonly filename: string
}

const isInMemory = (filename: string) => filename === ":memory:" || filename === ""

/**
 * The SQLite client alone (and, for a file, a second connection for the stores' frequent reads:
 * SqliteReadConnection), with foreign keys enforced (SQLite leaves them off per connection),
 * commits that wait for no disk sync (WAL with synchronous NORMAL) and transactions that take the
 * write lock when they begin (WriteTransactions), so that processes sharing the file queue. Open
 * it once and hand it to `layerWithClient` when several builds of the stores must share one
 * in-memory database.
 */
export const clientLayer = (
  config: SqliteStoreConfig
): Layer.Layer<SqliteClient.SqliteClient | SqlClient | ReadConnection, StoreUnavailable> =>
  Layer.scopedContext(
    Effect.gen(function*() {
      if (!isInMemory(config.filename)) mkdirSync(dirname(config.filename), { recursive: true })
      const client = yield* SqliteClient.make({ filename: config.filename })
      yield* client`PRAGMA foreign_keys = ON`
      // The client opens the file in WAL mode. There, NORMAL syncs the log at checkpoints instead
      // of at every commit: a crash of the process loses nothing that was committed, and a power
      // cut can only lose the last commits, never corrupt the database (SQLite's documentation).
      yield* client`PRAGMA synchronous = NORMAL`
      // better-sqlite3 builds SQLite with a 16 MB page cache per database (SQLite's own default is
      // 2 MB), the temp database included, where sorts and the import's staging table live. Within
      // the 150 MB that an import or an export may take, 8 MB and 1 MB: an import of 1,000,000 rows
      // peaked at 140 MB with them against 151 MB without, for up to a tenth more time; a 1M
      // export at 142 MB against 148–160. Pages beyond the cache come from the OS's file cache.
      yield* client`PRAGMA cache_size = -8000`
      yield* client`PRAGMA temp.cache_size = -1000`
      yield* client.unsafe(`CREATE TABLE IF NOT EXISTS ${WRITE_LOCK_TABLE} (unused INTEGER)`)
      const writeLockFirst = withWriteLockFirst(client)
      // A database in memory lives in its one connection: there, the reads go through the client.
      const reads = isInMemory(config.filename) ? readsThroughClient : yield* SqliteReadConnection.make(config.filename)
      return Context.make(SqliteClient.SqliteClient, writeLockFirst).pipe(
        Context.add(SqlClient, writeLockFirst),
        Context.add(ReadConnection, reads)
      )
    }).pipe(
      Effect.catchAllCause((cause) =>
        Effect.fail(
          new StoreUnavailable({ message: `The SQLite database ${config.filename} could not be opened.`, cause })
        )
      )
    )
  ).pipe(Layer.provide(Reactivity.layer))

/** Every store over the given client, after migrating its database. */
export const layerWithClient = <E>(
  client: Layer.Layer<SqlClient, E>
): Layer.Layer<Stores, StoreUnavailable | E> => SqlStores.layer().pipe(Layer.provide(client))

/** Every store over the SQLite database `filename`, migrated on construction. */
export const layer = (config: SqliteStoreConfig): Layer.Layer<Stores, StoreUnavailable> =>
  layerWithClient(clientLayer(config))
