/**
 * Case 2, tokens (OWASP ASVS V3 session management, JWT pitfalls): every credential that is not a
 * current token or key of an active user gets 401 with WWW-Authenticate, on every authenticated
 * operation — `alg: none`, a wrong key, another algorithm, an expired token, a future `nbf`, no `sub`
 * or `exp`, a tampered payload, a deleted or disabled user, garbage, an empty Bearer — and a revoked
 * API key stops working on the very next request. No token or key ever shows in a log line or an
 * error body. A hand-made token with the right key and claims gets 200, so each 401 is the defect's.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { databases } from "./support/Databases.js"
import { openInspector, type Inspector } from "./support/Inspector.js"
import { makeJwt, nowSeconds } from "./support/Jwt.js"
import { fillPath, type Operation, readOperations } from "./support/OpenApi.js"
import { call, register, startTestServer, TEST_SECRET, type TestServer } from "./support/Servers.js"

const backends = await databases("tokens")

describe.each(backends)("tokens on $name", ({ url }) => {
  let server: TestServer
  let db: Inspector
  let operations: Array<Operation>
  let user: Awaited<ReturnType<typeof register>>
  /** Every secret the tests handle: none may reach a log line. */
  const secrets: Array<string> = []

  beforeAll(async () => {
    server = await startTestServer(url)
    db = await openInspector(url)
    operations = (await readOperations(server.url)).filter((op) => op.credentials.length > 0)
    user = await register(server.url)
    secrets.push(user.token, user.password)
  })
  afterAll(async () => {
    await db?.close()
    await server?.stop()
  })

  const HS256 = { alg: "HS256", typ: "JWT" }
  const claims = (extra: Record<string, unknown> = {}): Record<string, unknown> => ({ sub: user.user.id, iat: nowSeconds(), exp: nowSeconds() + 3600, ...extra })
  const withoutKey = (key: string) => {
    const { [key]: _, ...rest } = claims()
    return rest
  }

  /** Sends `credential` to every authenticated operation (ids of nothing) and expects 401 from each. */
  const refusedEverywhere = async (label: string, headers: Record<string, string>, secret?: string) => {
    for (const operation of operations) {
      const path = fillPath(operation, { id: "00000000-0000-4000-8000-000000000000" })
      const query = operation.parameters.some((p) => p.name === "campaign_id") ? "?campaign_id=00000000-0000-4000-8000-000000000000" : ""
      const answer = await call(server.url, path + query, { method: operation.method, headers })
      expect(answer.status, `${label} on ${operation.id}`).toBe(401)
      expect(answer.headers.get("www-authenticate"), `${label} on ${operation.id}`).toBe("Bearer")
      expect(answer.body.code, `${label} on ${operation.id}`).toBe("Unauthorized")
      if (secret !== undefined && secret.length > 8) expect(answer.text, `${label}: the body echoes the credential`).not.toContain(secret)
    }
  }

  it("accepts a hand-made token with the right key and claims (the control for the cases below)", async () => {
    const token = makeJwt(HS256, claims(), TEST_SECRET)
    secrets.push(token)
    const me = await call(server.url, "/api/users/me", { token })
    expect(me.status).toBe(200)
    expect(me.body.id).toBe(user.user.id)
  })

  it("refuses forged, expired, not-yet-valid, incomplete and garbage tokens on every operation", async () => {
    const signature = user.token.split(".")[2]!
    const [header, payload] = user.token.split(".")
    const otherUser = await register(server.url)
    const tampered = `${header}.${Buffer.from(JSON.stringify({ ...JSON.parse(Buffer.from(payload!, "base64url").toString()), sub: otherUser.user.id })).toString("base64url")}.${signature}`
    const bad: Array<[string, string]> = [
      ["alg none", makeJwt({ alg: "none", typ: "JWT" }, claims(), TEST_SECRET, "")],
      ["alg None with the real signature", makeJwt({ alg: "None", typ: "JWT" }, claims(), TEST_SECRET, signature)],
      ["alg NONE without a signature part", makeJwt({ alg: "NONE" }, claims(), TEST_SECRET, "").slice(0, -1)],
      ["a wrong key", makeJwt(HS256, claims(), "another-secret-key-that-is-long-enough-0123456789")],
      ["an empty key", makeJwt(HS256, claims(), "")],
      ["HS512 with the right key", makeJwt({ alg: "HS512", typ: "JWT" }, claims(), TEST_SECRET)],
      ["RS256 claimed", makeJwt({ alg: "RS256", typ: "JWT" }, claims(), TEST_SECRET)],
      ["an unknown critical header", makeJwt({ ...HS256, crit: ["x-lf"], "x-lf": 1 }, claims(), TEST_SECRET)],
      ["expired a minute ago", makeJwt(HS256, claims({ iat: nowSeconds() - 7200, exp: nowSeconds() - 60 }), TEST_SECRET)],
      ["not valid before an hour from now", makeJwt(HS256, claims({ nbf: nowSeconds() + 3600 }), TEST_SECRET)],
      ["without sub", makeJwt(HS256, withoutKey("sub"), TEST_SECRET)],
      ["without exp", makeJwt(HS256, withoutKey("exp"), TEST_SECRET)],
      ["a sub that is not a user id", makeJwt(HS256, claims({ sub: "admin" }), TEST_SECRET)],
      ["a numeric sub", makeJwt(HS256, claims({ sub: 1 }), TEST_SECRET)],
      ["a sub of no user", makeJwt(HS256, claims({ sub: "00000000-0000-4000-8000-000000000000" }), TEST_SECRET)],
      ["a payload switched to another user", tampered],
      ["the token's signature cut off", user.token.slice(0, user.token.lastIndexOf("."))],
      ["garbage", "garbage"],
      ["three dots", "a.b.c"],
      ["JSON", "{\"sub\":\"x\"}"],
      ["8 KB of base64", Buffer.alloc(6000, 7).toString("base64url")],
      ["an API-key look-alike", `lf_${"A".repeat(43)}`],
      ["an API-key prefix only", "lf_"]
    ]
    secrets.push(...bad.map(([, token]) => token))
    for (const [label, token] of bad) await refusedEverywhere(label, { authorization: `Bearer ${token}` }, token)
    for (const [label, value] of [["an empty Bearer", "Bearer "], ["Bearer alone", "Bearer"], ["spaces", "Bearer     "], ["Basic", `Basic ${Buffer.from("a:b").toString("base64")}`], ["the token without Bearer", user.token]]) {
      await refusedEverywhere(label!, { authorization: value! })
    }
    await refusedEverywhere("an empty X-API-Key", { "x-api-key": "" })
    await refusedEverywhere("a JWT with alg none in X-API-Key", { "x-api-key": bad[0]![1] }, bad[0]![1])
  })

  it("refuses the token and the API key of a disabled user, and of a deleted one", async () => {
    for (const fate of ["disabled", "deleted"] as const) {
      const victim = await register(server.url)
      const key = (await call(server.url, "/api/users/api-keys", { token: victim.token, json: { name: fate } })).body.key as string
      secrets.push(victim.token, key)
      expect((await call(server.url, "/api/users/me", { apiKey: key })).status).toBe(200)
      if (fate === "disabled") await db.rows("UPDATE users SET is_active = $1 WHERE id = $2", false, victim.user.id)
      else await db.rows("DELETE FROM users WHERE id = $1", victim.user.id)
      await refusedEverywhere(`the JWT of a ${fate} user`, { authorization: `Bearer ${victim.token}` }, victim.token)
      await refusedEverywhere(`the API key of a ${fate} user`, { "x-api-key": key }, key)
      await refusedEverywhere(`the API key of a ${fate} user as a bearer`, { authorization: `Bearer ${key}` }, key)
    }
  })

  it("refuses a revoked API key on the next request, in either header, and keeps the other keys working", async () => {
    const kept = (await call(server.url, "/api/users/api-keys", { token: user.token, json: { name: "kept" } })).body
    const revoked = (await call(server.url, "/api/users/api-keys", { token: user.token, json: { name: "revoked" } })).body
    secrets.push(kept.key, revoked.key)
    expect((await call(server.url, "/api/users/me", { apiKey: revoked.key })).status).toBe(200)
    const deleted = await call(server.url, `/api/users/api-keys/${revoked.id}`, { apiKey: revoked.key, method: "DELETE" })
    expect(deleted.status).toBe(204)
    await refusedEverywhere("a revoked API key", { "x-api-key": revoked.key }, revoked.key)
    await refusedEverywhere("a revoked API key as a bearer", { authorization: `Bearer ${revoked.key}` }, revoked.key)
    // Keys differing from a valid one by a letter, or cut short, are no keys.
    const flipped = kept.key.slice(0, -1) + (kept.key.endsWith("A") ? "B" : "A")
    await refusedEverywhere("a key with one letter changed", { "x-api-key": flipped }, flipped)
    await refusedEverywhere("a key cut short", { "x-api-key": kept.key.slice(0, -2) })
    await refusedEverywhere("a key in other case", { "x-api-key": kept.key.toUpperCase() }, kept.key.toUpperCase())
    expect((await call(server.url, "/api/users/me", { apiKey: kept.key })).status).toBe(200)
    const listed = await call(server.url, "/api/users/api-keys", { token: user.token })
    expect(listed.body.find((k: { id: string }) => k.id === revoked.id)).toMatchObject({ is_active: false })
  })

  it("takes ?access_token= only on the event stream, and never logs it", async () => {
    const campaign = (await call(server.url, "/api/campaigns", { token: user.token, json: { name: "Events", vertical: "vc" } })).body
    const streamed = await call(server.url, `/api/campaigns/${campaign.id}/events?access_token=${encodeURIComponent(user.token)}`)
    expect(streamed.status).toBe(200)
    const elsewhere = await call(server.url, `/api/campaigns/${campaign.id}?access_token=${encodeURIComponent(user.token)}`)
    expect(elsewhere.status).toBe(401)
  })

  it("never shows a stored outreach provider key again, in any answer", async () => {
    const providerKey = `sk_live_${"k".repeat(24)}_adversarial`
    secrets.push(providerKey)
    const put = await call(server.url, "/api/users/integrations/instantly", { method: "PUT", token: user.token, json: { api_key: providerKey } })
    expect(put.status).toBe(200)
    expect(put.body.key_last4).toBe(providerKey.slice(-4))
    const listed = await call(server.url, "/api/users/integrations", { token: user.token })
    for (const answer of [put, listed]) expect(answer.text).not.toContain(providerKey.slice(0, 20))
  })

  it("wrote no token, key or password into any log line", async () => {
    await new Promise((resolve) => setTimeout(resolve, 100))
    const log = server.logs.join("\n")
    console.log(`tokens: ${operations.length} authenticated operations, ${secrets.length} secrets looked for in ${server.logs.length} log lines`)
    expect(server.logs.length).toBeGreaterThan(100)
    for (const secret of secrets.filter((s) => s.length >= 8)) expect(log.includes(secret), `a secret in the log: ${secret.slice(0, 12)}…`).toBe(false)
    // Nor any part of a JWT that identifies it (its signature).
    for (const secret of secrets.filter((s) => s.split(".").length === 3 && s.split(".")[2]!.length > 20)) {
      expect(log).not.toContain(secret.split(".")[2])
    }
  })
})
