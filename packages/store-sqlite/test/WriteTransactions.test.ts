/**
 * A transaction that reads before it writes, while another process writes to the same file: it
 * must wait for that process, not fail with "database is locked" (see src/WriteTransactions.ts).
 */
import { SqlClient } from "@effect/sql/SqlClient"
import * as StoreSqlite from "@leadfactory/store-sqlite"
import { Effect, ManagedRuntime } from "effect"
import { spawn } from "node:child_process"
import { mkdtempSync, rmSync } from "node:fs"
import { createRequire } from "node:module"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { afterAll, describe, expect, it } from "vitest"

const folder = mkdtempSync(join(tmpdir(), "lf-write-lock-"))
afterAll(() => rmSync(folder, { recursive: true, force: true }))
const filename = join(folder, "shared.db")
const betterSqlite3 = createRequire(import.meta.url).resolve("better-sqlite3")

/** Another process that inserts `value` into `notes` (waiting up to 5 s for the lock), then exits 0. */
const otherProcessWrites = (value: string) => {
  const child = spawn(process.execPath, [
    "-e",
    `const db = new (require(${JSON.stringify(betterSqlite3)}))(${JSON.stringify(filename)}, { timeout: 5000 })
     db.prepare("INSERT INTO notes (value) VALUES (?)").run(${JSON.stringify(value)})`
  ], { stdio: ["ignore", "ignore", "pipe"] })
  let stderr = ""
  child.stderr.on("data", (chunk) => (stderr += chunk))
  return new Promise<{ readonly code: number | null; readonly stderr: string }>((resolve) =>
    child.once("close", (code) => resolve({ code, stderr }))
  )
}

describe("SQLite transactions shared with another process", () => {
  const runtime = ManagedRuntime.make(StoreSqlite.clientLayer({ filename }))
  afterAll(() => runtime.dispose())

  it("wait for the other process's write instead of failing when they read first", async () => {
    await runtime.runPromise(Effect.flatMap(SqlClient, (sql) => sql`CREATE TABLE notes (value TEXT NOT NULL)`))
    let other: Promise<{ readonly code: number | null; readonly stderr: string }> | undefined
    const written = await runtime.runPromise(
      Effect.flatMap(SqlClient, (sql) =>
        sql.withTransaction(
          Effect.gen(function*() {
            const before = yield* sql<{ readonly count: number }>`SELECT count(*) AS count FROM notes`
            // The other process writes now; with a deferred BEGIN its commit lands between our read and
            // our write, and our write fails at once.
            other = otherProcessWrites("theirs")
            yield* Effect.sleep("400 millis")
            yield* sql`INSERT INTO notes (value) VALUES (${`ours after ${before[0]!.count}`})`
            return before[0]!.count
          })
        )
      )
    )
    expect(written).toBe(0)
    expect(await other).toEqual({ code: 0, stderr: "" })
    const notes = await runtime.runPromise(Effect.flatMap(SqlClient, (sql) => sql<{ readonly value: string }>`SELECT value FROM notes ORDER BY rowid`))
    expect(notes.map((note) => note.value)).toEqual(["ours after 0", "theirs"])
  })
})

describe("SQLite write transactions and the event loop", () => {
  const runtime = ManagedRuntime.make(StoreSqlite.clientLayer({ filename: ":memory:" }))
  afterAll(() => runtime.dispose())

  it("give the event loop a turn before they begin, so that what it has waiting goes first", async () => {
    await runtime.runPromise(SqlClient)
    const order: Array<string> = []
    setImmediate(() => order.push("waiting on the event loop"))
    await runtime.runPromise(
      Effect.flatMap(SqlClient, (sql) => sql.withTransaction(Effect.sync(() => order.push("the transaction"))))
    )
    expect(order).toEqual(["waiting on the event loop", "the transaction"])
  })

  it("give it none inside a transaction, which holds the write lock that another connection would wait for", async () => {
    const order: Array<string> = []
    await runtime.runPromise(
      Effect.flatMap(SqlClient, (sql) =>
        sql.withTransaction(
          Effect.zipRight(
            Effect.sync(() => setImmediate(() => order.push("waiting on the event loop"))),
            sql.withTransaction(Effect.sync(() => order.push("the inner transaction")))
          )
        ))
    )
    await new Promise((resolve) => setImmediate(resolve))
    expect(order).toEqual(["the inner transaction", "waiting on the event loop"])
  })
})
