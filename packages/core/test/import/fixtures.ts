/** Test helpers of the import tests: a user with a campaign, and byte sources cut into small chunks. */
import {
  CampaignId,
  CampaignStore,
  Importer,
  ImporterLive,
  LeadStore,
  newCampaignRecord,
  type Stores,
  UserId,
  UserStore
} from "@leadfactory/core"
import { Effect, Layer } from "effect"
import { randomUUID } from "node:crypto"
import { createReadStream } from "node:fs"

/** Inserts a user and an empty campaign of theirs; returns the campaign's id. */
export const makeCampaign = Effect.gen(function*() {
  const users = yield* UserStore
  const campaigns = yield* CampaignStore
  const userId = UserId.make(randomUUID())
  yield* users.insert({
    id: userId,
    email: `importer-${userId}@example.com`,
    password_hash: "x",
    name: "Importer Test",
    company: null,
    credits: 0,
    created_at: new Date()
  }).pipe(Effect.orDie)
  const id = CampaignId.make(randomUUID())
  yield* campaigns.insert(
    newCampaignRecord({ id, user_id: userId, name: "Import test", vertical: "vc", config: {}, created_at: new Date() })
  )
  return id
})

/** The bytes of `content` in chunks of `size` bytes, as a network upload would deliver them. */
export async function* chunked(content: string | Uint8Array, size = 7): AsyncIterable<Uint8Array> {
  const bytes = typeof content === "string" ? Buffer.from(content, "utf8") : content
  for (let offset = 0; offset < bytes.length; offset += size) yield bytes.subarray(offset, offset + size)
}

/** A file's bytes as a stream. */
export const fileBytes = (path: string, chunkSize = 64 * 1024): AsyncIterable<Uint8Array> =>
  createReadStream(path, { highWaterMark: chunkSize })

/** The importer over a store layer, with the stores still available to the test. */
export const importerOver = <E>(stores: Layer.Layer<Stores, E>) =>
  Layer.provideMerge(ImporterLive, stores)

/** All leads of a campaign (not opted out), by dedupe key order of the store's listing. */
export const allLeads = (campaignId: CampaignId) =>
  Effect.gen(function*() {
    const store = yield* LeadStore
    const page = yield* store.query(campaignId, {}, { sort_by: "name", sort_dir: "asc", per_page: 100_000, page: 1 })
    return page.leads
  }).pipe(Effect.orDie)

export { Importer }
