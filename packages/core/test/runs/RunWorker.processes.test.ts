/**
 * Worker processes (`lf-worker`) on one real PostgreSQL: two of them never take the same run, and a
 * run whose worker is killed with SIGKILL is taken over by the next worker. PGlite has a single
 * backend, so these tests need a real server: LF_TEST_PG_URL, else postgres://postgres@127.0.0.1:5432
 * when it answers; without one they are skipped (with a warning that says so).
 */
import { type CampaignId, CampaignStore, CreditStore, LeadStore, RunQueue, Runs } from "@leadfactory/core"
import * as PgStore from "@leadfactory/store-pg"
import { Effect, Option } from "effect"
import { type ChildProcess, spawn } from "node:child_process"
import { join } from "node:path"
import { createRequire } from "node:module"
import { fileURLToPath, pathToFileURL } from "node:url"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import {
  crawlerLog,
  findRealPostgres,
  makeRunsRuntime,
  scratchDatabase,
  tempDir,
  userWithCampaign,
  waitFor,
  writeCrawlConfig
} from "./support.js"

const serverUrl = await findRealPostgres()
const url = serverUrl === undefined ? undefined : await scratchDatabase(serverUrl)

const workerEntry = fileURLToPath(new URL("../../../cli/src/bin/lf-worker.ts", import.meta.url))
// tsx runs the TypeScript sources; the worker resolves the workspace packages to their sources too.
const tsx = pathToFileURL(createRequire(import.meta.url).resolve("tsx")).href

