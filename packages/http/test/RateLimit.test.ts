import { HttpServerRequest } from "@effect/platform"
import { describe, expect, it } from "vitest"
import { clientAddress, makeLimiter, parseRateLimit, parseTrustProxy } from "../src/RateLimit.js"

const request = (peer: string, forwardedFor?: string) =>
  HttpServerRequest.fromWeb(
    new Request("http://localhost/api/users/login", {
      headers: forwardedFor === undefined ? {} : { "x-forwarded-for": forwardedFor }
    })
  ).modify({ remoteAddress: peer })

describe("parseRateLimit", () => {
  it("reads a number per minute, N/unit, or off", () => {
    expect(parseRateLimit("5")).toEqual({ limit: 5, windowMs: 60_000 })
    expect(parseRateLimit("5/min")).toEqual({ limit: 5, windowMs: 60_000 })
    expect(parseRateLimit("10/s")).toEqual({ limit: 10, windowMs: 1_000 })
    expect(parseRateLimit("100 / hour")).toEqual({ limit: 100, windowMs: 3_600_000 })
    expect(parseRateLimit("off")).toBeNull()
    expect(() => parseRateLimit("five")).toThrow(/Invalid rate limit/)
    expect(() => parseRateLimit("5/week")).toThrow(/Invalid rate limit/)
  })
})

describe("clientAddress", () => {
  it("ignores X-Forwarded-For unless the proxy is trusted", () => {
    expect(clientAddress(request("10.0.0.1", "1.2.3.4"), parseTrustProxy(undefined))).toBe("10.0.0.1")
    expect(clientAddress(request("10.0.0.1", "1.2.3.4, 5.6.7.8"), parseTrustProxy("true"))).toBe("1.2.3.4")
    // One trusted proxy: the address it appended, not what the client claimed before it.
    expect(clientAddress(request("10.0.0.1", "6.6.6.6, 1.2.3.4"), parseTrustProxy("1"))).toBe("1.2.3.4")
    expect(clientAddress(request("10.0.0.1", "6.6.6.6, 1.2.3.4, 10.0.0.2"), parseTrustProxy("2"))).toBe("1.2.3.4")
    expect(clientAddress(request("10.0.0.1"), true)).toBe("10.0.0.1")
    expect(() => parseTrustProxy("sometimes")).toThrow(/LF_TRUST_PROXY/)
  })
})

describe("makeLimiter", () => {
  it("allows N per window per key, says how long to wait, and forgets after the window", () => {
    const take = makeLimiter({ limit: 2, windowMs: 60_000 })
    expect([take("a", 0), take("a", 1_000), take("a", 2_000)]).toEqual([0, 0, 58])
    expect(take("b", 2_000)).toBe(0)
    expect(take("a", 60_000)).toBe(0)
  })
})
