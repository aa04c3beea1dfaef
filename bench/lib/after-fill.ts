/**
 * Bench helper, run after the bulk load of bench/lib/fill.mjs, which bypassed the stores: rebuilds
 * the lead counts from the leads (as the migration that made them does), then each campaign's
 * totals, as an import does at its end. Run with
 * `node --conditions=@leadfactory/source --import tsx bench/lib/after-fill.ts <database url>`.
 */
import { SqlClient } from "@effect/sql/SqlClient"
import { CampaignId, CampaignStore, type StoreUnavailable } from "@leadfactory/core"
import { parseDatabaseUrl } from "@leadfactory/http/DatabaseUrl"
import * as StorePg from "@leadfactory/store-pg"
import { rebuildLeadCounts, SqlStores } from "@leadfactory/store-sql"
import * as StoreSqlite from "@leadfactory/store-sqlite"
import { Effect, Either, Layer, Schema } from "effect"

const program = Effect.gen(function*() {
  const sql = yield* SqlClient
  const campaigns = yield* CampaignStore
  yield* rebuildLeadCounts(sql).pipe(Effect.orDie)
  const ids = yield* sql`SELECT id FROM campaigns`.pipe(
    Effect.flatMap(Schema.decodeUnknown(Schema.Array(Schema.Struct({ id: CampaignId })))),
    Effect.orDie
  )
  yield* Effect.forEach(ids, ({ id }) => campaigns.recomputeTotals(id), { discard: true })
})

const url = Either.getOrThrow(parseDatabaseUrl(process.argv[2]))
const client: Layer.Layer<SqlClient, StoreUnavailable> = url._tag === "Sqlite"
  ? StoreSqlite.clientLayer({ filename: url.filename }) : StorePg.clientLayer({ url: url.url })

Effect.runPromise(program.pipe(Effect.provide(SqlStores.layerWithoutMigrations.pipe(Layer.provideMerge(client))))).catch(
  (error: unknown) => {
    process.stderr.write(`${String(error)}\n`)
    process.exit(1)
  }
)
