import { describe, expect, it } from "@effect/vitest"
import { Accounts, LeadFactoryConfig, RegisterRequest, servicesLayer, UserId, UserStore } from "@leadfactory/core"
import * as SqliteStore from "@leadfactory/store-sqlite"
import { Effect, Layer, Option, Schema, TestClock } from "effect"
import { makeVerifiedTokens } from "../src/services/VerifiedTokens.js"

/** A token-shaped string with this payload (the memo reads the claims; jose checks signatures). */
const tokenWith = (payload: object, signature = "sig") =>
  `eyJhbGciOiJIUzI1NiJ9.${Buffer.from(JSON.stringify(payload)).toString("base64url")}.${signature}`

const alice = UserId.make("00000000-0000-4000-8000-000000000001")
const at = (seconds: number) => new Date(seconds * 1000)

describe("VerifiedTokens", () => {
  it("answers for a remembered token only well inside its validity", () => {
    const tokens = makeVerifiedTokens()
    const token = tokenWith({ sub: alice, iat: 1_000, exp: 2_000 })
    expect(tokens.lookup(token, at(1_500))).toEqual(Option.none())
    tokens.remember(token, alice)
    expect(tokens.lookup(token, at(1_500))).toEqual(Option.some(alice))
    expect(tokens.lookup(token, at(1_000.5))).toEqual(Option.none())
    expect(tokens.lookup(token, at(1_999.5))).toEqual(Option.none())
    expect(tokens.lookup(token, at(2_000))).toEqual(Option.none())
    expect(tokens.lookup(token, at(999))).toEqual(Option.none())
  })

  it("keeps to nbf, tells tokens apart by all of their text, and forgets the oldest past its capacity", () => {
    const tokens = makeVerifiedTokens()
    const notBefore = tokenWith({ sub: alice, iat: 1_000, nbf: 1_800, exp: 2_000 })
    tokens.remember(notBefore, alice)
    expect(tokens.lookup(notBefore, at(1_500))).toEqual(Option.none())
    expect(tokens.lookup(notBefore, at(1_900))).toEqual(Option.some(alice))
    expect(tokens.lookup(tokenWith({ sub: alice, iat: 1_000, nbf: 1_800, exp: 2_000 }, "other"), at(1_900))).toEqual(Option.none())
    for (let i = 0; i < 1_000; i++) tokens.remember(tokenWith({ sub: alice, iat: 1_000, exp: 2_000, i }), alice)
    expect(tokens.lookup(notBefore, at(1_900))).toEqual(Option.none())
    expect(tokens.lookup(tokenWith({ sub: alice, iat: 1_000, exp: 2_000, i: 999 }), at(1_900))).toEqual(Option.some(alice))
  })

  it("remembers nothing of a token without an expiry", () => {
    const tokens = makeVerifiedTokens()
    const token = tokenWith({ sub: alice, iat: 1_000 })
    tokens.remember(token, alice)
    expect(tokens.lookup(token, at(1_500))).toEqual(Option.none())
  })
})

const AccountsLayer = servicesLayer.pipe(
  Layer.provideMerge(
    Layer.merge(SqliteStore.layer({ filename: ":memory:" }), LeadFactoryConfig.layer({ secretKey: "memo", bcryptCost: 4, tokenTtlSeconds: 3_600 }))
  )
)

describe("Accounts.authenticate with a token it has verified before", () => {
  it.effect("still refuses it once it has expired, or once its user is disabled", () =>
    Effect.gen(function*() {
      const accounts = yield* Accounts
      const users = yield* UserStore
      yield* TestClock.setTime(Date.UTC(2026, 0, 1))
      const session = yield* accounts.register(
        Schema.decodeUnknownSync(RegisterRequest)({ email: "memo@example.com", password: "correct horse", name: "M" })
      )
      yield* TestClock.adjust("10 seconds")
      expect((yield* accounts.authenticate(session.access_token)).id).toBe(session.user.id)
      expect((yield* accounts.authenticate(session.access_token)).id).toBe(session.user.id)
      yield* users.setActive(session.user.id, false)
      expect((yield* Effect.flip(accounts.authenticate(session.access_token)))._tag).toBe("Unauthorized")
      yield* users.setActive(session.user.id, true)
      expect((yield* accounts.authenticate(session.access_token)).id).toBe(session.user.id)
      yield* TestClock.adjust("1 hour")
      expect((yield* Effect.flip(accounts.authenticate(session.access_token)))._tag).toBe("Unauthorized")
    }).pipe(Effect.provide(AccountsLayer)))
})
