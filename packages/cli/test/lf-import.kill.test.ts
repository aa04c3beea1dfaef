/**
 * An import killed (SIGKILL) in the middle and run again ends with exactly the file's leads, no
 * duplicates: on SQLite and on PostgreSQL (LF_TEST_PG_URL when set, else PGlite).
 */
import { type CampaignId, CampaignStore, type Stores } from "@leadfactory/core"
import { makeTestDatabaseUrl } from "@leadfactory/store-pg/testing"
import { Effect, type ManagedRuntime, Option } from "effect"
import { mkdtempSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { setTimeout as sleep } from "node:timers/promises"
import { afterAll, describe, expect, it } from "vitest"
import { expectedOutcome, generateLeads } from "../../core/test/import/generator.js"
import { finished, leadCount, makeCampaign, makeUser, runCli, startCli, storesAt } from "./fixtures.js"

const { file, manifest } = generateLeads({ rows: 30_000, seed: "kill", badRate: 0.01 })
const expected = await expectedOutcome(file, manifest)
const pgUrl = await makeTestDatabaseUrl()

const killAndResume = async (databaseUrl: string, db: ManagedRuntime.ManagedRuntime<Stores, unknown>) => {
  const campaignId = await db.runPromise(Effect.flatMap(makeUser(0), (user) => makeCampaign(user.id)))
  const args = ["--campaign-id", campaignId, "--csv", file, "--database-url", databaseUrl, "--batch-size", "500", "--json"]
  const child = startCli(args)
  const exit = finished(child)
  let running = true
  void exit.then(() => (running = false))
  // Kill once a few batches are committed, while the rest of the file is still to come.
  let committed = 0
  while (running && committed < 2000) {
    await sleep(25)
    committed = await db.runPromise(leadCount(campaignId))
  }
  expect(running).toBe(true)
  child.kill("SIGKILL")
  expect((await exit).signal).toBe("SIGKILL")
  const afterKill = await db.runPromise(leadCount(campaignId))
  expect(afterKill).toBeGreaterThanOrEqual(2000)
  expect(afterKill).toBeLessThan(expected.keys.size)
  // Each batch updates the totals in its own transaction: they match what was committed.
  expect(await db.runPromise(campaignTotal(campaignId))).toBe(afterKill)

  const resumed = await runCli(args)
  expect(resumed.code).toBe(0)
  const summary = JSON.parse(resumed.stdout)
  expect(summary).toMatchObject({ rows_read: expected.rows, imported: expected.keys.size - afterKill, error_count: expected.rejectedLines.length })
  expect(await db.runPromise(leadCount(campaignId))).toBe(expected.keys.size)
  expect(await db.runPromise(campaignTotal(campaignId))).toBe(expected.keys.size)
}

const campaignTotal = (id: CampaignId) =>
  Effect.flatMap(CampaignStore, (store) => store.findById(id)).pipe(Effect.map((campaign) => Option.getOrThrow(campaign).total_leads))

describe("lf-import killed mid-way and run again", () => {
  it("SQLite", async () => {
    const databaseUrl = `sqlite:${join(mkdtempSync(join(tmpdir(), "lf-kill-")), "leads.db")}`
    const db = storesAt(databaseUrl)
    afterAll(() => db.dispose())
    await killAndResume(databaseUrl, db)
  })

  it("PostgreSQL", async () => {
    const db = storesAt(pgUrl)
    afterAll(() => db.dispose())
    await killAndResume(pgUrl, db)
  })
})
