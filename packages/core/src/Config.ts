/** Settings of the core services: the JWT secret, token lifetime and bcrypt cost. */
import { randomBytes } from "node:crypto"
import { Config, ConfigError, Context, Effect, Layer, Redacted } from "effect"

export interface LeadFactoryConfig {
  /** HS256 secret for access tokens (LEADFACTORY_SECRET_KEY). */
  readonly secretKey: Redacted.Redacted<string>
  /** Access-token lifetime; 24 h as in the original. */
  readonly tokenTtlSeconds: number
  /** bcrypt cost factor; 12 by default, lower only in tests. */
  readonly bcryptCost: number
}

export const DEFAULT_TOKEN_TTL_SECONDS = 24 * 60 * 60
export const DEFAULT_BCRYPT_COST = 12

/** The range bcrypt accepts; 4 is fast enough for tests, each step doubles the work. */
const MIN_BCRYPT_COST = 4
const MAX_BCRYPT_COST = 31

/** HS256 wants a key of at least 256 bits; a shorter production secret is a configuration error. */
const MIN_PRODUCTION_SECRET_LENGTH = 32

export interface LeadFactoryConfigOptions {
  readonly secretKey: string | Redacted.Redacted<string>
  readonly tokenTtlSeconds?: number | undefined
  readonly bcryptCost?: number | undefined
}

const Tag = Context.GenericTag<LeadFactoryConfig>("@leadfactory/core/LeadFactoryConfig")

const make = (options: LeadFactoryConfigOptions): Effect.Effect<LeadFactoryConfig, ConfigError.ConfigError> => {
  const secretKey = Redacted.isRedacted(options.secretKey) ? options.secretKey : Redacted.make(options.secretKey)
  const bcryptCost = options.bcryptCost ?? DEFAULT_BCRYPT_COST
  const tokenTtlSeconds = options.tokenTtlSeconds ?? DEFAULT_TOKEN_TTL_SECONDS
  if (Redacted.value(secretKey).length === 0) {
    return Effect.fail(ConfigError.InvalidData(["LEADFACTORY_SECRET_KEY"], "The secret key must not be empty."))
  }
  if (!Number.isInteger(bcryptCost) || bcryptCost < MIN_BCRYPT_COST || bcryptCost > MAX_BCRYPT_COST) {
    return Effect.fail(
      ConfigError.InvalidData(
        ["LF_BCRYPT_COST"],
        `The bcrypt cost must be an integer from ${MIN_BCRYPT_COST} to ${MAX_BCRYPT_COST}, got ${bcryptCost}.`
      )
    )
  }
  if (!Number.isInteger(tokenTtlSeconds) || tokenTtlSeconds <= 0) {
    return Effect.fail(ConfigError.InvalidData([], `The token lifetime must be a positive number of seconds.`))
  }
  return Effect.succeed({ secretKey, tokenTtlSeconds, bcryptCost })
}

/** Explicit settings, for embedding apps and tests. */
const layer = (options: LeadFactoryConfigOptions): Layer.Layer<LeadFactoryConfig, ConfigError.ConfigError> =>
  Layer.effect(Tag, make(options))

/**
 * Settings from the environment (through Effect's ConfigProvider, so tests can supply a map):
 * - LEADFACTORY_SECRET_KEY: the JWT secret.
 * - LF_BCRYPT_COST: integer from 4 to 31, default 12.
 * - The process is in production when NODE_ENV=production or LF_ENV=production (either one is
 *   enough). In production a missing secret, or one shorter than 32 characters, fails the layer:
 *   the service must not start with a guessable or throw-away key. Anywhere else (development,
 *   test, or neither variable set) a missing secret is replaced by 32 random bytes and a warning is
 *   logged; tokens then stop working when the process restarts.
 */
const fromEnv: Layer.Layer<LeadFactoryConfig, ConfigError.ConfigError> = Layer.effect(
  Tag,
  Effect.gen(function*() {
    const nodeEnv = yield* Config.string("NODE_ENV").pipe(Config.withDefault(""))
    const lfEnv = yield* Config.string("LF_ENV").pipe(Config.withDefault(""))
    const production = nodeEnv === "production" || lfEnv === "production"
    const configured = yield* Config.string("LEADFACTORY_SECRET_KEY").pipe(Config.withDefault(""))
    const bcryptCost = yield* Config.integer("LF_BCRYPT_COST").pipe(Config.withDefault(DEFAULT_BCRYPT_COST))
    if (production && configured.length < MIN_PRODUCTION_SECRET_LENGTH) {
      return yield* Effect.fail(
        ConfigError.InvalidData(
          ["LEADFACTORY_SECRET_KEY"],
          configured.length === 0
            ? "LEADFACTORY_SECRET_KEY must be set in production."
            : `LEADFACTORY_SECRET_KEY must be at least ${MIN_PRODUCTION_SECRET_LENGTH} characters in production.`
        )
      )
    }
    let secretKey = configured
    if (secretKey.length === 0) {
      secretKey = randomBytes(32).toString("base64url")
      yield* Effect.logWarning(
        "LEADFACTORY_SECRET_KEY is not set: using a random secret, so access tokens stop working when the process restarts."
      )
    }
    return yield* make({ secretKey: Redacted.make(secretKey), bcryptCost })
  })
)

/** The tag of the settings, with its two layers: `LeadFactoryConfig.layer(options)` and `.fromEnv`. */
export const LeadFactoryConfig: Context.Tag<LeadFactoryConfig, LeadFactoryConfig> & {
  readonly layer: typeof layer
  readonly fromEnv: typeof fromEnv
} = Object.assign(Tag, { layer, fromEnv })
