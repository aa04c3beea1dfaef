/** How many API requests are worked on at once, and what a request waiting its turn sees. */
import { EventEmitter } from "node:events"
import type { Server, ServerResponse } from "node:http"
import { mkdtempSync, rmSync } from "node:fs"
import { connect, type AddressInfo } from "node:net"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest"
import { createLeadFactory, type LeadFactory, makeApp } from "../src/index.js"
import { DEFAULT_MAX_ACTIVE_REQUESTS, makeRequestAdmission } from "../src/RequestAdmission.js"
import { serverConfigFromEnv } from "../src/ServerConfig.js"
import { call } from "./support/Http.js"
import { TEST_SECRET } from "./support/TestServer.js"

/** What the gate reads of a response: its "close" event and whether its connection is gone. */
class FakeResponse extends EventEmitter {
  destroyed = false
  finish() {
    this.emit("close")
  }
  leave() {
    this.destroyed = true
    this.emit("close")
  }
}

const asResponse = (response: FakeResponse) => response as unknown as ServerResponse

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

describe("makeRequestAdmission", () => {
  it("works on at most maxActive requests, and starts the others in the order they came as places free", () => {
    const { admit } = makeRequestAdmission({ maxActive: 2, holdMs: 60_000 })
    const started: Array<number> = []
    const responses = [0, 1, 2, 3].map(() => new FakeResponse())
    responses.forEach((response, i) => admit(asResponse(response), () => started.push(i)))
    expect(started).toEqual([0, 1])
    responses[1]!.finish()
    expect(started).toEqual([0, 1, 2])
    // A second "close" of the same response frees nothing more.
    responses[1]!.finish()
    expect(started).toEqual([0, 1, 2])
    responses[0]!.finish()
    expect(started).toEqual([0, 1, 2, 3])
  })

  it("lets the next request start once a request has held its place for holdMs", () => {
    vi.useFakeTimers()
    try {
      const { admit } = makeRequestAdmission({ maxActive: 1, holdMs: 30 })
      const started: Array<string> = []
      const stream = new FakeResponse()
      const page = new FakeResponse()
      admit(asResponse(stream), () => started.push("stream"))
      admit(asResponse(page), () => started.push("page"))
      vi.advanceTimersByTime(29)
      expect(started).toEqual(["stream"])
      vi.advanceTimersByTime(1)
      expect(started).toEqual(["stream", "page"])
      // The stream's end, later, does not free a second place: the page holds the only one.
      stream.finish()
      admit(asResponse(new FakeResponse()), () => started.push("next"))
      expect(started).toEqual(["stream", "page"])
      page.finish()
      expect(started).toEqual(["stream", "page", "next"])
    } finally {
      vi.useRealTimers()
    }
  })

  it("does not run a waiting request whose client has left, and gives its place to the next", () => {
    const { admit } = makeRequestAdmission({ maxActive: 1, holdMs: 60_000 })
    const started: Array<string> = []
    const first = new FakeResponse()
    const gone = new FakeResponse()
    admit(asResponse(first), () => started.push("first"))
    admit(asResponse(gone), () => started.push("gone"))
    admit(asResponse(new FakeResponse()), () => started.push("last"))
    gone.leave()
    first.finish()
    expect(started).toEqual(["first", "last"])
  })

  it("refuses a limit that would never start a request", () => {
    expect(() => makeRequestAdmission({ maxActive: 0, holdMs: 50 })).toThrow(/maxActiveRequests/)
    expect(() => makeRequestAdmission({ maxActive: 1.5, holdMs: 50 })).toThrow(/maxActiveRequests/)
  })
})

describe("LF_MAX_ACTIVE_REQUESTS", () => {
  const maxActiveRequests = (value: string | undefined) =>
    serverConfigFromEnv({ LF_MAX_ACTIVE_REQUESTS: value }, "/nonexistent").leadFactory.maxActiveRequests

  it("sets the requests worked on at once, 4 when unset, and refuses what is not a positive whole number", () => {
    expect(maxActiveRequests(undefined)).toBe(DEFAULT_MAX_ACTIVE_REQUESTS)
    expect(DEFAULT_MAX_ACTIVE_REQUESTS).toBe(4)
    expect(maxActiveRequests("16")).toBe(16)
    expect(() => maxActiveRequests("0")).toThrow('LF_MAX_ACTIVE_REQUESTS must be a positive whole number, got "0".')
    expect(() => maxActiveRequests("many")).toThrow(/LF_MAX_ACTIVE_REQUESTS/)
  })
})

describe("the API with one request at a time", () => {
  const folder = mkdtempSync(join(tmpdir(), "lf-admission-"))
  let leadFactory: LeadFactory
  let server: Server
  let url: string

  beforeAll(async () => {
    leadFactory = createLeadFactory({
      database: `sqlite:${join(folder, "admission.db")}`,
      config: { secretKey: TEST_SECRET, bcryptCost: 4 },
      maxActiveRequests: 1
    })
    await leadFactory.ready
    server = await new Promise<Server>((resolve) => {
      const listening = makeApp(leadFactory, join(folder, "no-dashboard")).listen(0, "127.0.0.1", () => resolve(listening))
    })
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
  })
  afterAll(async () => {
    server.closeAllConnections()
    await new Promise<void>((resolve) => server.close(() => resolve()))
    await leadFactory.close()
    rmSync(folder, { recursive: true, force: true })
  })

  it("answers other requests while a request whose body never ends stays open", async () => {
    // A login that announces 100 bytes of body and sends 10: the API waits for the rest.
    const { port } = server.address() as AddressInfo
    const stuck = connect(port, "127.0.0.1")
    await new Promise<void>((resolve) => stuck.once("connect", () => resolve()))
    stuck.write("POST /api/users/login HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{\"email\":")
    await sleep(20)
    try {
      const started = performance.now()
      const answers = await Promise.all([call(url, "/api/verticals"), call(url, "/api/verticals")])
      expect(answers.map((answer) => answer.status)).toEqual([200, 200])
      expect(performance.now() - started).toBeLessThan(5_000)
    } finally {
      stuck.destroy()
    }
  })
})