describe.skipIf(url === undefined)("lf-worker processes on one PostgreSQL", () => {
  const dir = tempDir("processes")
  const crawlConfig = writeCrawlConfig(dir)
  const crawlerLogFile = join(dir, "crawler.log")
  const children: Array<ChildProcess> = []
  let runtime: ReturnType<typeof makeRunsRuntime<unknown>>

  beforeAll(async () => {
    // The test's own services: they queue runs and read the outcome; they run no worker.
    runtime = makeRunsRuntime(PgStore.layer({ url: url!, maxConnections: 4 }), { crawlConfigFile: crawlConfig })
    await runtime.runPromise(Effect.void)
  })

  afterAll(async () => {
    for (const child of children) child.kill("SIGKILL")
    await runtime?.dispose()
  })

  const startWorker = (env: Record<string, string> = {}) => {
    const child = spawn(process.execPath, ["--conditions=@leadfactory/source", "--import", tsx, workerEntry], {
      cwd: dir,
      env: {
        ...process.env,
        DATABASE_URL: url!,
        LF_CRAWL_CONFIG: crawlConfig,
        LF_RUNS_DIR: join(dir, "runs"),
        LF_WORKER_POLL_MS: "50",
        LF_RUN_TIMEOUT_SECONDS: "1",
        FAKE_CRAWLER_LOG: crawlerLogFile,
        ...env
      },
      stdio: ["ignore", "pipe", "pipe"]
    })
    let output = ""
    child.stdout!.on("data", (chunk) => (output += chunk))
    child.stderr!.on("data", (chunk) => (output += chunk))
    children.push(child)
    const started = waitFor("the worker to start", () => (output.includes("started") ? true : undefined), 30_000)
    return { child, started, output: () => output }
  }

  /** SIGTERM, and the exit code once the worker has stopped (so that it takes no run of the next test). */
  const stop = (child: ChildProcess) =>
    new Promise<number | null>((resolve) => {
      child.once("exit", (code) => resolve(code))
      child.kill("SIGTERM")
    })

  const campaignOf = (id: CampaignId) =>
    runtime.runPromise(Effect.flatMap(CampaignStore, (store) => store.findById(id)).pipe(Effect.map(Option.getOrThrow)))

  const queueRun = (config: Record<string, unknown>) =>
    runtime.runPromise(Effect.gen(function*() {
      const owner = yield* userWithCampaign("vc", config)
      yield* (yield* Runs).request(owner.userId, owner.campaignId)
      return owner
    }))

  it("two workers share the queue and never take the same run", async () => {
    const owners: Array<{ readonly campaignId: CampaignId }> = []
    for (let i = 0; i < 8; i++) owners.push(await queueRun({ rows: 4, steps: 2, step_ms: 150, prefix: `shared${i}` }))
    const first = startWorker()
    const second = startWorker()
    await Promise.all([first.started, second.started])
    const ended = await waitFor("every run to end", async () => {
      const campaigns = await Promise.all(owners.map(({ campaignId }) => campaignOf(campaignId)))
      return campaigns.every((campaign) => campaign.status === "completed") ? campaigns : undefined
    }, 40_000)
    expect(ended.map((campaign) => campaign.total_leads)).toEqual(owners.map(() => 4))

    const starts = crawlerLog(crawlerLogFile).map((line) => line.split(" ")[0])
    for (const { campaignId } of owners) expect(starts.filter((id) => id === campaignId)).toHaveLength(1)
    const runs = await Promise.all(owners.map(({ campaignId }) =>
      runtime.runPromise(Effect.flatMap(RunQueue, (queue) => queue.latestForCampaign(campaignId)).pipe(Effect.map(Option.getOrThrow)))))
    expect(runs.every((run) => run.attempts === 1 && run.status === "completed")).toBe(true)
    expect(new Set(runs.map((run) => run.worker_id)).size).toBe(2)

    expect(await Promise.all([stop(first.child), stop(second.child)])).toEqual([0, 0])
  }, 90_000)

  it("puts the run of a worker stopped with SIGTERM back in the queue, for the next worker", async () => {
    const { campaignId } = await queueRun({ rows: 3, steps: 10, step_ms: 200, prefix: "stopped" })
    const stopping = startWorker()
    await stopping.started
    await waitFor("the crawl to start", async () => {
      const running = (await campaignOf(campaignId)).progress_stage === "crawling"
      return running && crawlerLog(crawlerLogFile).some((line) => line.startsWith(campaignId)) ? true : undefined
    }, 20_000)
    stopping.child.kill("SIGTERM")
    await new Promise((resolve) => stopping.child.once("exit", resolve))
    expect(stopping.child.exitCode).toBe(0)
    const requeued = await campaignOf(campaignId)
    expect({ status: requeued.status, progress_stage: requeued.progress_stage }).toEqual({ status: "queued", progress_stage: "queued" })
    const run = Option.getOrThrow(await runtime.runPromise(Effect.flatMap(RunQueue, (queue) => queue.latestForCampaign(campaignId))))
    expect({ status: run.status, attempts: run.attempts }).toEqual({ status: "queued", attempts: 0 })

    const next = startWorker()
    const done = await waitFor("the next worker to complete the run", async () => {
      const campaign = await campaignOf(campaignId)
      return campaign.status === "completed" ? campaign : undefined
    }, 30_000)
    expect(done.total_leads).toBe(3)
    await stop(next.child)
  }, 90_000)

  it("takes over the run of a worker killed with SIGKILL, without charging twice", async () => {
    const { campaignId, userId } = await queueRun({ rows: 6, steps: 10, step_ms: 200, prefix: "killed" })
    const doomed = startWorker()
    await doomed.started
    await waitFor("the crawl to start", async () => {
      const running = (await campaignOf(campaignId)).progress_stage === "crawling"
      return running && crawlerLog(crawlerLogFile).some((line) => line.startsWith(campaignId)) ? true : undefined
    }, 20_000)
    doomed.child.kill("SIGKILL")
    await new Promise((resolve) => doomed.child.once("exit", resolve))
    expect((await campaignOf(campaignId)).status).toBe("running")

    const rescuer = startWorker()
    const done = await waitFor("the run to be taken over and completed", async () => {
      const campaign = await campaignOf(campaignId)
      return campaign.status === "completed" ? campaign : undefined
    }, 40_000)
    expect(done.total_leads).toBe(6)
    expect(done.credits_used).toBe(6)
    const run = Option.getOrThrow(await runtime.runPromise(Effect.flatMap(RunQueue, (queue) => queue.latestForCampaign(campaignId))))
    expect(run.attempts).toBe(2)
    expect(crawlerLog(crawlerLogFile).filter((line) => line.startsWith(campaignId))).toHaveLength(2)
    const { credits_remaining } = await runtime.runPromise(Effect.flatMap(CreditStore, (credits) => credits.balance(userId)))
    expect(credits_remaining).toBe(500 - 6)
    const { total } = await runtime.runPromise(Effect.flatMap(LeadStore, (leads) =>
      leads.query(campaignId, {}, { sort_by: "name", sort_dir: "asc", page: 1, per_page: 100 })))
    expect(total).toBe(6)
    await stop(rescuer.child)
  }, 90_000)
})
