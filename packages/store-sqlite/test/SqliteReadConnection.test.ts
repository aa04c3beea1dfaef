/**
 * The read connection of a SQLite file (src/SqliteReadConnection.ts): the shared suite, and that it
 * refuses to write.
 */
import { SqlClient } from "@effect/sql/SqlClient"
import { ReadConnection } from "@leadfactory/store-sql"
import * as StoreSqlite from "@leadfactory/store-sqlite"
import { Effect, ManagedRuntime } from "effect"
import { mkdtempSync, rmSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { afterAll, describe, expect, it } from "vitest"
import { readConnectionSuite } from "../../store-sql/test/ReadConnectionSuite.js"

const folder = mkdtempSync(join(tmpdir(), "lf-read-connection-"))
afterAll(() => rmSync(folder, { recursive: true, force: true }))

readConnectionSuite("SQLite file", () => StoreSqlite.clientLayer({ filename: join(folder, "suite.db") }), { separateConnections: true })
// In memory, the reads go through the client's one connection.
readConnectionSuite("SQLite in memory", () => StoreSqlite.clientLayer({ filename: ":memory:" }), { separateConnections: false })

describe("the read connection of a SQLite file", () => {
  const runtime = ManagedRuntime.make(StoreSqlite.clientLayer({ filename: join(folder, "writes.db") }))
  afterAll(() => runtime.dispose())

  it("refuses to write", async () => {
    const run = <A, E>(effect: Effect.Effect<A, E, SqlClient | ReadConnection>) => runtime.runPromise(effect)
    await run(Effect.flatMap(SqlClient, (sql) => sql`CREATE TABLE notes (value TEXT NOT NULL)`))
    await run(Effect.flatMap(SqlClient, (sql) => sql`INSERT INTO notes (value) VALUES ('kept')`))
    const write = await run(Effect.flatMap(Effect.all([SqlClient, ReadConnection]), ([sql, reads]) =>
      Effect.flip(reads.rows(sql`DELETE FROM notes RETURNING value`))))
    expect(write._tag).toBe("SqlError")
    expect(String(write.cause)).toContain("readonly")
    const notes = await run(Effect.flatMap(SqlClient, (sql) => sql<{ readonly value: string }>`SELECT value FROM notes`))
    expect(notes).toEqual([{ value: "kept" }])
  })
})
