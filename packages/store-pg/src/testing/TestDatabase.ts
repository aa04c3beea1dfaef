/**
 * PostgreSQL databases for tests.
 *
 * - With `LF_TEST_PG_URL` set (e.g. postgres://postgres@127.0.0.1:5432/postgres), every acquisition
 *   creates a fresh, uniquely named database on that server and drops it on release.
 * - Otherwise the test process starts one in-process PGlite (a WASM PostgreSQL, a few seconds to
 *   start) behind a local socket. Acquisitions that overlap share its database; an acquisition made
 *   while no other is live gets an empty database (the schema is dropped and made anew). The
 *   instance stops shortly after its last release, so one test file keeps one instance when its
 *   acquisitions follow each other (vitest runs each test file in a process of its own). Its one
 *   backend serves the connections one query (or transaction) at a time, see PgliteBatchQueue.
 *
 * Use one of:
 * - `testLayer`: the stores over a test database, e.g. `layer(testLayer)("…", (it) => …)`.
 * - `testDatabaseUrl`: the URL, scoped to the enclosing Scope (for an app under test).
 * - `await makeTestDatabaseUrl()` at the top level of a test file: the URL, released by an afterAll
 *   hook. Called inside a hook or a test, that afterAll never runs (vitest registers hooks only while
 *   it collects the file); a database on LF_TEST_PG_URL's server is then dropped by a later
 *   acquisition, once this process has ended.
 */
import { PGlite } from "@electric-sql/pglite"
import { PGLiteSocketServer } from "@electric-sql/pglite-socket"
import type { Stores, StoreUnavailable } from "@leadfactory/core"
import { Effect, Exit, Layer, Scope } from "effect"
import { createHash, randomUUID } from "node:crypto"
import { hostname } from "node:os"
import pg from "pg"
import { afterAll } from "vitest"
import { DEFAULT_MAX_CONNECTIONS, layer } from "../PgStore.js"
import { PgliteBatchQueue } from "./PgliteBatchQueue.js"

/** Socket connections PGlite accepts: several pools of the default size at once. */
const PGLITE_MAX_CONNECTIONS = 10 * DEFAULT_MAX_CONNECTIONS
/** How long an unused PGlite waits for the next acquisition before it stops. */
const PGLITE_IDLE_MS = 1_000

interface TestDatabase {
  readonly url: string
  readonly release: () => Promise<void>
}

const withAdminClient = async <A>(serverUrl: string, f: (client: pg.Client) => Promise<A>): Promise<A> => {
  const client = new pg.Client({ connectionString: serverUrl })
  await client.connect()
  try {
    return await f(client)
  } finally {
    await client.end()
  }
}

/**
 * Test databases are named lf_test_<host>_<pid>_<random>: a database whose process on this host has
 * ended without dropping it (killed, or released by a hook that never ran) is dropped by the next
 * acquisition.
 */
const ownPrefix = `lf_test_${createHash("sha256").update(hostname()).digest("hex").slice(0, 8)}_`

const isRunning = (pid: number): boolean => {
  try {
    process.kill(pid, 0)
    return true
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM"
  }
}

const dropLeftovers = async (client: pg.Client) => {
  const { rows } = await client.query<{ datname: string }>("SELECT datname FROM pg_database")
  for (const { datname } of rows) {
    if (!datname.startsWith(ownPrefix)) continue
    const pid = Number(datname.slice(ownPrefix.length).split("_")[0])
    if (Number.isInteger(pid) && !isRunning(pid)) {
      // Best effort: another test process may be dropping the same leftover right now.
      await client.query(`DROP DATABASE IF EXISTS ${datname} WITH (FORCE)`).catch(() => undefined)
    }
  }
}

