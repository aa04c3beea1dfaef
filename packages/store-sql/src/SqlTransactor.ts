/** Transactor over SqlClient: the client's own transactions, so nested calls become savepoints. */
import { SqlClient } from "@effect/sql/SqlClient"
import { SqlError } from "@effect/sql/SqlError"
import { Transactor } from "@leadfactory/core"
import { Effect, Layer } from "effect"
import { orDieOnDatabaseFailure } from "./internal/failures.js"

export const make = Effect.gen(function*() {
  const sql = yield* SqlClient

  return Transactor.of({
    // The stores inside turn their SqlErrors into defects already; BEGIN, COMMIT and ROLLBACK failures
    // are defects too, so the caller's error channel stays as it was.
    withTransaction: <A, E, R>(self: Effect.Effect<A, E, R>): Effect.Effect<A, E, R> =>
      Effect.catchIf(
        sql.withTransaction(self),
        (error): error is SqlError => error instanceof SqlError,
        (error) => Effect.die(error)
      ),
    ping: sql`SELECT 1`.pipe(Effect.asVoid, orDieOnDatabaseFailure),
    // @effect/sql-sqlite-node has one connection; a pg pool serves its connections at once.
    readConcurrency: sql.onDialectOrElse({ sqlite: () => 1, orElse: () => "unbounded" as const }),
    worksApart: sql.onDialectOrElse({ sqlite: () => false, orElse: () => true })
  })
})

export const layer = Layer.effect(Transactor, make)
