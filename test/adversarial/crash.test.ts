/**
 * Case 7, crashes: the server process is killed with SIGKILL during an import, during a run and
 * during an export, then started again on the same database. Nothing may be duplicated or half
 * written (batches are all or nothing, every stored lead equals its row of the file), no campaign
 * stays queued or running, the ledger equals the sum of its rows, campaign totals match their leads,
 * and importing the same file again gives exactly the expected count.
 */
import { parse } from "csv-parse/sync"
import { writeFileSync } from "node:fs"
import { join } from "node:path"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { crawlerCsv, expectedExportRow, type FixtureLead, fixtureLeads } from "../../packages/http/test/support/CrawlerCsv.js"
import { processDatabases, scratchFolder } from "./support/Databases.js"
import { activeCampaigns, type Inspector, leadProblems, ledgerProblems, num, openInspector } from "./support/Inspector.js"
import { call, register, type ServerProcess, serverProcess, sigkill, waitFor } from "./support/Servers.js"

/** Rows of the files: several batches of the importer (2000 rows each). */
const ROWS = 24_000
const leads = fixtureLeads(ROWS)
/** The run's file: only its first 400 rows may have an email, so the default 500 credits pay for all of them. */
const runLeads: Array<FixtureLead> = leads.map((lead, i) => (i < 400 ? lead : { ...lead, email: null, status: null }))
const RUN_EMAILS = runLeads.filter((lead) => lead.email !== null).length
const folder = scratchFolder("crash")
const importDir = join(folder, "imports")
const file = crawlerCsv(leads)
;(await import("node:fs")).mkdirSync(importDir)
writeFileSync(join(importDir, "run.csv"), crawlerCsv(runLeads))

const env = {
  LF_IMPORT_DIR: importDir,
  LF_RUNS_DIR: join(folder, "runs"),
  // A run whose worker was killed is taken over 2 s after its last heartbeat.
  LF_RUN_TIMEOUT_SECONDS: "2",
  LF_RUN_MAX_ATTEMPTS: "3"
}

const count = async (db: Inspector, campaignId: string) =>
  num((await db.rows<{ n: unknown }>("SELECT COUNT(*) AS n FROM leads WHERE campaign_id = $1", campaignId))[0]!.n)

/** Every row of the campaign's export equals the row of the file it came from, field by field. */
const expectWholeRows = async (server: ServerProcess, token: string, campaignId: string, source: ReadonlyArray<FixtureLead>, total: number) => {
  const response = await fetch(`${server.url}/api/leads/export?campaign_id=${campaignId}`, { headers: { authorization: `Bearer ${token}` } })
  const text = await response.text()
  const errors = server.lines.filter((line) => line.includes("\"level\":\"ERROR\"")).slice(-3).join("\n")
  expect(response.status, `the export answered ${text.slice(0, 200)}; the server logged ${errors}`).toBe(200)
  const rows = parse(text, { columns: true, bom: true }) as Array<Record<string, string>>
  expect(rows.length).toBe(total)
  const byName = new Map(source.map((lead) => [lead.name, lead]))
  for (const row of rows) {
    const lead = byName.get(row.Name!)
    expect(lead, `an exported lead that is in no row of the file: ${row.Name}`).toBeDefined()
    expect(row).toEqual(expectedExportRow(lead!))
  }
}

/** A body that sends `text` in 64 KB chunks, 4 ms apart, so that the server reads it for a while. */
const slowBody = (text: string) => {
  const bytes = Buffer.from(text)
  let at = 0
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      if (at >= bytes.length) return controller.close()
      await new Promise((resolve) => setTimeout(resolve, 4))
      controller.enqueue(bytes.subarray(at, at + 64 * 1024))
      at += 64 * 1024
    }
  })
}

const backends = await processDatabases("crash")

