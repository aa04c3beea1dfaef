/**
 * Bench helper: migrates the database at argv[2], adds a user and an empty campaign, and prints the
 * campaign's id. Run with `node --conditions=@leadfactory/source --import tsx bench/import/setup.ts <url>`.
 */
import { CampaignId, CampaignStore, UserId, UserStore } from "@leadfactory/core"
import { storeLayerFromUrl } from "@leadfactory/http/DatabaseUrl"
import { Effect } from "effect"
import { randomUUID } from "node:crypto"

const program = Effect.gen(function*() {
  const userId = UserId.make(randomUUID())
  yield* (yield* UserStore).insert({
    id: userId, email: `bench-${userId}@example.com`, password_hash: "x", name: "Bench", company: null, credits: 0,
    created_at: new Date()
  }).pipe(Effect.orDie)
  const id = CampaignId.make(randomUUID())
  yield* (yield* CampaignStore).insert({
    id, user_id: userId, name: "Import bench", vertical: "vc", status: "pending", config: {}, total_leads: 0,
    total_emails: 0, credits_used: 0, error_message: null, progress_stage: "pending", progress_pct: 0,
    started_at: null, completed_at: null, created_at: new Date()
  })
  return id
})

Effect.runPromise(program.pipe(Effect.provide(storeLayerFromUrl(process.argv[2])))).then(
  (id) => process.stdout.write(`${id}\n`),
  (error: unknown) => {
    process.stderr.write(`${String(error)}\n`)
    process.exit(1)
  }
)
