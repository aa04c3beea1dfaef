/** `lf-run --campaign-id`: an operator runs one campaign in the foreground over a SQLite file. */
import { Runs } from "@leadfactory/core"
import * as SqliteStore from "@leadfactory/store-sqlite"
import { Effect } from "effect"
import { spawn } from "node:child_process"
import { createRequire } from "node:module"
import { join } from "node:path"
import { fileURLToPath, pathToFileURL } from "node:url"
import { describe, expect, it } from "vitest"
import { makeRunsRuntime, tempDir, userWithCampaign, writeCrawlConfig } from "./support.js"

const entry = fileURLToPath(new URL("../../../cli/src/bin/lf-run.ts", import.meta.url))
const tsx = pathToFileURL(createRequire(import.meta.url).resolve("tsx")).href

const dir = tempDir("lf-run")
const crawlConfig = writeCrawlConfig(dir)
const databaseUrl = `sqlite:${join(dir, "leadfactory.db")}`

const lfRun = (args: ReadonlyArray<string>) =>
  new Promise<{ readonly code: number | null; readonly stdout: string; readonly stderr: string }>((resolve) => {
    const child = spawn(process.execPath, ["--conditions=@leadfactory/source", "--import", tsx, entry, ...args], {
      cwd: dir,
      env: { ...process.env, DATABASE_URL: databaseUrl, LF_CRAWL_CONFIG: crawlConfig, LF_RUNS_DIR: join(dir, "runs") },
      stdio: ["ignore", "pipe", "pipe"]
    })
    let stdout = ""
    let stderr = ""
    child.stdout.on("data", (chunk) => (stdout += chunk))
    child.stderr.on("data", (chunk) => (stderr += chunk))
    child.once("close", (code) => resolve({ code, stdout, stderr }))
  })

describe("lf-run", () => {
  it("runs a campaign to its end and reports it; exit codes say how it ended", async () => {
    const runtime = makeRunsRuntime(SqliteStore.layer({ filename: join(dir, "leadfactory.db") }), { crawlConfigFile: crawlConfig })
    const { completes, fails, queued } = await runtime.runPromise(Effect.gen(function*() {
      const completes = yield* userWithCampaign("vc", { rows: 3, without_email: 1, steps: 2, step_ms: 300 })
      const fails = yield* userWithCampaign("pe")
      const queued = yield* userWithCampaign("vc", { rows: 2, steps: 1 })
      yield* (yield* Runs).request(queued.userId, queued.campaignId)
      return { completes, fails, queued }
    }))
    await runtime.dispose()

    const [ok, failed, fromQueue, missing] = await Promise.all([
      lfRun(["--campaign-id", completes.campaignId]),
      lfRun(["--campaign-id", fails.campaignId]),
      lfRun(["--campaign-id", queued.campaignId]),
      lfRun(["--campaign-id", "0b8e4ba8-4c2e-4f7c-9d41-3a3c0d0f8d11"])
    ])
    expect(ok.code).toBe(0)
    expect(ok.stdout).toContain("completed: 4 leads, 3 with an email, 3 credits used")
    expect(ok.stdout).toMatch(/crawling \d+%|enriching \d+%/)
    expect(failed.code).toBe(6)
    expect(failed.stdout).toContain("failed: 0 leads")
    expect(failed.stdout).toContain("exited with code 3")
    expect(fromQueue.code).toBe(0)
    expect(fromQueue.stdout).toContain("completed: 2 leads")

    expect(missing.code).toBe(4)
    expect(missing.stderr).toContain("No campaign has the id")
  }, 60_000)
})
