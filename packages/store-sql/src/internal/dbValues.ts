/**
 * How values cross the database boundary, for the few types that SQLite and PostgreSQL store
 * differently: booleans (0/1 vs boolean), times (ISO-8601 TEXT vs timestamptz), JSON (TEXT vs
 * jsonb) and counts (numbers vs int8 strings from pg).
 */
import type { SqlClient } from "@effect/sql/SqlClient"
import { Schema } from "effect"

/** A boolean column, read as 0/1 from SQLite and true/false from PostgreSQL. */
export const DbBoolean = Schema.transform(Schema.Union(Schema.Boolean, Schema.Literal(0, 1)), Schema.Boolean, {
  strict: true,
  decode: (value) => value === true || value === 1,
  encode: (value) => value
})

/** A time column: an ISO-8601 string from SQLite, a Date from PostgreSQL. */
export const DbDate = Schema.Union(Schema.DateFromSelf, Schema.Date)

/** A number that pg may return as a string (COUNT, SUM and AVG over integers give int8/numeric). */
export const DbNumber = Schema.Union(Schema.Number, Schema.NumberFromString)

/** A JSON column: text from SQLite, already parsed by pg from jsonb. */
export const DbJson = <A, I>(schema: Schema.Schema<A, I>) => Schema.Union(schema, Schema.parseJson(schema))

/**
 * Times are written as ISO-8601 strings in UTC on both databases: SQLite stores the text as it is
 * (so that text order is time order), PostgreSQL parses it into timestamptz.
 */
export const dbDate = (date: Date): string => date.toISOString()

export const dbDateOrNull = (date: Date | null): string | null => (date === null ? null : date.toISOString())

/** Parameter encoders that depend on the dialect of the client. */
export interface DbEncoders {
  /** better-sqlite3 cannot bind JavaScript booleans; SQLite's booleans are the integers 0 and 1. */
  readonly boolean: (value: boolean) => boolean | number
}

export const makeEncoders = (sql: SqlClient): DbEncoders =>
  sql.onDialectOrElse({
    sqlite: () => ({ boolean: (value: boolean) => (value ? 1 : 0) }),
    orElse: () => ({ boolean: (value: boolean) => value })
  })
