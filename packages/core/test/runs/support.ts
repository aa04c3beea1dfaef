/**
 * Helpers of the run tests: the fake crawlers of fixtures/, a crawl config that gives each vertical
 * one of them, and the run services and a worker over a store layer.
 */
import {
  Accounts,
  Campaigns,
  type CampaignId,
  type Campaign,
  Credits,
  ImporterLive,
  LeadFactoryConfig,
  LeadSourcesLive,
  RegisterRequest,
  RunSettings,
  type RunSettingsOptions,
  RunsLive,
  RunWorkerLive,
  servicesLayer,
  type Stores,
  type UserId
} from "@leadfactory/core"
import { Effect, Layer, ManagedRuntime, Schema } from "effect"
import { randomUUID } from "node:crypto"
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { fileURLToPath } from "node:url"
import pg from "pg"
import { afterAll } from "vitest"

export const fixture = (name: string) => fileURLToPath(new URL(`./fixtures/${name}`, import.meta.url))

export const tempDir = (label: string) => mkdtempSync(join(tmpdir(), `lf-runs-${label}-`))

/**
 * A crawl config for LF_CRAWL_CONFIG: vc runs the crawler that reports progress and writes a CSV,
 * pe the one that fails, family_office the one that hangs; corp_dev has no command.
 */
export const writeCrawlConfig = (dir: string): string => {
  const file = join(dir, "crawl.json")
  const node = process.execPath
  writeFileSync(
    file,
    JSON.stringify({
      verticals: {
        vc: { command: [node, fixture("progress-crawler.mjs"), "--out", "{output}", "--config", "{config}"] },
        pe: { command: [node, fixture("failing-crawler.mjs")] },
        family_office: { command: [node, fixture("hanging-crawler.mjs"), "--config", "{config}"] }
      }
    })
  )
  return file
}

export const TEST_SECRET = "test-secret-key-that-is-long-enough-0123456789"

/** The services, the importer, the Runs service and a worker, over `stores`. */
export const runsLayer = <E>(stores: Layer.Layer<Stores, E>, settings: RunSettingsOptions) => {
  const base = Layer.mergeAll(servicesLayer, ImporterLive).pipe(
    Layer.provideMerge(stores),
    Layer.provide(LeadFactoryConfig.layer({ secretKey: TEST_SECRET, bcryptCost: 4 }))
  )
  return Layer.mergeAll(RunsLive, RunWorkerLive).pipe(
    Layer.provideMerge(LeadSourcesLive),
    Layer.provideMerge(RunSettings.layer(settings)),
    Layer.provideMerge(base)
  )
}

export const makeRunsRuntime = <E>(stores: Layer.Layer<Stores, E>, settings: RunSettingsOptions) =>
  ManagedRuntime.make(runsLayer(stores, settings))

let sequence = 0

/** A new account (500 credits) with a campaign of `vertical`; the balance is brought to `credits` when given. */
export const userWithCampaign = (vertical: string, config: Record<string, unknown> = {}, credits?: number) =>
  Effect.gen(function*() {
    const accounts = yield* Accounts
    const session = yield* accounts.register(
      Schema.decodeUnknownSync(RegisterRequest)({
        email: `runner${Date.now()}_${sequence++}@example.com`,
        password: "correct horse battery",
        name: "Runner"
      })
    )
    const userId = session.user.id as UserId
    const campaign = yield* (yield* Campaigns).create(userId, { name: `Run ${vertical}`, vertical, config })
    if (credits !== undefined && credits < session.user.credits_remaining) {
      yield* (yield* Credits).charge(userId, session.user.credits_remaining - credits, "campaign_run", null)
    }
    return { userId, campaignId: campaign.id as CampaignId }
  }).pipe(Effect.orDie)

/** The lines of a fake crawler's log file (FAKE_CRAWLER_LOG). */
export const crawlerLog = (file: string): Array<string> => {
  try {
    return readFileSync(file, "utf8").split("\n").filter((line) => line !== "")
  } catch {
    return []
  }
}

/** Polls `check` every 50 ms until it returns a value, or fails after `timeoutMs`. */
export const waitFor = async <A>(what: string, check: () => Promise<A | undefined> | A | undefined, timeoutMs = 10_000) => {
  const deadline = Date.now() + timeoutMs
  for (;;) {
    const value = await check()
    if (value !== undefined) return value
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}`)
    await new Promise((resolve) => setTimeout(resolve, 50))
  }
}

export type { Campaign }

/**
 * A real PostgreSQL server for the tests that need several concurrent sessions (PGlite has one
 * backend, and interleaves the statements of concurrent connections into errors): LF_TEST_PG_URL,
 * else postgres://postgres@127.0.0.1:5432/postgres when it answers; undefined without one.
 */
export const findRealPostgres = async (): Promise<string | undefined> => {
  const url = process.env.LF_TEST_PG_URL || "postgres://postgres@127.0.0.1:5432/postgres"
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 1000 })
  try {
    await client.connect()
    return url
  } catch {
    console.warn(`No PostgreSQL answers at ${new URL(url).host} (set LF_TEST_PG_URL): the tests that need one are skipped.`)
    return undefined
  } finally {
    await client.end().catch(() => undefined)
  }
}

const onServer = async (serverUrl: string, statement: string) => {
  const client = new pg.Client({ connectionString: serverUrl })
  await client.connect()
  try {
    await client.query(statement)
  } finally {
    await client.end()
  }
}

/** A fresh database on the server, dropped when the test file ends. Call it at the top level of the file. */
export const scratchDatabase = async (serverUrl: string): Promise<string> => {
  const name = `lf_runs_test_${randomUUID().replaceAll("-", "")}`
  await onServer(serverUrl, `CREATE DATABASE ${name}`)
  afterAll(() => onServer(serverUrl, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`))
  return Object.assign(new URL(serverUrl), { pathname: `/${name}` }).toString()
}
