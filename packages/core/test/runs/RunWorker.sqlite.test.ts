/**
 * Campaign runs end to end in one process over SQLite: the Runs service queues, a worker runs the
 * fake crawlers of fixtures/ as child processes and imports their CSV with credits charged.
 */
import {
  type Campaign,
  type CampaignId,
  CampaignStore,
  CreditStore,
  LeadStore,
  RunQueue,
  Runs,
  RunWorker,
  type UserId
} from "@leadfactory/core"
import * as SqliteStore from "@leadfactory/store-sqlite"
import { Chunk, Effect, Fiber, Option, Stream } from "effect"
import { readFileSync } from "node:fs"
import { join } from "node:path"
import { fileURLToPath } from "node:url"
import { afterEach, describe, expect, it } from "vitest"
import { EVENTS_POLL_MS } from "../../src/Runs/RunsLive.js"
import { crawlerLog, makeRunsRuntime, tempDir, userWithCampaign, waitFor, writeCrawlConfig } from "./support.js"

const dir = tempDir("sqlite")
const crawlConfig = writeCrawlConfig(dir)
process.env.FAKE_CRAWLER_LOG = join(dir, "crawler.log")

type Runtime = ReturnType<typeof makeRunsRuntime<unknown>>
const runtimes: Array<Runtime> = []
const workers: Array<Fiber.RuntimeFiber<unknown, unknown>> = []
afterEach(async () => {
  // The worker first: it gives its runs back and stops its crawls while the database is still open.
  await Promise.all(workers.splice(0).map((worker) => Effect.runPromise(Fiber.interrupt(worker))))
  await Promise.all(runtimes.splice(0).map((runtime) => runtime.dispose()))
})

const start = (settings: Parameters<typeof makeRunsRuntime>[1] = {}) => {
  const runtime = makeRunsRuntime(SqliteStore.layer({ filename: ":memory:" }), {
    crawlConfigFile: crawlConfig,
    runsDir: join(dir, "runs"),
    timeoutSeconds: 2,
    pollMs: 50,
    killGraceMs: 1000,
    ...settings
  })
  runtimes.push(runtime)
  return runtime
}

/** Starts the worker in the background of `runtime`; it stops when the runtime is disposed. */
const startWorker = (runtime: Runtime) => {
  workers.push(runtime.runFork(Effect.flatMap(RunWorker, (worker) => worker.work)))
}

const campaign = (runtime: Runtime, id: CampaignId) =>
  runtime.runPromise(Effect.flatMap(CampaignStore, (store) => store.findById(id)).pipe(Effect.map(Option.getOrThrow)))

const ledgerForCampaign = (runtime: Runtime, userId: UserId, campaignId: CampaignId) =>
  runtime.runPromise(Effect.gen(function*() {
    const { transactions } = yield* (yield* CreditStore).history(userId, 1, 1000)
    return transactions.filter((t) => t.campaign_id === campaignId).reduce((sum, t) => sum + t.amount, 0)
  }))

const leadsOf = (runtime: Runtime, campaignId: CampaignId) =>
  runtime.runPromise(Effect.flatMap(LeadStore, (leads) =>
    leads.query(campaignId, {}, { sort_by: "name", sort_dir: "asc", page: 1, per_page: 1000 })))

const waitForStatus = (runtime: Runtime, id: CampaignId, status: Campaign["status"], timeoutMs = 10_000) =>
  waitFor(`campaign ${status}`, async () => {
    const current = await campaign(runtime, id)
    return current.status === status ? current : undefined
  }, timeoutMs)