/** A fresh database on the server at `serverUrl`, dropped (connections and all) on release. */
const createServerDatabase = async (serverUrl: string): Promise<TestDatabase> => {
  const name = `${ownPrefix}${process.pid}_${randomUUID().slice(0, 8)}`
  await withAdminClient(serverUrl, async (client) => {
    await dropLeftovers(client)
    await client.query(`CREATE DATABASE ${name}`)
  })
  const url = new URL(serverUrl)
  url.pathname = `/${name}`
  return {
    url: url.toString(),
    release: () =>
      withAdminClient(serverUrl, (client) => client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`)).then(
        () => undefined
      )
  }
}

interface RunningPglite {
  readonly url: string
  readonly db: PGlite
  readonly server: PGLiteSocketServer
}

/** The process's PGlite, how many acquisitions hold it, and the timer that stops it when idle. */
let pglite: { readonly running: Promise<RunningPglite>; holders: number; stopTimer?: NodeJS.Timeout | undefined } | undefined

const startPglite = async (): Promise<RunningPglite> => {
  const db = await PGlite.create()
  const server = new PGLiteSocketServer({ db, host: "127.0.0.1", port: 0, maxConnections: PGLITE_MAX_CONNECTIONS })
  // The server's own queue lets concurrent connections' queries interleave (see PgliteBatchQueue).
  // It is a private field of pglite-socket 0.2.17, the exact version this package pins.
  Object.assign(server, { queryQueue: new PgliteBatchQueue(db) })
  await server.start()
  return { url: `postgres://postgres@${server.getServerConn()}/postgres`, db, server }
}

const stopPglite = async (running: RunningPglite) => {
  await running.server.stop()
  await running.db.close()
}

const acquirePglite = async (): Promise<TestDatabase> => {
  const reused = pglite !== undefined
  pglite ??= { running: startPglite(), holders: 0 }
  const current = pglite
  clearTimeout(current.stopTimer)
  current.holders += 1
  const running = await current.running.catch((error: unknown) => {
    // A PGlite that failed to start is forgotten, so that the next acquisition tries again.
    current.holders -= 1
    if (pglite === current) pglite = undefined
    throw error
  })
  // Nobody else holds the database: hand it out empty, as a fresh server database would be.
  if (reused && current.holders === 1) {
    await running.db.exec("DROP SCHEMA public CASCADE; CREATE SCHEMA public;")
  }
  return {
    url: running.url,
    release: async () => {
      current.holders -= 1
      if (current.holders > 0) return
      current.stopTimer = setTimeout(() => {
        if (current.holders > 0 || pglite !== current) return
        pglite = undefined
        void stopPglite(running)
      }, PGLITE_IDLE_MS)
      // An idle instance must not keep the test process alive.
      current.stopTimer.unref()
    }
  }
}

const acquire = (): Promise<TestDatabase> => {
  const serverUrl = process.env.LF_TEST_PG_URL
  return serverUrl !== undefined && serverUrl !== "" ? createServerDatabase(serverUrl) : acquirePglite()
}

/** The URL of a test database that lives as long as the enclosing Scope. */
export const testDatabaseUrl: Effect.Effect<string, never, Scope.Scope> = Effect.acquireRelease(
  Effect.promise(acquire),
  (database) => Effect.promise(database.release)
).pipe(Effect.map((database) => database.url))

/** Every store over a test database of its own, migrated. */
export const testLayer: Layer.Layer<Stores, StoreUnavailable> = Layer.unwrapScoped(
  Effect.map(testDatabaseUrl, (url) => layer({ url }))
)

/**
 * The URL of a test database that lives until the calling test file (or describe block) ends. Call
 * it while vitest collects the file, e.g. `const url = await makeTestDatabaseUrl()` at the top level.
 */
export const makeTestDatabaseUrl = (): Promise<string> => {
  const scope = Effect.runSync(Scope.make())
  afterAll(() => Effect.runPromise(Scope.close(scope, Exit.void)))
  return Effect.runPromise(Scope.extend(testDatabaseUrl, scope))
}
