/** Access tokens: HS256 JWTs whose `sub` is the user id, signed and checked with jose. */
import { jwtVerify, SignJWT } from "jose"
import { Effect, Option, Schema } from "effect"
import { UserId } from "../User.js"

const ALGORITHM = "HS256"

export const issueAccessToken = (
  userId: UserId,
  secret: Uint8Array,
  now: Date,
  ttlSeconds: number
): Effect.Effect<string> =>
  Effect.promise(() =>
    new SignJWT({})
      .setProtectedHeader({ alg: ALGORITHM, typ: "JWT" })
      .setSubject(userId)
      .setIssuedAt(now)
      .setExpirationTime(new Date(now.getTime() + ttlSeconds * 1000))
      .sign(secret)
  )

const decodeUserId = Schema.decodeUnknownOption(UserId)

/**
 * The user id of a valid token, or None. Only HS256 is accepted (so `alg: none` and every other
 * algorithm are refused), `exp` and `sub` must be present, and `exp`/`nbf` are checked against
 * `now` rather than the system clock so that callers control time.
 */
export const verifyAccessToken = (token: string, secret: Uint8Array, now: Date): Effect.Effect<Option.Option<UserId>> =>
  Effect.tryPromise(() => jwtVerify(token, secret, { algorithms: [ALGORITHM], currentDate: now, requiredClaims: ["exp", "sub"] })).pipe(
    Effect.map(({ payload }) => decodeUserId(payload.sub)),
    Effect.orElseSucceed(() => Option.none())
  )
