/**
 * The run queue and the charges on PostgreSQL (LF_TEST_PG_URL, else PGlite): concurrent claims
 * never share a run, and concurrent runs of one user never take the balance below zero. The same
 * claims from separate processes are in RunWorker.processes.test.ts (real PostgreSQL only).
 */
import { Campaigns, CampaignStore, CreditStore, RunQueue, Runs, RunWorker } from "@leadfactory/core"
import * as PgStore from "@leadfactory/store-pg"
import { makeTestDatabaseUrl } from "@leadfactory/store-pg/testing"
import { Effect, Fiber, Option } from "effect"
import { join } from "node:path"
import { afterAll, describe, expect, it } from "vitest"
import { makeRunsRuntime, tempDir, userWithCampaign, waitFor, writeCrawlConfig } from "./support.js"

const url = await makeTestDatabaseUrl()
const dir = tempDir("pg")
// PGlite serves every connection from one backend and mixes up the statements of concurrent
// sessions, so over PGlite the pool has one connection; a real server gets a real pool.
const maxConnections = process.env.LF_TEST_PG_URL ? 6 : 1
const runtime = makeRunsRuntime(PgStore.layer({ url, maxConnections }), {
  crawlConfigFile: writeCrawlConfig(dir),
  runsDir: join(dir, "runs"),
  pollMs: 50,
  concurrency: 3
})
afterAll(() => runtime.dispose())

describe("campaign runs on PostgreSQL", () => {
  it("gives each queued run to exactly one of several concurrent claimers", async () => {
    const campaignIds = await runtime.runPromise(Effect.gen(function*() {
      const ids = []
      for (let i = 0; i < 12; i++) {
        const owner = yield* userWithCampaign("vc")
        yield* (yield* Runs).request(owner.userId, owner.campaignId)
        ids.push(owner.campaignId)
      }
      return ids
    }))
    const claimed = await runtime.runPromise(Effect.gen(function*() {
      const queue = yield* RunQueue
      const claimer = (worker: string) =>
        Effect.gen(function*() {
          const mine = []
          for (;;) {
            const run = yield* queue.claim(worker)
            if (Option.isNone(run)) return mine
            mine.push(run.value)
          }
        })
      return yield* Effect.all(["a", "b", "c", "d"].map((worker) => claimer(`test:${worker}`)), { concurrency: "unbounded" })
    }))
    const all = claimed.flat()
    expect(all.map((run) => run.campaign_id).sort()).toEqual([...campaignIds].sort())
    expect(new Set(all.map((run) => run.id)).size).toBe(12)
    const statuses = await runtime.runPromise(Effect.forEach(campaignIds, (id) =>
      Effect.flatMap(CampaignStore, (store) => store.findById(id)).pipe(Effect.map((c) => Option.getOrThrow(c).status))))
    expect(new Set(statuses)).toEqual(new Set(["running"]))
  })

  it("charges concurrent runs of one user up to the balance and no further", async () => {
    const { campaigns, userId } = await runtime.runPromise(Effect.gen(function*() {
      const first = yield* userWithCampaign("vc", { rows: 8, steps: 1, prefix: "a" })
      const campaigns = [first.campaignId]
      for (const prefix of ["b", "c"]) {
        const campaign = yield* (yield* Campaigns).create(first.userId, {
          name: `Concurrent ${prefix}`,
          vertical: "vc",
          config: { rows: 8, steps: 1, prefix }
        }).pipe(Effect.orDie)
        campaigns.push(campaign.id)
      }
      const credits = yield* CreditStore
      const { credits_remaining } = yield* credits.balance(first.userId)
      yield* credits.debitIfSufficient(first.userId, credits_remaining - 10, "campaign_run", null).pipe(Effect.orDie)
      for (const id of campaigns) yield* (yield* Runs).request(first.userId, id)
      return { campaigns, userId: first.userId }
    }))
    const worker = runtime.runFork(Effect.flatMap(RunWorker, (w) => w.work))
    const ended = await waitFor("the three runs to end", async () => {
      const current = await runtime.runPromise(Effect.forEach(campaigns, (id) =>
        Effect.flatMap(CampaignStore, (store) => store.findById(id)).pipe(Effect.map(Option.getOrThrow))))
      return current.every((c) => c.status === "completed") ? current : undefined
    }, 30_000)
    await runtime.runPromise(Fiber.interrupt(worker))

    const balance = await runtime.runPromise(Effect.flatMap(CreditStore, (credits) => credits.balance(userId)))
    expect(balance.credits_remaining).toBe(0)
    expect(ended.reduce((sum, c) => sum + c.credits_used, 0)).toBe(10)
    for (const campaign of ended) expect(campaign.total_emails).toBe(campaign.credits_used)
    const { transactions } = await runtime.runPromise(Effect.flatMap(CreditStore, (credits) => credits.history(userId, 1, 100)))
    for (const campaign of ended) {
      const charged = transactions.filter((t) => t.campaign_id === campaign.id).reduce((sum, t) => sum - t.amount, 0)
      expect(charged).toBe(campaign.credits_used)
    }
    expect(transactions.every((t) => t.balance_after >= 0)).toBe(true)
    const heldBack = ended.reduce((sum, c) => sum + Number(/^(\d+) new/.exec(c.error_message ?? "")?.[1] ?? 0), 0)
    expect(heldBack).toBe(24 - 10)
  })
})
