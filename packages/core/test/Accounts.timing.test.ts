import { describe, expect, it } from "@effect/vitest"
import { Accounts, LeadFactoryConfig, RegisterRequest, servicesLayer } from "@leadfactory/core"
import * as SqliteStore from "@leadfactory/store-sqlite"
import { Effect, Layer, Schema } from "effect"

// A real cost, so that one bcrypt comparison (tens of milliseconds) dwarfs the database work.
const TimingLayer = servicesLayer.pipe(
  Layer.provide(
    Layer.merge(SqliteStore.layer({ filename: ":memory:" }), LeadFactoryConfig.layer({ secretKey: "timing", bcryptCost: 10 }))
  )
)

const millisecondsOf = <A, E, R>(effect: Effect.Effect<A, E, R>) =>
  Effect.gen(function*() {
    const start = performance.now()
    yield* Effect.either(effect)
    return performance.now() - start
  })

const median = (values: ReadonlyArray<number>) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!

describe("Accounts.login timing", () => {
  it.live("takes as long for an unknown email as for a wrong password", () =>
    Effect.gen(function*() {
      const accounts = yield* Accounts
      const email = "timing@example.com"
      yield* accounts.register(Schema.decodeUnknownSync(RegisterRequest)({ email, password: "correct horse", name: "T" }))
      const wrongPassword: Array<number> = []
      const unknownEmail: Array<number> = []
      for (let i = 0; i < 5; i++) {
        wrongPassword.push(yield* millisecondsOf(accounts.login({ email, password: "wrong horse" })))
        unknownEmail.push(yield* millisecondsOf(accounts.login({ email: `nobody${i}@example.com`, password: "wrong horse" })))
      }
      const ratio = median(unknownEmail) / median(wrongPassword)
      // Without the dummy comparison an unknown email answers in ~1 ms against tens of milliseconds.
      expect(median(wrongPassword)).toBeGreaterThan(10)
      expect(ratio).toBeGreaterThan(0.5)
      expect(ratio).toBeLessThan(2)
    }).pipe(Effect.provide(TimingLayer)), 60_000)
})
