/**
 * Rate limiting of register and login per client address: a fixed window of N attempts, answered
 * with 429 and Retry-After beyond it. X-Forwarded-For is read only when the proxy is trusted.
 */
import * as HttpApiMiddleware from "@effect/platform/HttpApiMiddleware"
import * as HttpServerRequest from "@effect/platform/HttpServerRequest"
import { Clock, Effect, Layer, Option } from "effect"
import { Errors, RateLimited } from "./HttpErrors.js"

/** At most `limit` attempts per `windowMs` per client address; `null` turns limiting off. */
export interface RateLimitSettings {
  readonly limit: number
  readonly windowMs: number
}

/**
 * Which address a request comes from: `false` the socket's peer; `true` the left-most address of
 * X-Forwarded-For (any client can forge it; only behind a proxy that overwrites the header); a number
 * n the n-th address from the right, i.e. the one the outermost of n trusted proxies saw.
 */
export type TrustProxy = boolean | number

const windows = { s: 1_000, sec: 1_000, second: 1_000, m: 60_000, min: 60_000, minute: 60_000, h: 3_600_000, hour: 3_600_000 }

/** Reads "5", "5/min", "10/s", "100/hour" (a bare number is per minute), or "off". */
export const parseRateLimit = (text: string): RateLimitSettings | null => {
  const value = text.trim().toLowerCase()
  if (value === "off" || value === "0" || value === "false") return null
  const match = /^(\d+)\s*(?:\/\s*([a-z]+))?$/.exec(value)
  const unit = match?.[2] ?? "min"
  const windowMs = windows[unit as keyof typeof windows]
  if (!match || windowMs === undefined) {
    throw new Error(`Invalid rate limit "${text}": expected a number, "N/s", "N/min", "N/hour" or "off".`)
  }
  return { limit: Number(match[1]), windowMs }
}

export const parseTrustProxy = (text: string | undefined): TrustProxy => {
  const value = (text ?? "").trim().toLowerCase()
  if (value === "" || value === "false" || value === "0" || value === "no") return false
  if (value === "true" || value === "yes") return true
  const hops = Number(value)
  if (Number.isInteger(hops) && hops > 0) return hops
  throw new Error(`Invalid LF_TRUST_PROXY "${text}": expected true, false or a number of proxies.`)
}

/** The client address of a request under the trust setting. */
export const clientAddress = (request: HttpServerRequest.HttpServerRequest, trustProxy: TrustProxy): string => {
  const peer = Option.getOrElse(request.remoteAddress, () => "unknown")
  if (trustProxy === false) return peer
  const forwarded = (request.headers["x-forwarded-for"] ?? "")
    .split(",")
    .map((part) => part.trim())
    .filter((part) => part !== "")
  if (forwarded.length === 0) return peer
  if (trustProxy === true) return forwarded[0]!
  // n trusted proxies appended the last n entries; the one before them is the client.
  return forwarded[Math.max(0, forwarded.length - trustProxy)] ?? peer
}

/** Fixed-window counters per key, swept as they expire so memory stays bounded by active clients. */
export const makeLimiter = (settings: RateLimitSettings) => {
  const counters = new Map<string, { count: number; resetAt: number }>()
  let nextSweep = 0
  const sweep = (now: number) => {
    if (now < nextSweep) return
    nextSweep = now + settings.windowMs
    for (const [key, counter] of counters) if (counter.resetAt <= now) counters.delete(key)
  }
  /** Counts one attempt; the seconds to wait when it is over the limit, else 0. */
  return (key: string, now: number): number => {
    sweep(now)
    const counter = counters.get(key)
    if (counter === undefined || counter.resetAt <= now) {
      counters.set(key, { count: 1, resetAt: now + settings.windowMs })
      return 0
    }
    counter.count += 1
    return counter.count > settings.limit ? Math.max(1, Math.ceil((counter.resetAt - now) / 1000)) : 0
  }
}

/** The middleware of the endpoints that take a password: register and login. */
export class AuthRateLimit extends HttpApiMiddleware.Tag<AuthRateLimit>()("AuthRateLimit", {
  failure: Errors.RateLimited
}) {}

export const layerAuthRateLimit = (settings: RateLimitSettings | null, trustProxy: TrustProxy) =>
  Layer.sync(AuthRateLimit, () => {
    if (settings === null) return Effect.void
    const take = makeLimiter(settings)
    return Effect.gen(function*() {
      const request = yield* HttpServerRequest.HttpServerRequest
      const now = yield* Clock.currentTimeMillis
      const wait = take(clientAddress(request, trustProxy), now)
      if (wait > 0) return yield* RateLimited.of(wait)
    })
  })
