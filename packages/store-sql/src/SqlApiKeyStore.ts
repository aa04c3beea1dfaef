/** ApiKeyStore over SqlClient: keys are found by the SHA-256 of the raw key, never by the key itself. */
import { SqlClient } from "@effect/sql/SqlClient"
import { ApiKeyId, ApiKeyStore, NotFound, toApiKey, UserId, type ApiKeyRecord } from "@leadfactory/core"
import { Effect, Layer, Schema } from "effect"
import { DbBoolean, DbDate, dbDate, makeEncoders } from "./internal/dbValues.js"
import { orDieOnDatabaseFailure } from "./internal/failures.js"

const ApiKeyRow = Schema.Struct({
  id: ApiKeyId,
  user_id: UserId,
  key_hash: Schema.String,
  name: Schema.String,
  start: Schema.String,
  is_active: DbBoolean,
  created_at: DbDate,
  last_used: Schema.NullOr(DbDate)
})

const decodeRecord = Schema.decodeUnknown(ApiKeyRow)
const decodeKeys = (rows: ReadonlyArray<unknown>) =>
  Effect.map(Schema.decodeUnknown(Schema.Array(ApiKeyRow))(rows), (records) => records.map(toApiKey))

export const make = Effect.gen(function*() {
  const sql = yield* SqlClient
  const encode = makeEncoders(sql)

  return ApiKeyStore.of({
    insert: (key: ApiKeyRecord) =>
      sql`INSERT INTO api_keys ${sql.insert({
        id: key.id,
        user_id: key.user_id,
        key_hash: key.key_hash,
        name: key.name,
        start: key.start,
        is_active: encode.boolean(key.is_active),
        created_at: dbDate(key.created_at),
        last_used: key.last_used === null ? null : dbDate(key.last_used)
      })}`.pipe(Effect.asVoid, orDieOnDatabaseFailure),

    findActiveByHash: (keyHash) =>
      sql`SELECT * FROM api_keys WHERE key_hash = ${keyHash} AND is_active = TRUE`.pipe(
        Effect.flatMap((rows) => (rows[0] === undefined ? Effect.succeedNone : Effect.asSome(decodeRecord(rows[0])))),
        orDieOnDatabaseFailure
      ),

    listByUser: (userId) =>
      sql`SELECT * FROM api_keys WHERE user_id = ${userId} ORDER BY created_at DESC, id DESC`.pipe(
        Effect.flatMap(decodeKeys),
        orDieOnDatabaseFailure
      ),

    deactivate: (id, userId) =>
      sql`UPDATE api_keys SET is_active = FALSE WHERE id = ${id} AND user_id = ${userId} RETURNING id`.pipe(
        Effect.flatMap((rows) => (rows.length === 0 ? Effect.fail(NotFound.of("API key")) : Effect.void)),
        orDieOnDatabaseFailure
      ),

    touchLastUsed: (id, at) =>
      sql`UPDATE api_keys SET last_used = ${dbDate(at)} WHERE id = ${id}`.pipe(Effect.asVoid, orDieOnDatabaseFailure)
  })
})

export const layer = Layer.effect(ApiKeyStore, make)
