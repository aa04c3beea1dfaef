import { storeLayerFromUrl } from "@leadfactory/http/DatabaseUrl"
import { Importer, ImporterLive } from "@leadfactory/core"
import { Effect, Layer } from "effect"
import { fileBytes, makeCampaign } from "../../../packages/core/test/import/fixtures.js"
const [file, batch, db] = process.argv.slice(2)
const mb = (n: number) => Math.round(n / 1e6)
const show = (label: string) => { const m = process.memoryUsage(); console.log(label, "rss", mb(m.rss), "heapTotal", mb(m.heapTotal), "heapUsed", mb(m.heapUsed), "external", mb(m.external), "ab", mb(m.arrayBuffers)) }
let peak = 0, peakAt = ""
const program = Effect.gen(function*() {
  const id = yield* makeCampaign
  show("before")
  const importer = yield* Importer
  const summary = yield* importer.importCsv(id, fileBytes(file!, 256 * 1024), { batchSize: Number(batch), onProgress: (p) => { if (process.env.GC && (globalThis as any).gc) { (globalThis as any).gc(); console.log("live after gc", p.rows_read, mb(process.memoryUsage().heapUsed), "rss", mb(process.memoryUsage().rss)) } const r = process.memoryUsage(); if (r.rss > peak) { peak = r.rss; peakAt = `rows ${p.rows_read} heapTotal ${mb(r.heapTotal)} heapUsed ${mb(r.heapUsed)} ext ${mb(r.external)}` } } })
  show("after")
  console.log("peak", mb(peak), peakAt, summary.imported)
})
Effect.runPromise(program.pipe(Effect.provide(ImporterLive.pipe(Layer.provideMerge(storeLayerFromUrl(db))))))
