/** UserStore over SqlClient: accounts, unique by lower-cased email, created with their signup credits. */
import { SqlClient } from "@effect/sql/SqlClient"
import { EmailTaken, Plan, UserId, UserStore, type NewUserRecord } from "@leadfactory/core"
import { Effect, Layer, Schema } from "effect"
import { DbBoolean, DbDate, DbNumber, dbDate, makeEncoders } from "./internal/dbValues.js"
import { isUniqueViolation, orDieOnDatabaseFailure } from "./internal/failures.js"
import { insertLedgerRow } from "./internal/ledger.js"
import { readConnection } from "./ReadConnection.js"

const UserRow = Schema.Struct({
  id: UserId,
  email: Schema.String,
  password_hash: Schema.String,
  name: Schema.String,
  company: Schema.NullOr(Schema.String),
  plan: Plan,
  credits_remaining: DbNumber,
  credits_monthly: DbNumber,
  is_active: DbBoolean,
  is_admin: DbBoolean,
  created_at: DbDate,
  last_login: Schema.NullOr(DbDate)
})

const decodeUser = Schema.decodeUnknown(UserRow)

export const make = Effect.gen(function*() {
  const sql = yield* SqlClient
  // Every authenticated request reads its user.
  const reads = yield* readConnection
  const encode = makeEncoders(sql)

  const findOne = (rows: ReadonlyArray<unknown>) =>
    rows[0] === undefined ? Effect.succeedNone : Effect.asSome(decodeUser(rows[0]))

  const insert = (user: NewUserRecord) =>
    sql
      .withTransaction(
        Effect.gen(function*() {
          const rows = yield* sql`INSERT INTO users ${sql.insert({
            id: user.id,
            email: user.email,
            password_hash: user.password_hash,
            name: user.name,
            company: user.company,
            credits_remaining: user.credits,
            credits_monthly: user.credits,
            is_active: encode.boolean(true),
            is_admin: encode.boolean(false),
            created_at: dbDate(user.created_at)
          })} RETURNING *`
          yield* insertLedgerRow(sql, {
            user_id: user.id,
            campaign_id: null,
            amount: user.credits,
            reason: "signup",
            balance_after: user.credits,
            created_at: user.created_at
          })
          return yield* decodeUser(rows[0])
        })
      )
      .pipe(
        Effect.catchIf(
          (error) => isUniqueViolation(error, "users_email_lower"),
          () => Effect.fail(EmailTaken.of(user.email))
        ),
        orDieOnDatabaseFailure
      )

  return UserStore.of({
    insert,
    findById: (id) => reads.rows(sql`SELECT * FROM users WHERE id = ${id}`).pipe(Effect.flatMap(findOne), orDieOnDatabaseFailure),
    findByEmail: (email) =>
      sql`SELECT * FROM users WHERE lower(email) = ${email.toLowerCase()}`.pipe(
        Effect.flatMap(findOne),
        orDieOnDatabaseFailure
      ),
    touchLastLogin: (id, at) =>
      sql`UPDATE users SET last_login = ${dbDate(at)} WHERE id = ${id}`.pipe(Effect.asVoid, orDieOnDatabaseFailure),
    setActive: (id, active) =>
      sql`UPDATE users SET is_active = ${encode.boolean(active)} WHERE id = ${id}`.pipe(
        Effect.asVoid,
        orDieOnDatabaseFailure
      )
  })
})

export const layer = Layer.effect(UserStore, make)
