import { SqlClient } from "@effect/sql/SqlClient"
import { describe, expect, it } from "@effect/vitest"
import { UserId, UserStore } from "@leadfactory/core"
import * as StorePg from "@leadfactory/store-pg"
import { testDatabaseUrl, testLayer } from "@leadfactory/store-pg/testing"
import { Context, Effect, Either, Layer } from "effect"
import { randomUUID } from "node:crypto"
import pg from "pg"

const newUser = (email: string) =>
  Effect.flatMap(UserStore, (users) =>
    users.insert({
      id: UserId.make(randomUUID()),
      email,
      password_hash: "x",
      name: "Harness",
      company: null,
      credits: 1,
      created_at: new Date()
    }))

describe("test databases (LF_TEST_PG_URL, else PGlite)", () => {
  it.scopedLive("concurrent queries and transactions on a pool of 10 connections each get their own answer", () =>
    Effect.gen(function*() {
      const url = yield* testDatabaseUrl
      const client = yield* Layer.build(StorePg.clientLayer({ url, maxConnections: 10 }))
      const sql = Context.get(client, SqlClient)
      // A query is Parse, Bind, Execute, Sync of an unnamed statement; BEGIN and COMMIT are simple
      // queries, which drop it. On one backend, another socket's messages must not come in between.
      const select = (i: number) =>
        Effect.map(
          sql<{ text: number; bound: number }>`SELECT ${sql.literal(String(i))}::int AS text, ${i}::int AS bound`,
          ([row]) => [row?.text, row?.bound]
        )
      const answers = yield* Effect.all(
        Array.from({ length: 60 }, (_, i) => (i % 2 === 0 ? select(i) : sql.withTransaction(select(i)))),
        { concurrency: "unbounded" }
      )
      expect(answers).toEqual(Array.from({ length: 60 }, (_, i) => [i, i]))
    }))

  it.scopedLive("20 concurrent sign-ups of one email: one account, the others EmailTaken", () =>
    Effect.gen(function*() {
      const email = `race-${randomUUID().slice(0, 8)}@example.com`
      const results = yield* Effect.all(Array.from({ length: 20 }, () => Effect.either(newUser(email))), {
        concurrency: "unbounded"
      }).pipe(Effect.provide(testLayer))
      expect(results.filter(Either.isRight)).toHaveLength(1)
      expect(new Set(results.filter(Either.isLeft).map((result) => result.left._tag))).toEqual(new Set(["EmailTaken"]))
    }))

  it.live("a database acquired after the last one was released starts empty", () =>
    Effect.gen(function*() {
      const email = `again-${randomUUID().slice(0, 8)}@example.com`
      const first = yield* Effect.scoped(Effect.gen(function*() {
        const url = yield* testDatabaseUrl
        yield* Effect.provide(newUser(email), StorePg.layer({ url }))
        return url
      }))
      // The same email signs up again: nothing of the first database is left.
      yield* Effect.provide(newUser(email), testLayer)
      // On a real server the released database is gone, not just emptied.
      const serverUrl = process.env.LF_TEST_PG_URL
      if (serverUrl !== undefined && serverUrl !== "") {
        const name = new URL(first).pathname.slice(1)
        const client = new pg.Client({ connectionString: serverUrl })
        yield* Effect.promise(() => client.connect())
        const { rows } = yield* Effect.promise(() => client.query("SELECT 1 FROM pg_database WHERE datname = $1", [name]))
        yield* Effect.promise(() => client.end())
        expect(rows).toEqual([])
      }
    }))
})
