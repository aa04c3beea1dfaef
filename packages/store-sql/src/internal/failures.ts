/**
 * The stores' error policy: a unique violation that a port names becomes its domain error; every
 * other database failure, and a row that does not decode, is a defect.
 */
import { SqlError } from "@effect/sql/SqlError"
import { Effect, ParseResult } from "effect"

/** True when `error` is a unique violation of the constraint or index named `name`. */
export const isUniqueViolation = (error: unknown, name: string): boolean => {
  if (!(error instanceof SqlError) || typeof error.cause !== "object" || error.cause === null) return false
  const cause = error.cause as { readonly code?: unknown; readonly constraint?: unknown; readonly message?: unknown }
  // pg and PGlite: SQLSTATE 23505 with the constraint name.
  if (cause.code === "23505") return cause.constraint === name
  // better-sqlite3: "UNIQUE constraint failed: index 'name'" (or "table.column" for inline ones).
  return (
    (cause.code === "SQLITE_CONSTRAINT_UNIQUE" || cause.code === "SQLITE_CONSTRAINT_PRIMARYKEY") &&
    typeof cause.message === "string" &&
    cause.message.includes(name)
  )
}

const isDatabaseFailure = <E>(error: E): error is Extract<E, SqlError | ParseResult.ParseError> =>
  error instanceof SqlError || ParseResult.isParseError(error)

/** Turns SqlError and ParseError into defects, keeping the domain errors typed. */
export const orDieOnDatabaseFailure = <A, E, R>(self: Effect.Effect<A, E, R>) =>
  Effect.catchIf(self, isDatabaseFailure<E>, (error) => Effect.die(error))
