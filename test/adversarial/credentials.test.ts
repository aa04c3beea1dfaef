/**
 * Case 3, credentials (OWASP ASVS V2): login answers an unknown email exactly as a wrong password,
 * and its time does not tell them apart (medians of 50 interleaved tries each within 20 %, at the
 * bcrypt cost of a real deployment); brute force from one address meets 429, which no forged
 * X-Forwarded-For and no correct password gets past; a password over 72 bytes is refused, never
 * cut to the 72 that bcrypt reads.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { databases } from "./support/Databases.js"
import { withInspector } from "./support/Inspector.js"
import { type Answer, call, register, startTestServer, type TestServer } from "./support/Servers.js"

/** The bcrypt cost of a deployment is 12; 10 keeps the test short while each comparison still takes tens of ms. */
const REAL_BCRYPT_COST = "10"
const TRIES = 50

const median = (values: ReadonlyArray<number>) => {
  const sorted = [...values].sort((a, b) => a - b)
  return (sorted[Math.floor((sorted.length - 1) / 2)]! + sorted[Math.ceil((sorted.length - 1) / 2)]!) / 2
}

/** What a client can observe of an answer, timing aside. */
const observable = (answer: Answer) => ({
  status: answer.status,
  body: answer.body,
  authenticate: answer.headers.get("www-authenticate"),
  type: answer.headers.get("content-type"),
  length: answer.text.length
})

const backends = await databases("credentials")

describe.each(backends)("credentials on $name", ({ url }) => {
  let server: TestServer
  let account: Awaited<ReturnType<typeof register>>
  const login = (email: string, password: string, base = server.url, headers: Record<string, string> = {}) =>
    call(base, "/api/users/login", { json: { email, password }, headers })

  beforeAll(async () => {
    server = await startTestServer(url, { LF_BCRYPT_COST: REAL_BCRYPT_COST, LF_RATE_LIMIT_AUTH: "off" })
    account = await register(server.url)
  })
  afterAll(async () => {
    await server?.stop()
  })

  it("answers an unknown email, a wrong password, an over-long password and a disabled account's wrong password alike", async () => {
    const disabled = await register(server.url)
    await withInspector(url, (db) => db.rows("UPDATE users SET is_active = $1 WHERE id = $2", false, disabled.user.id))
    const answers = [
      await login(account.email, "not the password"),
      await login(`nobody.${Date.now()}@example.com`, "not the password"),
      await login(account.email.toUpperCase(), "not the password"),
      await login(account.email, account.password + "x".repeat(80)),
      await login(disabled.email, "not the password")
    ]
    for (const answer of answers) expect(observable(answer)).toEqual(observable(answers[0]!))
    expect(answers[0]!.status).toBe(401)
    expect(answers[0]!.body.code).toBe("InvalidCredentials")
    // The disabled account is only revealed to whoever knows its password.
    expect((await login(disabled.email, disabled.password)).status).toBe(403)
  })

  it(`takes as long for an unknown email as for a wrong password (medians of ${TRIES} interleaved tries, bcrypt cost ${REAL_BCRYPT_COST})`, async () => {
    const time = async (email: string) => {
      const started = performance.now()
      const answer = await login(email, "a wrong password, surely")
      const elapsed = performance.now() - started
      expect(answer.status).toBe(401)
      return elapsed
    }
    const wrongPassword: Array<number> = []
    const unknownEmail: Array<number> = []
    for (let i = 0; i < 3; i++) await time(account.email)
    for (let i = 0; i < TRIES; i++) {
      // ABBA order, so that a drift in the machine's load weighs on both kinds alike.
      if (i % 2 === 0) {
        wrongPassword.push(await time(account.email))
        unknownEmail.push(await time(`unknown${i}.${Date.now()}@example.com`))
      } else {
        unknownEmail.push(await time(`unknown${i}.${Date.now()}@example.com`))
        wrongPassword.push(await time(account.email))
      }
    }
    const known = median(wrongPassword)
    const unknown = median(unknownEmail)
    const difference = Math.abs(known - unknown) / Math.max(known, unknown)
    console.log(`login timing: wrong password median ${known.toFixed(1)} ms, unknown email median ${unknown.toFixed(1)} ms, difference ${(difference * 100).toFixed(1)} %`)
    // A comparison at this cost takes tens of ms; an unknown email answered without one takes ~1 ms.
    expect(known).toBeGreaterThan(15)
    expect(difference).toBeLessThan(0.2)
  }, 180_000)

  it("refuses a password over 72 bytes at registration (bytes, not characters), and never logs in with its first 72 bytes", async () => {
    const email = (tag: string) => `long.${tag}.${Date.now()}@example.com`
    const tooLong = await call(server.url, "/api/users/register", { json: { email: email("a"), password: "p".repeat(73), name: "L" } })
    expect(tooLong.status).toBe(400)
    expect(tooLong.body.errors).toEqual([{ field: "password", message: "must be at most 72 bytes" }])
    // 25 euro signs are 25 characters but 75 bytes.
    const multibyte = await call(server.url, "/api/users/register", { json: { email: email("b"), password: "€".repeat(25), name: "L" } })
    expect(multibyte.status).toBe(400)
    expect(multibyte.body.errors[0].field).toBe("password")

    const exactly = "€".repeat(24)
    const owner = email("c")
    expect((await call(server.url, "/api/users/register", { json: { email: owner, password: exactly, name: "L" } })).status).toBe(201)
    expect((await login(owner, exactly)).status).toBe(200)
    for (const longer of [exactly + "x", exactly + "€", exactly + "anything else at all"]) {
      const answer = await login(owner, longer)
      expect(answer.status, `${Buffer.byteLength(longer)} bytes`).toBe(401)
      expect(answer.body.code).toBe("InvalidCredentials")
    }
  })

  it("stops brute force from one address with 429 and Retry-After; forged X-Forwarded-For, other emails and the right password do not get past", async () => {
    const limited = await startTestServer(url, { LF_RATE_LIMIT_AUTH: "5/min" })
    try {
      const statuses: Array<number> = []
      for (let i = 0; i < 5; i++) statuses.push((await login(account.email, `guess number ${i}`, limited.url)).status)
      expect(statuses).toEqual([401, 401, 401, 401, 401])
      const blocked = await login(account.email, "guess number 6", limited.url)
      expect(blocked.status).toBe(429)
      expect(blocked.body.code).toBe("RateLimited")
      const retryAfter = Number(blocked.headers.get("retry-after"))
      expect(retryAfter).toBeGreaterThan(0)
      expect(retryAfter).toBeLessThanOrEqual(60)
      const bypasses = [
        await login(account.email, account.password, limited.url),
        await login(`other.${Date.now()}@example.com`, "a guess", limited.url),
        await login(account.email, "a guess", limited.url, { "x-forwarded-for": "203.0.113.9" }),
        await login(account.email, account.password, limited.url, { "x-real-ip": "198.51.100.1", forwarded: "for=198.51.100.1" }),
        await call(limited.url, "/api/users/register", { json: { email: `new.${Date.now()}@example.com`, password: "long enough", name: "N" } })
      ]
      expect(bypasses.map((answer) => answer.status)).toEqual([429, 429, 429, 429, 429])
      // The limit is on password attempts, not on the API: a token keeps working.
      expect((await call(limited.url, "/api/users/me", { token: account.token })).status).toBe(200)
    } finally {
      await limited.stop()
    }
  })
})
