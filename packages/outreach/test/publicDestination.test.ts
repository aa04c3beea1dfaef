import { Effect, Either } from "effect"
import { describe, expect, it } from "vitest"
import { ensurePublicDestination } from "../src/internal/publicDestination.js"

const check = (url: string) => Effect.runPromise(Effect.either(ensurePublicDestination(url)))

describe("webhook destinations", () => {
  it.each([
    "http://127.0.0.1:8000/hook",
    "http://10.1.2.3/hook",
    "http://172.20.0.5/hook",
    "http://192.168.1.10/hook",
    "http://169.254.169.254/latest/meta-data",
    "http://[::1]/hook",
    "http://[::ffff:127.0.0.1]/hook",
    "http://[fd00::1]/hook",
    "http://localhost/hook",
    "ftp://93.184.216.34/hook",
    "not a url"
  ])("refuses %s", async (url) => {
    const result = await check(url)
    expect(Either.isLeft(result)).toBe(true)
  })

  it("accepts a public address", async () => {
    expect(Either.isRight(await check("https://93.184.216.34/hook"))).toBe(true)
  })
})
