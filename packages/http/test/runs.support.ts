/** Helpers of the run tests of the HTTP API: a server with the fake crawlers, and an event-stream reader. */
import { join } from "node:path"
import { writeCrawlConfig } from "../../core/test/runs/support.js"
import { startTestServer } from "./support/TestServer.js"

export { crawlerLog, tempDir, waitFor } from "../../core/test/runs/support.js"

/**
 * A server whose verticals run the fake crawlers (vc: progress and a CSV, pe: fails, family_office:
 * hangs, corp_dev: none), with its run files under `dir`.
 */
export const startRunsServer = (databaseUrl: string, dir: string, env: Record<string, string> = {}) =>
  startTestServer(databaseUrl, {
    LF_CRAWL_CONFIG: writeCrawlConfig(dir),
    LF_RUNS_DIR: join(dir, "runs"),
    LF_WORKER_POLL_MS: "50",
    LF_RUN_TIMEOUT_SECONDS: "2",
    LF_CRAWL_KILL_GRACE_SECONDS: "1",
    ...env
  })

/** The campaign of an event, as JSON. */
export interface StreamedCampaign {
  readonly id: string
  readonly status: string
  readonly progress_stage: string
  readonly progress_pct: number
  readonly error_message: string | null
  readonly total_leads: number
  readonly total_emails: number
  readonly credits_used: number
}

export interface EventStreamAnswer {
  readonly status: number
  readonly contentType: string | null
  /** The `data` of each `campaign` event, parsed. */
  readonly campaigns: Array<StreamedCampaign>
  readonly text: string
}

/** Reads a server-sent event stream to its end (the server ends it when the run ends). */
export const readEventStream = async (url: string, headers: Record<string, string> = {}): Promise<EventStreamAnswer> => {
  const response = await fetch(url, { headers: { accept: "text/event-stream", ...headers } })
  const text = await response.text()
  const campaigns = text
    .split("\n\n")
    .filter((block) => block.split("\n").includes("event: campaign"))
    .map((block) => JSON.parse(block.split("\n").find((line) => line.startsWith("data: "))!.slice(6)))
  return { status: response.status, contentType: response.headers.get("content-type"), campaigns, text }
}
