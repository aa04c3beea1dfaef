/** The reference server's express app without a dashboard build: `/` says how to make one. */
import type { Server } from "node:http"
import { mkdtempSync, rmSync } from "node:fs"
import type { AddressInfo } from "node:net"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { createLeadFactory, type LeadFactory, makeApp } from "../src/index.js"
import { call } from "./support/Http.js"
import { TEST_SECRET } from "./support/TestServer.js"

describe("the reference server's app when the dashboard is not built", () => {
  const folder = mkdtempSync(join(tmpdir(), "lf-no-dashboard-"))
  let leadFactory: LeadFactory
  let server: Server
  let url: string

  beforeAll(async () => {
    leadFactory = createLeadFactory({ database: `sqlite:${join(folder, "app.db")}`, config: { secretKey: TEST_SECRET, bcryptCost: 4 } })
    await leadFactory.ready
    server = await new Promise<Server>((resolve) => {
      const listening = makeApp(leadFactory, join(folder, "no-dashboard-here")).listen(0, "127.0.0.1", () => resolve(listening))
    })
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
  })
  afterAll(async () => {
    await new Promise<void>((resolve) => server.close(() => resolve()))
    await leadFactory.close()
    rmSync(folder, { recursive: true, force: true })
  })

  it("answers / with a 404 that says how to build the dashboard, other paths with a plain 404, and serves the API", async () => {
    const root = await call(url, "/")
    expect(root.status).toBe(404)
    expect(root.body.detail).toContain("npm run build")
    const other = await call(url, "/campaigns")
    expect(other.status).toBe(404)
    expect(other.body).toEqual({ detail: "Nothing at /campaigns.", code: "NotFound" })
    expect((await call(url, "/api/verticals")).status).toBe(200)
  })
})
