/** The Accounts service on the user and API-key stores: bcrypt passwords, HS256 access tokens, hashed API keys. */
import { randomBytes, randomUUID } from "node:crypto"
import { DateTime, Effect, Layer, Option, Redacted } from "effect"
import { ApiKeyId, type ApiKeyRecord, CreatedApiKey, toApiKey } from "../ApiKey.js"
import { LeadFactoryConfig } from "../Config.js"
import { AccountDisabled, EmailTaken, InvalidCredentials, NotFound, Unauthorized } from "../Errors.js"
import { issueAccessToken, verifyAccessToken } from "../internal/accessToken.js"
import { API_KEY_PREFIX, apiKeyStart, generateApiKey, hashApiKey, isApiKeyShaped } from "../internal/apiKeyMaterial.js"
import { decodeInput } from "../internal/decodeInput.js"
import { hashPassword, MAX_PASSWORD_BYTES, passwordBytes, verifyPassword } from "../internal/password.js"
import { toUser } from "../internal/projections.js"
import { withServiceSpan } from "../internal/serviceSpan.js"
import { ApiKeyStore } from "../ports/ApiKeyStore.js"
import { UserStore } from "../ports/UserStore.js"
import { LoginRequest, RegisterRequest, Session } from "../Session.js"
import { DEFAULT_CREDITS, UserId, type UserRecord } from "../User.js"
import { Accounts } from "./Accounts.js"
import { makeVerifiedTokens } from "./VerifiedTokens.js"

const DEFAULT_API_KEY_NAME = "Default"

const decodeRegisterRequest = decodeInput(RegisterRequest)
const decodeLoginRequest = decodeInput(LoginRequest)

export const AccountsLive: Layer.Layer<Accounts, never, UserStore | ApiKeyStore | LeadFactoryConfig> = Layer.effect(
  Accounts,
  Effect.gen(function*() {
    const users = yield* UserStore
    const apiKeys = yield* ApiKeyStore
    const config = yield* LeadFactoryConfig
    const secret = new TextEncoder().encode(Redacted.value(config.secretKey))
    // Login compares against this hash when the email is unknown, so that an unknown email takes
    // as long as a wrong password and the timing does not reveal which addresses have accounts.
    const dummyHash = yield* hashPassword(randomBytes(16).toString("hex"), config.bcryptCost)

    const sessionFor = (record: UserRecord, now: Date) =>
      issueAccessToken(record.id, secret, now, config.tokenTtlSeconds).pipe(
        Effect.map((access_token) => new Session({ access_token, token_type: "bearer", user: toUser(record) }))
      )

    const activeUser = (id: UserId) =>
      users.findById(id).pipe(Effect.map(Option.filter((user) => user.is_active)))

    /** The active user a valid API key belongs to; the key's last_used is updated. */
    const userOfApiKey = (key: string, now: Date) =>
      Effect.gen(function*() {
        if (!isApiKeyShaped(key)) return Option.none<UserRecord>()
        const found = yield* apiKeys.findActiveByHash(hashApiKey(key))
        if (Option.isNone(found)) return Option.none<UserRecord>()
        const user = yield* activeUser(found.value.user_id)
        if (Option.isSome(user)) yield* apiKeys.touchLastUsed(found.value.id, now)
        return user
      })

    const verifiedTokens = makeVerifiedTokens()

    /** The user id of a valid token: its signature is checked once, its times on every request. */
    const userIdOfAccessToken = (token: string, now: Date) =>
      Option.match(verifiedTokens.lookup(token, now), {
        onSome: Effect.succeedSome,
        onNone: () =>
          verifyAccessToken(token, secret, now).pipe(
            Effect.tap(Option.match({
              onNone: () => Effect.void,
              onSome: (userId) => Effect.sync(() => verifiedTokens.remember(token, userId))
            }))
          )
      })

    const userOfAccessToken = (token: string, now: Date) =>
      userIdOfAccessToken(token, now).pipe(
        Effect.flatMap(Option.match({ onNone: () => Effect.succeedNone, onSome: activeUser }))
      )

    return Accounts.of({
      register: (request) =>
        Effect.gen(function*() {
          // The Password schema refuses more than 72 bytes; decoding here applies it to every caller.
          const { company, email, name, password } = yield* decodeRegisterRequest(request)
          if (Option.isSome(yield* users.findByEmail(email))) return yield* EmailTaken.of(email)
          const password_hash = yield* hashPassword(password, config.bcryptCost)
          const now = yield* DateTime.nowAsDate
          // A registration racing this one passed the check above too; the store's unique index decides.
          const record = yield* users.insert({
            id: UserId.make(randomUUID()),
            email,
            password_hash,
            name,
            company,
            credits: DEFAULT_CREDITS,
            created_at: now
          })
          return yield* sessionFor(record, now)
        }).pipe(withServiceSpan("Accounts.register")),

      login: (request) =>
        Effect.gen(function*() {
          const { email, password } = yield* decodeLoginRequest(request).pipe(
            Effect.mapError(() => InvalidCredentials.default())
          )
          const found = yield* users.findByEmail(email)
          const matches = yield* verifyPassword(
            password,
            Option.match(found, { onNone: () => dummyHash, onSome: (user) => user.password_hash })
          )
          // bcrypt compares only the first 72 bytes: a longer string must not pass for the password.
          if (Option.isNone(found) || !matches || passwordBytes(password) > MAX_PASSWORD_BYTES) {
            return yield* InvalidCredentials.default()
          }
          // Checked after the password, so that a disabled account is only revealed to its owner.
          if (!found.value.is_active) return yield* AccountDisabled.default()
          const now = yield* DateTime.nowAsDate
          yield* users.touchLastLogin(found.value.id, now)
          return yield* sessionFor({ ...found.value, last_login: now }, now)
        }).pipe(withServiceSpan("Accounts.login")),

      authenticate: (credential) =>
        Effect.gen(function*() {
          const now = yield* DateTime.nowAsDate
          const user = credential.startsWith(API_KEY_PREFIX)
            ? yield* userOfApiKey(credential, now)
            : yield* userOfAccessToken(credential, now)
          if (Option.isNone(user)) return yield* Unauthorized.default()
          return toUser(user.value)
        }).pipe(withServiceSpan("Accounts.authenticate")),

      me: (userId) =>
        users.findById(userId).pipe(
          Effect.flatMap(Option.match({
            onNone: () => Effect.fail(NotFound.of("User")),
            onSome: (record) => Effect.succeed(toUser(record))
          })),
          withServiceSpan("Accounts.me")
        ),

      createApiKey: (userId, name) =>
        Effect.gen(function*() {
          const key = generateApiKey()
          const record: ApiKeyRecord = {
            id: ApiKeyId.make(randomUUID()),
            user_id: userId,
            key_hash: hashApiKey(key),
            name: name?.trim() || DEFAULT_API_KEY_NAME,
            start: apiKeyStart(key),
            is_active: true,
            created_at: yield* DateTime.nowAsDate,
            last_used: null
          }
          yield* apiKeys.insert(record)
          return new CreatedApiKey({ id: record.id, name: record.name, key, created_at: record.created_at })
        }).pipe(withServiceSpan("Accounts.createApiKey")),

      listApiKeys: (userId) =>
        apiKeys.listByUser(userId).pipe(
          Effect.map((keys) => keys.map(toApiKey)),
          withServiceSpan("Accounts.listApiKeys")
        ),

      revokeApiKey: (userId, id) => apiKeys.deactivate(id, userId).pipe(withServiceSpan("Accounts.revokeApiKey"))
    })
  })
)
