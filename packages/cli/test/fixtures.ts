/** Helpers of the lf-import tests: the CLI as a child process, and a database with a user and campaign. */
import {
  type CampaignId,
  CampaignId as CampaignIdSchema,
  CampaignStore,
  LeadStore,
  UserId,
  UserStore
} from "@leadfactory/core"
import { storeLayerFromUrl } from "@leadfactory/http/DatabaseUrl"
import { Effect, ManagedRuntime } from "effect"
import { type ChildProcess, spawn } from "node:child_process"
import { randomUUID } from "node:crypto"
import { fileURLToPath } from "node:url"

export const REPO = fileURLToPath(new URL("../../../", import.meta.url))

/** lf-import from its TypeScript sources, as `npm test` runs it on a clone without a build. */
export const startCli = (args: ReadonlyArray<string>, env: Record<string, string | undefined> = {}): ChildProcess =>
  spawn(
    process.execPath,
    ["--conditions=@leadfactory/source", "--import", "tsx", "packages/cli/src/bin/lf-import.ts", ...args],
    { cwd: REPO, env: { ...process.env, DATABASE_URL: undefined, ...env }, stdio: ["ignore", "pipe", "pipe"] }
  )

export interface CliResult {
  readonly code: number | null
  readonly signal: NodeJS.Signals | null
  readonly stdout: string
  readonly stderr: string
}

export const finished = (child: ChildProcess): Promise<CliResult> =>
  new Promise((resolve, reject) => {
    let stdout = ""
    let stderr = ""
    child.stdout?.on("data", (data: Buffer) => (stdout += data.toString()))
    child.stderr?.on("data", (data: Buffer) => (stderr += data.toString()))
    child.on("error", reject)
    child.on("close", (code, signal) => resolve({ code, signal, stdout, stderr }))
  })

export const runCli = (args: ReadonlyArray<string>, env: Record<string, string | undefined> = {}) =>
  finished(startCli(args, env))

/** A runtime over the stores of `databaseUrl`, to arrange and inspect what the CLI does. */
export const storesAt = (databaseUrl: string) =>
  ManagedRuntime.make(storeLayerFromUrl(databaseUrl))

/** A user (with `credits`) and, unless `campaign` is false, an empty campaign of theirs. */
export const makeUser = (credits: number) =>
  Effect.gen(function*() {
    const id = UserId.make(randomUUID())
    const email = `cli-${id.slice(0, 8)}@example.com`
    yield* (yield* UserStore).insert({
      id, email, password_hash: "x", name: "CLI Test", company: null, credits, created_at: new Date()
    }).pipe(Effect.orDie)
    return { id, email }
  })

export const makeCampaign = (userId: UserId) =>
  Effect.gen(function*() {
    const id = CampaignIdSchema.make(randomUUID())
    yield* (yield* CampaignStore).insert({
      id, user_id: userId, name: "CLI import", vertical: "vc", status: "pending", config: {}, total_leads: 0,
      total_emails: 0, credits_used: 0, error_message: null, progress_stage: "pending", progress_pct: 0,
      started_at: null, completed_at: null, created_at: new Date()
    })
    return id
  })

/** The campaign's leads that are not opted out. */
export const leadCount = (campaignId: CampaignId) =>
  Effect.flatMap(LeadStore, (store) => store.stats(campaignId)).pipe(Effect.map((stats) => stats.total_leads))
