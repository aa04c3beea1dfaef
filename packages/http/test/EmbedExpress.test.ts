/**
 * examples/embed-express: an app with its own routes and its own JSON parser mounts LeadFactory at
 * /api with one line; both keep working, POST bodies included.
 */
import express from "express"
import type { Server } from "node:http"
import { mkdtempSync, rmSync } from "node:fs"
import type { AddressInfo } from "node:net"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { makeApp } from "../../../examples/embed-express/src/app.js"
import { createLeadFactory, createLeadFactoryRouter, type LeadFactory } from "../src/index.js"
import { call } from "./support/Http.js"
import { TEST_SECRET } from "./support/TestServer.js"

const listen = (app: express.Express) =>
  new Promise<{ server: Server; url: string }>((resolve) => {
    const server = app.listen(0, "127.0.0.1", () =>
      resolve({ server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}` })
    )
  })

const close = (server: Server) => new Promise<void>((resolve) => server.close(() => resolve()))

describe("an express app that mounts LeadFactory", () => {
  const folder = mkdtempSync(join(tmpdir(), "lf-embed-"))
  let leadFactory: LeadFactory
  let running: { server: Server; url: string }

  beforeAll(async () => {
    leadFactory = createLeadFactory({
      database: `sqlite:${join(folder, "embed.db")}`,
      config: { secretKey: TEST_SECRET, bcryptCost: 4 }
    })
    await leadFactory.ready
    running = await listen(makeApp(leadFactory))
  })
  afterAll(async () => {
    running.server.closeAllConnections()
    await close(running.server)
    await leadFactory.close()
    rmSync(folder, { recursive: true, force: true })
  })

  it("keeps the app's own routes and JSON parser", async () => {
    expect((await call(running.url, "/hello")).body).toEqual({ hello: "world" })
    const note = await call(running.url, "/notes", { json: { text: "call Ann" } })
    expect(note.status).toBe(201)
    expect((await call(running.url, "/notes")).body).toEqual([{ text: "call Ann" }])
  })

  it("serves the API under /api, POST bodies included", async () => {
    const registered = await call(running.url, "/api/users/register", {
      json: { email: "embed@example.com", password: "long enough password", name: "Embed" }
    })
    expect(registered.status).toBe(201)
    const me = await call(running.url, "/api/users/me", { token: registered.body.access_token })
    expect(me.body.email).toBe("embed@example.com")
    expect((await call(running.url, "/api/health")).body).toEqual({ status: "ok", database: "ok" })
    const missing = await call(running.url, "/api/nothing-here")
    expect(missing.status).toBe(404)
    expect(missing.body.code).toBe("NotFound")
    expect((await call(running.url, "/elsewhere")).status).toBe(404)
  })

  it("also mounts at the root, where it takes only /api paths", async () => {
    const app = express()
    app.use(createLeadFactoryRouter({ database: `sqlite:${join(folder, "embed.db")}`, config: { secretKey: TEST_SECRET, bcryptCost: 4 } }))
    app.get("/mine", (_request, response) => void response.send("mine"))
    const root = await listen(app)
    try {
      expect((await call(root.url, "/api/verticals")).body).toHaveLength(4)
      expect((await call(root.url, "/mine")).text).toBe("mine")
    } finally {
      root.server.closeAllConnections()
      await close(root.server)
    }
  })

  it("says so, instead of hanging, when a global express.json() has read the body first", async () => {
    const app = express()
    app.use(express.json())
    app.use("/api", leadFactory.router())
    const wrong = await listen(app)
    try {
      const answer = await call(wrong.url, "/api/users/login", { json: { email: "embed@example.com", password: "x" } })
      expect(answer.status).toBe(500)
      expect(answer.body.code).toBe("InternalError")
    } finally {
      wrong.server.closeAllConnections()
      await close(wrong.server)
    }
  })
})
