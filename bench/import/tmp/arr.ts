import { PgClient } from "@effect/sql-pg"
import { Effect, Redacted } from "effect"
const program = Effect.gen(function*() {
  const sql = yield* PgClient.PgClient
  const rows = yield* sql`SELECT x FROM unnest(${["a", "b", null]}::text[], ${[1.5, 2, 3]}::float8[]) AS t(x, y) WHERE x = ANY(${["a", "c"]})`
  console.log(rows, sql`SELECT ${["a"]}::text[]`.compile())
})
Effect.runPromise(program.pipe(Effect.scoped, Effect.provide(PgClient.layer({ url: Redacted.make("postgres://postgres@127.0.0.1:5432/lf_import_s1") }))))
