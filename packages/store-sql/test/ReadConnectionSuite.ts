/**
 * The ReadConnection of a client layer (src/ReadConnection.ts): it reads what the client has
 * committed, as values or as rows; a transaction still reads its own writes; another fiber does not
 * see them before the commit; a statement it cannot run fails with the database's SqlError. Each
 * dialect package runs it from a few lines: `readConnectionSuite(name, () => clientLayer)`.
 */
import { SqlClient } from "@effect/sql/SqlClient"
import { Deferred, Effect, Fiber, type Layer, ManagedRuntime } from "effect"
import { afterAll, describe, expect, it } from "vitest"
import { ReadConnection } from "../src/ReadConnection.js"

export interface ReadConnectionSuiteOptions {
  /**
   * Whether a read of another fiber runs on another connection than an open transaction's. Not on
   * PGlite, whose connections share its one session.
   */
  readonly separateConnections: boolean
}

export const readConnectionSuite = (
  name: string,
  makeClient: () => Layer.Layer<SqlClient | ReadConnection, unknown>,
  { separateConnections }: ReadConnectionSuiteOptions
) =>
  describe(`read connection: ${name}`, () => {
    const runtime = ManagedRuntime.make(makeClient())
    afterAll(() => runtime.dispose())
    const run = <A, E>(effect: Effect.Effect<A, E, SqlClient | ReadConnection>) => runtime.runPromise(effect)
    const withBoth = <A, E>(f: (sql: SqlClient, reads: ReadConnection) => Effect.Effect<A, E, SqlClient | ReadConnection>) =>
      Effect.flatMap(Effect.all([SqlClient, ReadConnection]), ([sql, reads]) => f(sql, reads))

    /** The notes as the read connection sees them, in the fiber's own context. */
    const readNotes = withBoth((sql, reads) =>
      Effect.map(reads.values(sql`SELECT value FROM read_notes ORDER BY position`), (rows) => rows.map((row) => row[0])))

    it("reads at once what the client has committed, as values or as rows", async () => {
      await run(Effect.flatMap(SqlClient, (sql) => sql`CREATE TABLE read_notes (position INTEGER NOT NULL, value TEXT NOT NULL)`))
      await run(Effect.flatMap(SqlClient, (sql) => sql`INSERT INTO read_notes (position, value) VALUES (1, 'first')`))
      expect(await run(readNotes)).toEqual(["first"])
      const rows = await run(withBoth((sql, reads) =>
        reads.rows(sql<{ readonly value: string; readonly size: number }>`SELECT value, length(value) AS size FROM read_notes`)))
      expect(rows).toEqual([{ value: "first", size: 5 }])
    })

    it("lets a transaction read its own writes" + (separateConnections ? ", and no other fiber before the commit" : ""), async () => {
      const { inside, outside } = await run(
        Effect.gen(function*() {
          const sql = yield* SqlClient
          const written = yield* Deferred.make<void>()
          const readDone = yield* Deferred.make<void>()
          const transaction = yield* Effect.fork(sql.withTransaction(
            Effect.gen(function*() {
              yield* sql`INSERT INTO read_notes (position, value) VALUES (2, 'uncommitted')`
              const inside = yield* readNotes
              yield* Deferred.succeed(written, undefined)
              // Holds the transaction open while the other fiber reads.
              yield* Deferred.await(readDone)
              return inside
            })
          ))
          yield* Deferred.await(written)
          const outside = separateConnections ? yield* readNotes : undefined
          yield* Deferred.succeed(readDone, undefined)
          return { inside: yield* Fiber.join(transaction), outside }
        })
      )
      expect(inside).toEqual(["first", "uncommitted"])
      if (separateConnections) expect(outside).toEqual(["first"])
      expect(await run(readNotes)).toEqual(["first", "uncommitted"])
    })

    it("fails with the database's SqlError for a statement it cannot run", async () => {
      const failure = await run(withBoth((sql, reads) => Effect.flip(reads.values(sql`SELECT value FROM no_such_table`))))
      expect(failure._tag).toBe("SqlError")
      expect(String(failure.cause)).toMatch(/no_such_table/)
    })
  })
