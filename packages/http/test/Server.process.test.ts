/**
 * The reference server as a real process (`node --import tsx … packages/http/src/main.ts`): the
 * dashboard at `/`, JSON log lines without secrets, and a SIGTERM that lets a request in flight
 * finish, then closes the database.
 */
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { crawlerCsv, fixtureLeads } from "./support/CrawlerCsv.js"
import { call, register } from "./support/Http.js"
import { type ServerProcess, spawnProcess, spawnServer } from "./support/Process.js"

describe("the reference server process", () => {
  const folder = mkdtempSync(join(tmpdir(), "lf-http-process-"))
  const dashboard = join(folder, "dashboard")
  const databaseFolder = join(folder, "not-yet", "there")
  let server: ServerProcess

  beforeAll(async () => {
    mkdirSync(join(dashboard, "assets"), { recursive: true })
    writeFileSync(join(dashboard, "index.html"), "<!doctype html><title>LeadFactory</title><lf-app></lf-app>")
    writeFileSync(join(dashboard, "assets", "app.js"), "console.log('dashboard')")
    server = await spawnServer({
      DATABASE_URL: `sqlite:${join(databaseFolder, "leadfactory.db")}`,
      LF_BCRYPT_COST: "4",
      LEADFACTORY_SECRET_KEY: "process-test-secret-0123456789abcdef",
      LF_DASHBOARD_DIR: dashboard
    })
  })
  afterAll(() => {
    if (server.child.exitCode === null) server.child.kill("SIGKILL")
    rmSync(folder, { recursive: true, force: true })
  })

  it("creates the database folder and tables on first start, and is healthy", async () => {
    expect(existsSync(join(databaseFolder, "leadfactory.db"))).toBe(true)
    expect((await call(server.url, "/api/health")).body).toEqual({ status: "ok", database: "ok" })
  })

  it("serves the dashboard at /, its files, and index.html for its client-side routes", async () => {
    const index = await fetch(`${server.url}/`)
    expect(index.status).toBe(200)
    expect(await index.text()).toContain("<lf-app>")
    const asset = await fetch(`${server.url}/assets/app.js`)
    expect(asset.headers.get("content-type")).toMatch(/javascript/)
    const route = await fetch(`${server.url}/campaigns/123`, { headers: { accept: "text/html" } })
    expect(route.status).toBe(200)
    expect(await route.text()).toContain("<lf-app>")
    const api = await call(server.url, "/api/campaigns/123/nothing", { headers: { accept: "text/html" } })
    expect(api.status).toBe(404)
    expect(api.body.code).toBe("NotFound")
  })

  it("writes one JSON line per request, with no password, token, key or query", async () => {
    const user = await register(server.url)
    const key = (await call(server.url, "/api/users/api-keys", { token: user.token, json: { name: "log test" } })).body.key
    expect((await call(server.url, "/api/users/me", { apiKey: key })).status).toBe(200)
    await call(server.url, `/api/leads/optout?email=${encodeURIComponent("private.person@example.com")}`)
    await new Promise((resolve) => setTimeout(resolve, 200))
    const parsed = server.lines.map((line) => JSON.parse(line) as Record<string, unknown>)
    const requests = parsed.filter((line) => line.message === "request")
    expect(requests).toContainEqual(expect.objectContaining({ method: "GET", path: "/api/users/me", status: 200, ms: expect.any(Number) }))
    expect(requests).toContainEqual(expect.objectContaining({ method: "GET", path: "/api/leads/optout", status: 200 }))
    const all = server.lines.join("\n")
    for (const secret of [user.password, user.token, key, "private.person", "process-test-secret"]) expect(all).not.toContain(secret)
  })

  it("answers other requests while it streams a large SQLite export to a client that keeps up", async () => {
    const user = await register(server.url)
    const campaign = (await call(server.url, "/api/campaigns", { token: user.token, json: { name: "Big", vertical: "vc" } })).body
    const leads = 40_000
    const imported = await call(server.url, `/api/campaigns/${campaign.id}/import`, {
      token: user.token,
      body: crawlerCsv(fixtureLeads(leads)),
      headers: { "content-type": "text/csv" }
    })
    expect(imported.body).toMatchObject({ imported: leads, error_count: 0 })

    const exported = await fetch(`${server.url}/api/leads/export?campaign_id=${campaign.id}`, {
      headers: { authorization: `Bearer ${user.token}` }
    })
    const reader = exported.body!.getReader()
    let lineBreaks = 0
    const count = (bytes: Uint8Array) => {
      for (const byte of bytes) if (byte === 10) lineBreaks++
    }
    const first = await reader.read()
    count(first.value!)
    // Asked once the file has started: answered while it is still being written, not after it.
    let healthAnsweredAt = Number.POSITIVE_INFINITY
    const health = call(server.url, "/api/health").then((answer) => {
      healthAnsweredAt = performance.now()
      return answer
    })
    for (let chunk = await reader.read(); !chunk.done; chunk = await reader.read()) count(chunk.value)
    const exportEndedAt = performance.now()
    expect(lineBreaks).toBe(leads + 1)
    expect((await health).body).toEqual({ status: "ok", database: "ok" })
    expect(healthAnsweredAt).toBeLessThan(exportEndedAt)
  }, 120_000)

  it("on SIGTERM lets an upload in flight finish, refuses new connections, and closes the database", async () => {
    const user = await register(server.url)
    const campaign = (await call(server.url, "/api/campaigns", { token: user.token, json: { name: "Drain", vertical: "vc" } })).body
    const lines = crawlerCsv(fixtureLeads(30)).split("\r\n")
    let release!: () => void
    const held = new Promise<void>((resolve) => (release = resolve))
    const encoder = new TextEncoder()
    const body = new ReadableStream<Uint8Array>({
      async start(controller) {
        controller.enqueue(encoder.encode(lines.slice(0, 10).join("\r\n") + "\r\n"))
        await held
        controller.enqueue(encoder.encode(lines.slice(10).join("\r\n")))
        controller.close()
      }
    })
    const upload = fetch(`${server.url}/api/campaigns/${campaign.id}/import`, {
      method: "POST",
      headers: { authorization: `Bearer ${user.token}`, "content-type": "text/csv" },
      body,
      duplex: "half"
    } as RequestInit)
    await new Promise((resolve) => setTimeout(resolve, 300))
    const signalled = Date.now()
    server.child.kill("SIGTERM")
    await new Promise((resolve) => setTimeout(resolve, 300))
    await expect(fetch(`${server.url}/api/health`)).rejects.toThrow()
    release()
    const answer = await upload
    expect(answer.status).toBe(200)
    expect(await answer.json()).toMatchObject({ imported: 30, error_count: 0 })
    const exit = await server.exited
    expect(exit).toEqual({ code: 0, signal: null })
    expect(Date.now() - signalled).toBeLessThan(3_000)
    expect(server.lines.some((line) => line.includes("\"stopped\""))).toBe(true)
    // A clean close checkpoints SQLite's write-ahead log into the file and removes it.
    expect(readdirSync(databaseFolder).filter((name) => name.endsWith("-wal"))).toEqual([])
  })

  it("exits with 1 and one readable line when it cannot open its database", async () => {
    const failed = await spawnProcess({ DATABASE_URL: "postgres://postgres:hunter2@127.0.0.1:1/nothing", LF_BCRYPT_COST: "4" })
    expect(await failed.exited).toEqual({ code: 1, signal: null })
    const errors = failed.lines.map((line) => JSON.parse(line) as Record<string, string>).filter((line) => line.level === "ERROR")
    expect(errors).toHaveLength(1)
    expect(errors[0]!.error).toMatch(/could not be reached.*ECONNREFUSED/)
    expect(failed.lines.join("\n")).not.toMatch(/hunter2|    at /)
  })
})
