import * as SqliteStore from "@leadfactory/store-sqlite"
import { SqliteClient } from "@effect/sql-sqlite-node"
import { SqlClient } from "@effect/sql/SqlClient"
import * as Reactivity from "@effect/experimental/Reactivity"
import { Importer } from "@leadfactory/core"
import { Context, Effect, Layer } from "effect"
import { fileBytes, importerOver, makeCampaign } from "../../../packages/core/test/import/fixtures.js"
const file = process.argv[2]!
const batchSize = Number(process.argv[3] ?? 2000)
const db = process.argv[4]!
const cache = Number(process.argv[5] ?? 200)
const client = Layer.scopedContext(Effect.gen(function*() {
  const c = yield* SqliteClient.make({ filename: db, prepareCacheSize: cache })
  yield* c`PRAGMA foreign_keys = ON`
  for (const p of (process.env.PRAGMAS ?? "").split(",").filter(Boolean)) yield* c.unsafe(`PRAGMA ${p}`)
  return Context.make(SqliteClient.SqliteClient, c).pipe(Context.add(SqlClient, c))
})).pipe(Layer.provide(Reactivity.layer))
const program = Effect.gen(function*() {
  const id = yield* makeCampaign
  const importer = yield* Importer
  const t0 = performance.now(); const c0 = process.cpuUsage()
  let peak = 0
  const summary = yield* importer.importCsv(id, fileBytes(file, 256 * 1024), { batchSize, onProgress: () => { peak = Math.max(peak, process.memoryUsage().rss) } })
  const cpu = process.cpuUsage(c0)
  console.log(summary.imported, Math.round(performance.now() - t0), "ms wall", Math.round((cpu.user + cpu.system) / 1000), "ms cpu", "peak rss", Math.round(peak / 1e6), "heap", Math.round(process.memoryUsage().heapUsed / 1e6))
})
Effect.runPromise(program.pipe(Effect.provide(importerOver(SqliteStore.layerWithClient(client)))))
