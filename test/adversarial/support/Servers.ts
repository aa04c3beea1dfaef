/**
 * The servers under attack. In this process: the reference server of packages/http's tests
 * (startTestServer); as a process of its own: `node … packages/http/src/main.ts` (serverProcess),
 * for SIGKILL, memory and two servers on one database. Plus what the attacks need around them.
 */
import { readFileSync } from "node:fs"
import { waitFor as pollUntil } from "../../../packages/core/test/runs/support.js"
import { type ServerProcess, spawnServer } from "../../../packages/http/test/support/Process.js"
import { TEST_SECRET, type TestServer } from "../../../packages/http/test/support/TestServer.js"

export { call, register } from "../../../packages/http/test/support/Http.js"
export type { Answer } from "../../../packages/http/test/support/Http.js"
export type { ServerProcess } from "../../../packages/http/test/support/Process.js"
export { startTestServer, TEST_SECRET } from "../../../packages/http/test/support/TestServer.js"
export type { TestServer } from "../../../packages/http/test/support/TestServer.js"

/** The settings of a spawned server: the test secret, a fast bcrypt, no auth rate limit, `env` on top. */
export const serverProcess = (databaseUrl: string, env: Record<string, string> = {}): Promise<ServerProcess> =>
  spawnServer({
    DATABASE_URL: databaseUrl,
    LEADFACTORY_SECRET_KEY: TEST_SECRET,
    LF_BCRYPT_COST: "4",
    LF_RATE_LIMIT_AUTH: "off",
    LF_WORKER_POLL_MS: "50",
    ...env
  })

/** Kills a spawned server at once (no cleanup of any kind) and waits until it is gone. */
export const sigkill = async (server: ServerProcess) => {
  if (server.child.exitCode === null && server.child.signalCode === null) server.child.kill("SIGKILL")
  return server.exited
}

/** Stops every server of a list, in-process or spawned, whatever state it is in. */
export const stopAll = async (servers: Array<TestServer | ServerProcess>) => {
  for (const server of servers.splice(0)) {
    if ("child" in server) await sigkill(server)
    else await server.stop()
  }
}

/** Resident memory of a process from /proc: now (VmRSS) and its peak so far (VmHWM), in MB. */
export const memoryOf = (pid: number): { readonly rssMb: number; readonly peakMb: number } => {
  const status = readFileSync(`/proc/${pid}/status`, "utf8")
  const kb = (field: string) => Number(new RegExp(`^${field}:\\s+(\\d+) kB`, "m").exec(status)?.[1] ?? NaN)
  return { rssMb: kb("VmRSS") / 1024, peakMb: kb("VmHWM") / 1024 }
}

/** The run tests' polling (every 50 ms until `check` gives a value), failing after 20 s by default instead of 10. */
export const waitFor = <A>(what: string, check: () => Promise<A | undefined> | A | undefined, timeoutMs = 20_000) =>
  pollUntil(what, check, timeoutMs)
