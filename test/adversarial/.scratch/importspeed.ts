import { storeLayerFromUrl } from "@leadfactory/http"
import { Effect, ManagedRuntime } from "effect"
import { Importer, importerOver, makeCampaign } from "../../../packages/core/test/import/fixtures.js"
import { crawlerCsv, fixtureLeads } from "../../../packages/http/test/support/CrawlerCsv.js"
const url = process.argv[2]!
const n = Number(process.argv[3] ?? 100000)
const runtime = ManagedRuntime.make(importerOver(storeLayerFromUrl(url)))
const campaign = await runtime.runPromise(makeCampaign)
const bytes = Buffer.from(crawlerCsv(fixtureLeads(n)))
async function* chunks() { for (let i = 0; i < bytes.length; i += 65536) yield bytes.subarray(i, i + 65536) }
const t = performance.now()
const summary = await runtime.runPromise(Effect.flatMap(Importer, (i) => i.importCsv(campaign, chunks())))
console.log(url.slice(0, 12), n, "rows", summary.imported, "imported in", ((performance.now() - t) / 1000).toFixed(2), "s")
await runtime.dispose()
