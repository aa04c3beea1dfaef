/** Transactor over SqlClient: the client's own transactions, so nested calls become savepoints. */
import { SqlClient } from "@effect/sql/SqlClient"
import { SqlError } from "@effect/sql/SqlError"
import { Transactor } from "@leadfactory/core"
import { Effect, Layer } from "effect"
import { orDieOnDatabaseFailure } from "./internal/failures.js"

export const make = Effect.gen(function* () {
  const sql = yield* SqlClient

  return Transactor.of({
    // Only BEGIN/COMMIT can add a SqlError here: the stores inside already turned theirs into defects.
    withTransaction: <A, E, R>(self: Effect.Effect<A, E, R>): Effect.Effect<A, E, R> =>
      Effect.catchIf(
        sql.withTransaction(self),
        (error): error is SqlError => error instanceof SqlError,
        (error) => Effect.die(error)
      ) as Effect.Effect<A, E, R>,
    ping: sql`SELECT 1`.pipe(Effect.asVoid, orDieOnDatabaseFailure)
  })
})

export const layer = Layer.effect(Transactor, make)
