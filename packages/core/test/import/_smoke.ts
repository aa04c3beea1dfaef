import * as SqliteStore from "@leadfactory/store-sqlite"
import { CampaignStore, Importer } from "@leadfactory/core"
import { Effect } from "effect"
import { fileBytes, importerOver, makeCampaign } from "./fixtures.js"
const file = process.argv[2]!
const batchSize = Number(process.argv[3] ?? 2000)
const db = process.argv[4] ?? ":memory:"
const program = Effect.gen(function*() {
  console.log("rss at start", Math.round(process.memoryUsage().rss / 1e6))
  const id = yield* makeCampaign
  const importer = yield* Importer
  for (let i = 0; i < 2; i++) {
    const t0 = performance.now()
    const summary = yield* importer.importCsv(id, fileBytes(file, 256 * 1024), { batchSize })
    const ms = performance.now() - t0
    const { errors, warnings, ...rest } = summary
    console.log(JSON.stringify(rest), errors.slice(0, 3), warnings.slice(0, 3))
    console.log(Math.round(ms), "ms", Math.round(summary.rows_read / ms * 1000), "rows/s", "rss", Math.round(process.memoryUsage().rss / 1e6), "heap", Math.round(process.memoryUsage().heapUsed / 1e6), "ext", Math.round(process.memoryUsage().external / 1e6), "ab", Math.round(process.memoryUsage().arrayBuffers / 1e6))
  }
  const c = yield* (yield* CampaignStore).findById(id)
  console.log(c._tag === "Some" ? [c.value.total_leads, c.value.total_emails] : c)
})
Effect.runPromise(program.pipe(Effect.provide(importerOver(SqliteStore.layer({ filename: db })))))