describe("campaign runs on SQLite", () => {
  it("runs the crawl command, streams its progress and imports its leads with credits charged", async () => {
    const runtime = start()
    // The events sample the campaign every EVENTS_POLL_MS: each stage lasts two and a half samples,
    // so that every one is seen (at 400 ms a stage, "crawling" fell between two samples once in CI).
    const stepMs = EVENTS_POLL_MS * 2.5
    const { campaignId, userId } = await runtime.runPromise(userWithCampaign("vc", { rows: 12, without_email: 3, steps: 4, step_ms: stepMs }))
    const queued = await runtime.runPromise(Effect.flatMap(Runs, (runs) => runs.request(userId, campaignId)))
    expect(queued.status).toBe("queued")

    const events = runtime.runFork(Effect.flatMap(Runs, (runs) => Stream.runCollect(runs.events(userId, campaignId))))
    startWorker(runtime)
    const seen = Chunk.toReadonlyArray(await runtime.runPromise(Fiber.join(events)))

    const final = seen.at(-1)!
    expect(final.status).toBe("completed")
    expect(final.progress_stage).toBe("completed")
    expect(final.progress_pct).toBe(100)
    expect(final.error_message).toBeNull()
    expect(seen[0]!.status).toBe("queued")
    const stages = seen.map((event) => event.progress_stage)
    expect(stages).toEqual(expect.arrayContaining(["crawling", "enriching", "validating", "scoring"]))
    const percentages = seen.map((event) => event.progress_pct)
    expect(percentages).toEqual([...percentages].sort((a, b) => a - b))

    expect(final.total_leads).toBe(15)
    expect(final.total_emails).toBe(12)
    expect(final.credits_used).toBe(12)
    expect(await ledgerForCampaign(runtime, userId, campaignId)).toBe(-12)
    const balance = await runtime.runPromise(Effect.flatMap(CreditStore, (credits) => credits.balance(userId)))
    expect(balance.credits_remaining).toBe(500 - 12)
    const { leads } = await leadsOf(runtime, campaignId)
    expect(leads).toHaveLength(15)

    const run = await runtime.runPromise(Effect.flatMap(RunQueue, (queue) => queue.latestForCampaign(campaignId)))
    const { id: runId, attempts, status } = Option.getOrThrow(run)
    expect({ status, attempts }).toEqual({ status: "completed", attempts: 1 })
    const log = readFileSync(join(dir, "runs", campaignId, `${runId}.log`), "utf8")
    expect(log).toContain("[stdout] PROGRESS 50 validating")
    expect(log).toContain("imported: 15 new")
  })

  it("shows the storing stage while the crawler's CSV is imported", async () => {
    const runtime = start()
    const { campaignId, userId } = await runtime.runPromise(userWithCampaign("vc", { rows: 400, without_email: 20000, steps: 1 }))
    await runtime.runPromise(Effect.flatMap(Runs, (runs) => runs.request(userId, campaignId)))
    startWorker(runtime)
    const stages = new Set<string>()
    const done = await waitFor("the run to complete", async () => {
      const current = await campaign(runtime, campaignId)
      stages.add(`${current.status}/${current.progress_stage}`)
      return current.status === "completed" ? current : undefined
    })
    expect(stages).toContain("running/storing")
    expect(done.total_leads).toBe(20400)
    expect(done.credits_used).toBe(400)
  })

  it("fails the run with the exit code and the last lines of stderr", async () => {
    const runtime = start()
    const { campaignId, userId } = await runtime.runPromise(userWithCampaign("pe"))
    await runtime.runPromise(Effect.flatMap(Runs, (runs) => runs.request(userId, campaignId)))
    startWorker(runtime)
    const failed = await waitForStatus(runtime, campaignId, "failed")
    expect(failed.error_message).toContain("exited with code 3")
    expect(failed.error_message).toContain("ConnectionError: seed site https://fund.example refused the connection")
    expect(failed.progress_stage).toBe("failed")
    expect(failed.credits_used).toBe(0)
    expect(failed.completed_at).not.toBeNull()
  })

  it("fails the run, and goes on working, when the run files cannot be written", async () => {
    // LF_RUNS_DIR names a file: no folder can be made in it.
    const runtime = start({ runsDir: crawlConfig })
    const { campaignId, userId } = await runtime.runPromise(userWithCampaign("vc"))
    await runtime.runPromise(Effect.flatMap(Runs, (runs) => runs.request(userId, campaignId)))
    startWorker(runtime)
    const failed = await waitForStatus(runtime, campaignId, "failed")
    expect(failed.error_message).toContain("failed unexpectedly")
    const next = await runtime.runPromise(userWithCampaign("vc"))
    await runtime.runPromise(Effect.flatMap(Runs, (runs) => runs.request(next.userId, next.campaignId)))
    expect((await waitForStatus(runtime, next.campaignId, "failed")).error_message).toContain("failed unexpectedly")
  })

  it("fails the run when the crawl command cannot be started, or writes no CSV", async () => {
    const missing = start({ crawlConfigFile: undefined, crawlCommand: "lf-no-such-engine --out {output}" })
    const first = await missing.runPromise(userWithCampaign("vc"))
    await missing.runPromise(Effect.flatMap(Runs, (runs) => runs.request(first.userId, first.campaignId)))
    startWorker(missing)
    expect((await waitForStatus(missing, first.campaignId, "failed")).error_message).toBe(
      "The crawl command could not be started: spawn lf-no-such-engine ENOENT."
    )

    const silent = start({ crawlConfigFile: undefined, crawlCommand: `"${process.execPath}" -e "console.log('PROGRESS 50')"` })
    const second = await silent.runPromise(userWithCampaign("vc"))
    await silent.runPromise(Effect.flatMap(Runs, (runs) => runs.request(second.userId, second.campaignId)))
    startWorker(silent)
    expect((await waitForStatus(silent, second.campaignId, "failed")).error_message).toContain("wrote no CSV")
  })

  it("cancels a running crawl: the child gets SIGTERM and the campaign ends cancelled", async () => {
    const runtime = start()
    const { campaignId, userId } = await runtime.runPromise(userWithCampaign("family_office"))
    await runtime.runPromise(Effect.flatMap(Runs, (runs) => runs.request(userId, campaignId)))
    startWorker(runtime)
    await waitFor("the crawl to run", async () => {
      const current = await campaign(runtime, campaignId)
      return current.progress_stage === "crawling" && crawlerLog(process.env.FAKE_CRAWLER_LOG!).some((line) => line.startsWith(`${campaignId} started`)) ? true : undefined
    })
    const asked = Date.now()
    const answer = await runtime.runPromise(Effect.flatMap(Runs, (runs) => runs.cancel(userId, campaignId)))
    expect(answer.status).toBe("running")
    const cancelled = await waitForStatus(runtime, campaignId, "cancelled")
    expect(Date.now() - asked).toBeLessThan(3000)
    expect(cancelled.progress_stage).toBe("cancelled")
    expect(crawlerLog(process.env.FAKE_CRAWLER_LOG!)).toContain(`${campaignId} SIGTERM`)
  })

  it("kills a crawl that ignores SIGTERM once the grace period is over", async () => {
    const runtime = start({ killGraceMs: 300 })
    const { campaignId, userId } = await runtime.runPromise(userWithCampaign("family_office", { ignore_sigterm: true }))
    await runtime.runPromise(Effect.flatMap(Runs, (runs) => runs.request(userId, campaignId)))
    startWorker(runtime)
    await waitFor("the crawl to run", () => (crawlerLog(process.env.FAKE_CRAWLER_LOG!).some((line) => line.startsWith(`${campaignId} started`)) ? true : undefined))
    const pid = Number(crawlerLog(process.env.FAKE_CRAWLER_LOG!).find((line) => line.startsWith(`${campaignId} started`))!.split(" ")[2])
    await runtime.runPromise(Effect.flatMap(Runs, (runs) => runs.cancel(userId, campaignId)))
    await waitForStatus(runtime, campaignId, "cancelled")
    expect(crawlerLog(process.env.FAKE_CRAWLER_LOG!)).toContain(`${campaignId} SIGTERM`)
    expect(() => process.kill(pid, 0)).toThrow()
  })

  it("cancels a queued run at once, without a worker", async () => {
    const runtime = start()
    const { campaignId, userId } = await runtime.runPromise(userWithCampaign("vc"))
    await runtime.runPromise(Effect.flatMap(Runs, (runs) => runs.request(userId, campaignId)))
    const answer = await runtime.runPromise(Effect.flatMap(Runs, (runs) => runs.cancel(userId, campaignId)))
    expect(answer.status).toBe("cancelled")
    expect(answer.error_message).toBe("Cancelled before it started.")
    const again = await runtime.runPromise(Effect.flatMap(Runs, (runs) => runs.request(userId, campaignId)))
    expect(again.status).toBe("queued")
  })

  it("holds back the new leads the balance cannot pay for and says how many", async () => {
    const runtime = start()
    const { campaignId, userId } = await runtime.runPromise(userWithCampaign("vc", { rows: 12, without_email: 3, steps: 1 }, 5))
    await runtime.runPromise(Effect.flatMap(Runs, (runs) => runs.request(userId, campaignId)))
    startWorker(runtime)
    const done = await waitForStatus(runtime, campaignId, "completed")
    expect(done.error_message).toBe(
      "7 new leads with an email were held back: the credit balance ran out. Add credits and run the campaign again to get them."
    )
    expect(done.credits_used).toBe(5)
    expect(done.total_emails).toBe(5)
    expect(done.total_leads).toBe(8)
    const balance = await runtime.runPromise(Effect.flatMap(CreditStore, (credits) => credits.balance(userId)))
    expect(balance.credits_remaining).toBe(0)
    expect(await ledgerForCampaign(runtime, userId, campaignId)).toBe(-5)
    const run = Option.getOrThrow(await runtime.runPromise(Effect.flatMap(RunQueue, (queue) => queue.latestForCampaign(campaignId))))
    expect(run.held_back).toBe(7)
  })

  it("runs the example fake crawler of examples/ as LF_CRAWL_COMMAND", async () => {
    const engine = fileURLToPath(new URL("../../../../examples/fake-crawler/engine.mjs", import.meta.url))
    const runtime = start({
      crawlConfigFile: undefined,
      crawlCommand: `"${process.execPath}" "${engine}" --vertical {vertical} --config {config_file} --out {output}`
    })
    const { campaignId, userId } = await runtime.runPromise(userWithCampaign("pe", { leads: 14, delay_ms: 10 }))
    await runtime.runPromise(Effect.flatMap(Runs, (runs) => runs.request(userId, campaignId)))
    startWorker(runtime)
    const done = await waitForStatus(runtime, campaignId, "completed")
    // Every seventh lead of the example has no email.
    expect({ total_leads: done.total_leads, total_emails: done.total_emails, credits_used: done.credits_used }).toEqual({
      total_leads: 14,
      total_emails: 12,
      credits_used: 12
    })
    const { leads } = await leadsOf(runtime, campaignId)
    expect(new Set(leads.map((lead) => lead.fund))).toEqual(new Set(["Granite Equity", "Summit Buyout Partners", "Keystone Capital"]))
  })

  it("answers 409, 402 and 400 in the service's terms", async () => {
    const runtime = start()
    const request = (userId: UserId, campaignId: CampaignId) =>
      runtime.runPromise(Effect.flatMap(Runs, (runs) => runs.request(userId, campaignId)).pipe(Effect.flip))

    const vc = await runtime.runPromise(userWithCampaign("vc"))
    await runtime.runPromise(Effect.flatMap(Runs, (runs) => runs.request(vc.userId, vc.campaignId)))
    expect((await request(vc.userId, vc.campaignId))._tag).toBe("CampaignRunning")

    const broke = await runtime.runPromise(userWithCampaign("vc", {}, 0))
    expect((await request(broke.userId, broke.campaignId))._tag).toBe("InsufficientCredits")

    const unconfigured = await runtime.runPromise(userWithCampaign("corp_dev"))
    const noSource = await request(unconfigured.userId, unconfigured.campaignId)
    expect(noSource._tag).toBe("InvalidInput")
    expect(noSource.message).toContain("LF_CRAWL_COMMAND")
    expect(noSource.message).toContain("LF_IMPORT_DIR")

    expect((await request(vc.userId, unconfigured.campaignId))._tag).toBe("NotFound")
  })

  it("queues again a run whose worker stopped sending heartbeats, and fails it as interrupted after the last attempt", async () => {
    const runtime = start({ timeoutSeconds: 0.5, maxAttempts: 2 })
    const { campaignId, userId } = await runtime.runPromise(userWithCampaign("vc", { rows: 3, steps: 1 }))
    await runtime.runPromise(Effect.flatMap(Runs, (runs) => runs.request(userId, campaignId)))
    // A worker that claims the run and dies at once: no heartbeat ever comes.
    await runtime.runPromise(Effect.flatMap(RunQueue, (queue) => queue.claim("dead-host:1:aaaaaa")))
    expect((await campaign(runtime, campaignId)).status).toBe("running")
    startWorker(runtime)
    const done = await waitForStatus(runtime, campaignId, "completed")
    expect(done.total_leads).toBe(3)
    const run = Option.getOrThrow(await runtime.runPromise(Effect.flatMap(RunQueue, (queue) => queue.latestForCampaign(campaignId))))
    expect(run.attempts).toBe(2)

    // Without a live worker, two workers in turn die with the run: the second time it fails.
    const quiet = start({ timeoutSeconds: 0.5, maxAttempts: 2 })
    const second = await quiet.runPromise(userWithCampaign("vc", { rows: 3, steps: 1 }))
    await quiet.runPromise(Effect.flatMap(Runs, (runs) => runs.request(second.userId, second.campaignId)))
    for (const dead of ["dead-host:2:bbbbbb", "dead-host:3:cccccc"]) {
      const claimed = await quiet.runPromise(Effect.flatMap(RunQueue, (queue) => queue.claim(dead, second.campaignId)))
      expect(Option.isSome(claimed)).toBe(true)
      await new Promise((resolve) => setTimeout(resolve, 600))
      await quiet.runPromise(Effect.flatMap(RunWorker, (worker) => worker.recover))
    }
    const failed = await campaign(quiet, second.campaignId)
    expect(failed.status).toBe("failed")
    expect(failed.error_message).toMatch(/^Interrupted/)
  })
})