describe.each(backends)("SIGKILL of the server on $name", ({ url }) => {
  let server: ServerProcess
  let db: Inspector
  let token: string
  let imported: string

  const restart = async () => {
    await sigkill(server)
    server = await serverProcess(url, env)
  }
  const invariants = async () => {
    expect(await ledgerProblems(db)).toEqual([])
    expect(await leadProblems(db)).toEqual([])
  }

  beforeAll(async () => {
    server = await serverProcess(url, env)
    db = await openInspector(url)
    token = (await register(server.url)).token
  })
  afterAll(async () => {
    await db?.close()
    if (server !== undefined) await sigkill(server)
  })

  it("during an import: whole batches only, totals that match, and the same file imported again gives exactly its rows", async () => {
    imported = (await call(server.url, "/api/campaigns", { token, json: { name: "Killed import", vertical: "vc" } })).body.id
    const upload = fetch(`${server.url}/api/campaigns/${imported}/import`, {
      method: "POST",
      headers: { authorization: `Bearer ${token}`, "content-type": "text/csv" },
      body: slowBody(file),
      duplex: "half"
    } as RequestInit).then((response) => response.status, (error: unknown) => String(error))
    await waitFor("a first batch to commit", async () => ((await count(db, imported)) > 0 ? true : undefined), 60_000)
    await restart()
    // The client saw its upload fail, not succeed.
    expect(await upload).not.toBe(200)

    const stored = await count(db, imported)
    console.log(`import killed after ${stored} of ${ROWS} rows`)
    expect(stored).toBeGreaterThan(0)
    expect(stored).toBeLessThan(ROWS)
    expect(stored % 2000, "a batch was written in part").toBe(0)
    await invariants()
    expect((await call(server.url, `/api/campaigns/${imported}`, { token })).body.total_leads).toBe(stored)
    await expectWholeRows(server, token, imported, leads, stored)

    const again = await call(server.url, `/api/campaigns/${imported}/import`, { token, body: file, headers: { "content-type": "text/csv" } })
    expect(again.status).toBe(200)
    expect(again.body).toMatchObject({ rows_read: ROWS, imported: ROWS - stored, unchanged: stored, updated: 0, error_count: 0 })
    expect(await count(db, imported)).toBe(ROWS)
    expect((await call(server.url, `/api/campaigns/${imported}`, { token })).body.total_leads).toBe(ROWS)
    await invariants()
  })

  it("during a run: the run is taken over and completes, every lead is charged exactly once, nothing stays running", async () => {
    const id = (await call(server.url, "/api/campaigns", { token, json: { name: "Killed run", vertical: "vc", config: { csv: "run.csv" } } })).body.id
    expect((await call(server.url, `/api/campaigns/${id}/run`, { method: "POST", token })).status).toBe(202)
    await waitFor("the run to store a first batch", async () => ((await count(db, id)) > 0 ? true : undefined), 60_000)
    await restart()
    const stored = await count(db, id)
    console.log(`run killed after ${stored} of ${ROWS} rows`)
    expect(stored % 2000, "a batch was written in part").toBe(0)
    await invariants()

    const ended = await waitFor("the run to end after the restart", async () => {
      const campaign = (await call(server.url, `/api/campaigns/${id}`, { token })).body
      return campaign.status === "queued" || campaign.status === "running" ? undefined : campaign
    }, 60_000)
    expect(ended).toMatchObject({ status: "completed", total_leads: ROWS, total_emails: RUN_EMAILS, credits_used: RUN_EMAILS })
    expect((await call(server.url, "/api/users/credits", { token })).body.credits_remaining).toBe(500 - RUN_EMAILS)
    expect(await count(db, id)).toBe(ROWS)
    expect(await activeCampaigns(db)).toEqual([])
    await invariants()
  })

  it("during an export: the client gets no complete file, the data is untouched, and the next export is whole", async () => {
    const response = await fetch(`${server.url}/api/leads/export?campaign_id=${imported}`, { headers: { authorization: `Bearer ${token}` } })
    expect(response.status).toBe(200)
    const reader = response.body!.getReader()
    const first = await reader.read()
    expect(first.done).toBe(false)
    await restart()
    const rest = (async () => {
      let bytes = first.value!.length
      for (;;) {
        const next = await reader.read()
        if (next.done) return bytes
        bytes += next.value.length
      }
    })()
    // The connection died with the process: the read fails (a short file read as complete would be data loss).
    await expect(rest).rejects.toThrow()
    expect(await count(db, imported)).toBe(ROWS)
    await invariants()
    await expectWholeRows(server, token, imported, leads, ROWS)
  })
})
