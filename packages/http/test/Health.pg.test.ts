/** 503 when the database is unreachable: the server reaches PostgreSQL through a proxy the test cuts. */
import { makeTestDatabaseUrl } from "@leadfactory/store-pg/testing"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { call, register } from "./support/Http.js"
import { startTcpProxy, type TcpProxy } from "./support/TcpProxy.js"
import { startTestServer, type TestServer } from "./support/TestServer.js"

// At the top level, so that vitest runs the harness's cleanup (dropping the database) after the file.
const databaseUrl = await makeTestDatabaseUrl()

describe("a database that goes away", () => {
  let proxy: TcpProxy
  let server: TestServer

  beforeAll(async () => {
    proxy = await startTcpProxy(databaseUrl)
    server = await startTestServer(proxy.url)
  })
  afterAll(async () => {
    await server?.stop()
    await proxy?.close()
  })

  it("answers 503 on health and on API calls, logs the cause, and recovers when it is back", async () => {
    const user = await register(server.url)
    expect((await call(server.url, "/api/health")).status).toBe(200)

    await proxy.cut()
    const health = await call(server.url, "/api/health")
    expect(health.status).toBe(503)
    expect(health.body).toEqual({ detail: expect.any(String), code: "DatabaseUnavailable" })
    const me = await call(server.url, "/api/users/me", { token: user.token })
    expect(me.status).toBe(503)
    expect(me.body.code).toBe("DatabaseUnavailable")
    expect(me.text).not.toMatch(/ECONN|SqlError|postgres|stack/i)
    const logged = server.logs.filter((line) => line.includes("\"ERROR\"") || line.includes("\"WARN\""))
    expect(logged.some((line) => line.includes("DatabaseUnavailable") || line.includes("unreachable"))).toBe(true)

    await proxy.restore()
    let status = 0
    for (let attempt = 0; attempt < 20 && status !== 200; attempt++) {
      status = (await call(server.url, "/api/health")).status
      if (status !== 200) await new Promise((resolve) => setTimeout(resolve, 250))
    }
    expect(status).toBe(200)
    expect((await call(server.url, "/api/users/me", { token: user.token })).status).toBe(200)
  })
})
