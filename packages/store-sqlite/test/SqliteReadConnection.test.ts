/**
 * The read connection of a SQLite file (src/SqliteReadConnection.ts): it reads what the client has
 * committed, a transaction still reads its own writes, another fiber does not see them before the
 * commit, and it neither writes nor hides a failure.
 */
import { SqlClient } from "@effect/sql/SqlClient"
import { ReadConnection } from "@leadfactory/store-sql"
import * as StoreSqlite from "@leadfactory/store-sqlite"
import { Deferred, Effect, Fiber, ManagedRuntime } from "effect"
import { mkdtempSync, rmSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { afterAll, describe, expect, it } from "vitest"

const folder = mkdtempSync(join(tmpdir(), "lf-read-connection-"))
afterAll(() => rmSync(folder, { recursive: true, force: true }))

describe("the read connection of a SQLite file", () => {
  const runtime = ManagedRuntime.make(StoreSqlite.clientLayer({ filename: join(folder, "reads.db") }))
  afterAll(() => runtime.dispose())
  const run = <A, E>(effect: Effect.Effect<A, E, SqlClient | ReadConnection>) => runtime.runPromise(effect)

  /** The notes as the read connection sees them, in the fiber's own context. */
  const readNotes = Effect.flatMap(Effect.all([SqlClient, ReadConnection]), ([sql, reads]) =>
    Effect.map(reads.values(sql`SELECT value FROM notes ORDER BY rowid`), (rows) => rows.map((row) => row[0])))

  it("reads at once what the client has committed, as values or as rows", async () => {
    await run(Effect.flatMap(SqlClient, (sql) => sql`CREATE TABLE notes (value TEXT NOT NULL)`))
    await run(Effect.flatMap(SqlClient, (sql) => sql`INSERT INTO notes (value) VALUES ('first')`))
    expect(await run(readNotes)).toEqual(["first"])
    const rows = await run(Effect.flatMap(Effect.all([SqlClient, ReadConnection]), ([sql, reads]) =>
      reads.rows(sql<{ readonly value: string; readonly length: number }>`SELECT value, length(value) AS length FROM notes`)))
    expect(rows).toEqual([{ value: "first", length: 5 }])
  })

  it("lets a transaction read its own writes, and no other fiber before the commit", async () => {
    const { inside, outside } = await run(
      Effect.gen(function*() {
        const sql = yield* SqlClient
        const written = yield* Deferred.make<void>()
        const readDone = yield* Deferred.make<void>()
        const transaction = yield* Effect.fork(sql.withTransaction(
          Effect.gen(function*() {
            yield* sql`INSERT INTO notes (value) VALUES ('uncommitted')`
            const inside = yield* readNotes
            yield* Deferred.succeed(written, undefined)
            // Holds the transaction open while the other fiber reads.
            yield* Deferred.await(readDone)
            return inside
          })
        ))
        yield* Deferred.await(written)
        const outside = yield* readNotes
        yield* Deferred.succeed(readDone, undefined)
        return { inside: yield* Fiber.join(transaction), outside }
      })
    )
    expect(inside).toEqual(["first", "uncommitted"])
    expect(outside).toEqual(["first"])
    expect(await run(readNotes)).toEqual(["first", "uncommitted"])
  })

  it("fails with the database's error for a statement it cannot run, and refuses to write", async () => {
    const missingTable = await run(Effect.flatMap(Effect.all([SqlClient, ReadConnection]), ([sql, reads]) =>
      Effect.flip(reads.values(sql`SELECT value FROM no_such_table`))))
    expect(missingTable._tag).toBe("SqlError")
    expect(String(missingTable.cause)).toContain("no such table: no_such_table")

    const write = await run(Effect.flatMap(Effect.all([SqlClient, ReadConnection]), ([sql, reads]) =>
      Effect.flip(reads.rows(sql`DELETE FROM notes RETURNING value`))))
    expect(write._tag).toBe("SqlError")
    expect(String(write.cause)).toContain("readonly")
    expect(await run(readNotes)).toEqual(["first", "uncommitted"])
  })
})
