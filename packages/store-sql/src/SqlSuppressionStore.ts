/** SuppressionStore over SqlClient: a set of lower-cased addresses, one row each. */
import { SqlClient } from "@effect/sql/SqlClient"
import { SuppressionStore } from "@leadfactory/core"
import { Array as Arr, Clock, Effect, Layer, Schema } from "effect"
import { dbDate } from "./internal/dbValues.js"
import { orDieOnDatabaseFailure } from "./internal/failures.js"
import { pgTextArray } from "./internal/pgArrayLiteral.js"

/** Addresses per `IN (…)` lookup on SQLite, far below its parameter limit. */
const LOOKUP_CHUNK = 1000

const decodeEmails = Schema.decodeUnknown(Schema.Array(Schema.Struct({ email: Schema.String })))

export const make = Effect.gen(function*() {
  const sql = yield* SqlClient
  const isPg = sql.onDialectOrElse({ pg: () => true, orElse: () => false })
  // PostgreSQL takes the addresses as one array: an `IN` of 1,000 parameters cost 18 ms to plan,
  // 1.8 s of a 100,000-row import.
  const inList = (chunk: ReadonlyArray<string>) =>
    isPg ? sql`email = ANY(${pgTextArray(chunk)}::text[])` : sql`email IN ${sql.in(chunk)}`

  return SuppressionStore.of({
    add: (email) =>
      Clock.currentTimeMillis.pipe(
        Effect.flatMap(
          (now) =>
            sql`INSERT INTO suppressions ${sql.insert({ email, created_at: dbDate(new Date(now)) })}
                ON CONFLICT (email) DO NOTHING`
        ),
        Effect.asVoid,
        orDieOnDatabaseFailure
      ),

    filterSuppressed: (emails) =>
      Effect.forEach(
        isPg ? [[...new Set(emails)]] : Arr.chunksOf([...new Set(emails)], LOOKUP_CHUNK),
        (chunk) => sql`SELECT email FROM suppressions WHERE ${inList(chunk)}`.pipe(Effect.flatMap(decodeEmails))
      ).pipe(
        Effect.map((chunks): ReadonlySet<string> => new Set(chunks.flat().map((row) => row.email))),
        orDieOnDatabaseFailure
      )
  })
})

export const layer = Layer.effect(SuppressionStore, make)
