import { describe, expect, it } from "@effect/vitest"
import { LeadFactoryConfig } from "@leadfactory/core"
import { ConfigProvider, Effect, Exit, Layer, Logger, Redacted } from "effect"

/** Builds `LeadFactoryConfig.fromEnv` against `env` instead of process.env, collecting warnings. */
const fromEnv = (env: Record<string, string>) =>
  Effect.gen(function*() {
    const warnings: Array<string> = []
    const logger = Logger.make(({ logLevel, message }) => {
      if (logLevel._tag === "Warning") warnings.push(String(message))
    })
    const exit = yield* LeadFactoryConfig.pipe(
      Effect.provide(
        LeadFactoryConfig.fromEnv.pipe(Layer.provide(Layer.setConfigProvider(ConfigProvider.fromMap(new Map(Object.entries(env))))))
      ),
      Effect.provide(Logger.replace(Logger.defaultLogger, logger)),
      Effect.exit
    )
    return { exit, warnings }
  })

const longSecret = "0123456789abcdef0123456789abcdef"

describe("LeadFactoryConfig.fromEnv", () => {
  it.effect("reads the secret and the bcrypt cost; the token lives 24 h", () =>
    Effect.gen(function*() {
      const { exit, warnings } = yield* fromEnv({ LEADFACTORY_SECRET_KEY: longSecret, LF_BCRYPT_COST: "10" })
      const config = Exit.getOrElse(exit, () => expect.unreachable())
      expect(Redacted.value(config.secretKey)).toBe(longSecret)
      expect(config.bcryptCost).toBe(10)
      expect(config.tokenTtlSeconds).toBe(86_400)
      expect(warnings).toEqual([])
    }))

  it.effect("uses bcrypt cost 12 by default", () =>
    Effect.gen(function*() {
      const { exit } = yield* fromEnv({ LEADFACTORY_SECRET_KEY: "dev" })
      expect(Exit.map(exit, (config) => config.bcryptCost)).toEqual(Exit.succeed(12))
    }))

  it.effect("fails in production (NODE_ENV or LF_ENV) without a secret, or with one under 32 characters", () =>
    Effect.gen(function*() {
      for (const env of [{ NODE_ENV: "production" }, { LF_ENV: "production" }, { NODE_ENV: "development", LF_ENV: "production" }]) {
        const missing = yield* fromEnv(env)
        expect(Exit.isFailure(missing.exit)).toBe(true)
        expect(String(Exit.isFailure(missing.exit) && missing.exit.cause)).toContain("must be set in production")
        const short = yield* fromEnv({ ...env, LEADFACTORY_SECRET_KEY: "too-short" })
        expect(String(Exit.isFailure(short.exit) && short.exit.cause)).toContain("at least 32 characters")
      }
      const ok = yield* fromEnv({ NODE_ENV: "production", LEADFACTORY_SECRET_KEY: longSecret })
      expect(Exit.isSuccess(ok.exit)).toBe(true)
    }))

  it.effect("outside production, makes a random secret per process and warns", () =>
    Effect.gen(function*() {
      for (const env of [{}, { NODE_ENV: "development" }, { NODE_ENV: "test" }]) {
        const first = yield* fromEnv(env)
        const second = yield* fromEnv(env)
        const secretOf = (exit: typeof first.exit) => Exit.map(exit, (config) => Redacted.value(config.secretKey))
        const a = Exit.getOrElse(secretOf(first.exit), () => expect.unreachable())
        const b = Exit.getOrElse(secretOf(second.exit), () => expect.unreachable())
        expect(a).toHaveLength(43)
        expect(a).not.toBe(b)
        expect(first.warnings).toHaveLength(1)
        expect(first.warnings[0]).toContain("LEADFACTORY_SECRET_KEY is not set")
      }
    }))

  it.effect("refuses a bcrypt cost outside 4..31", () =>
    Effect.gen(function*() {
      for (const cost of ["3", "32", "ten"]) {
        const { exit } = yield* fromEnv({ LEADFACTORY_SECRET_KEY: "dev", LF_BCRYPT_COST: cost })
        expect([cost, Exit.isFailure(exit)]).toEqual([cost, true])
      }
    }))
})

describe("LeadFactoryConfig.layer", () => {
  it.effect("takes explicit settings and refuses an empty secret", () =>
    Effect.gen(function*() {
      const config = yield* Effect.provide(LeadFactoryConfig, LeadFactoryConfig.layer({ secretKey: "s3cret", bcryptCost: 4 }))
      expect([Redacted.value(config.secretKey), config.bcryptCost, config.tokenTtlSeconds]).toEqual(["s3cret", 4, 86_400])
      const empty = yield* Effect.exit(Effect.provide(LeadFactoryConfig, LeadFactoryConfig.layer({ secretKey: "" })))
      expect(Exit.isFailure(empty)).toBe(true)
    }))
})
