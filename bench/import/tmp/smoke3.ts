import { storeLayerFromUrl } from "@leadfactory/http/DatabaseUrl"
import { Importer, ImporterLive, LeadStore, SuppressionStore, Transactor } from "@leadfactory/core"
import { Effect, Layer } from "effect"
import { fileBytes, makeCampaign } from "../../../packages/core/test/import/fixtures.js"
const file = process.argv[2]!
const batchSize = Number(process.argv[3] ?? 2000)
const db = process.argv[4]!
const times: Record<string, number> = {}
const timed = <A, E, R>(name: string, e: Effect.Effect<A, E, R>) => Effect.suspend(() => { const t = performance.now(); return Effect.ensuring(e, Effect.sync(() => { times[name] = (times[name] ?? 0) + performance.now() - t })) })
const Wrapped = Layer.effect(LeadStore, Effect.map(LeadStore, (s) => ({ ...s, findByKeys: (c, k) => timed("findByKeys", s.findByKeys(c, k)), insertMany: (c, l) => timed("insertMany", s.insertMany(c, l)), updateMany: (u) => timed("updateMany", s.updateMany(u)) } as LeadStore)))
const WrappedS = Layer.effect(SuppressionStore, Effect.map(SuppressionStore, (s) => ({ ...s, filterSuppressed: (e) => timed("suppressed", s.filterSuppressed(e)) } as SuppressionStore)))
const WrappedT = Layer.effect(Transactor, Effect.map(Transactor, (s) => ({ ...s, withTransaction: (e) => timed("tx", s.withTransaction(e)) } as Transactor)))
const program = Effect.gen(function*() {
  const id = yield* makeCampaign
  const importer = yield* Importer
  const t0 = performance.now()
  const summary = yield* importer.importCsv(id, fileBytes(file, 256 * 1024), { batchSize })
  console.log(summary.imported, Math.round(performance.now() - t0), "ms", Object.entries(times).map(([k, v]) => `${k} ${Math.round(v)}`).join(", "))
})
const stores = storeLayerFromUrl(db)
Effect.runPromise(program.pipe(Effect.provide(ImporterLive.pipe(Layer.provide(Layer.mergeAll(Wrapped, WrappedS, WrappedT)), Layer.provideMerge(stores)))))
