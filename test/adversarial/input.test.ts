/**
 * Case 4, input (OWASP ASVS V5 validation, V13 API): malformed JSON, wrong types, huge strings, deep
 * nesting, unknown fields, NUL bytes and invalid UTF-8 in every JSON body of the OpenAPI document and
 * every query parameter are a 400 with a message (never a 500), and the server keeps serving; bodies
 * over the limits are a 413; SQL-looking strings are stored and read back verbatim.
 */
import { parse } from "csv-parse/sync"
import { createServer } from "node:http"
import type { AddressInfo } from "node:net"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { HEADER } from "../../packages/http/test/support/CrawlerCsv.js"
import { databases } from "./support/Databases.js"
import { num, withInspector } from "./support/Inspector.js"
import { fillPath, type Operation, readOperations } from "./support/OpenApi.js"
import { type Answer, call, register, startTestServer, type TestServer } from "./support/Servers.js"

const SQL = "Robert'); DROP TABLE leads; --"
const SQL_VARIANTS = [SQL, "' OR '1'='1", "\" OR \"\"=\"", "1; SELECT pg_sleep(5)--", "%' UNION SELECT password_hash FROM users --", "\\'; DELETE FROM users WHERE ''='"]

let sequence = 0
const freshEmail = () => `input.${Date.now()}.${sequence++}@example.com`

/** A valid body of each JSON operation; the attacks change one thing in it. */
const validBodies: Record<string, () => Record<string, unknown>> = {
  "session.register": () => ({ email: freshEmail(), password: "long enough password", name: "Input Tester", company: "Acme" }),
  "session.login": () => ({ email: "someone@example.com", password: "long enough password" }),
  "users.createApiKey": () => ({ name: "a key" }),
  "campaigns.create": () => ({ name: "A campaign", vertical: "vc", config: { depth: 1 } }),
  "outreach.launch": () => ({
    name: "Launch",
    provider: "webhook",
    campaign_id: "00000000-0000-4000-8000-000000000000",
    from_email: "sender@example.com",
    from_name: "Sender",
    steps: [{ subject: "Hello", body: "Hello", delay_days: 0 }]
  }),
  "integrations.put": () => ({ url: "http://127.0.0.1:9/hook", secret: "a webhook secret of some length" })
}

/** Sends a raw body to an operation. */
const send = (base: string, operation: Operation, token: string, body: string | Uint8Array, type = "application/json") =>
  call(base, fillPath(operation, {}), {
    method: operation.method,
    token,
    body: body as NonNullable<RequestInit["body"]>,
    headers: { "content-type": type }
  })

/** JSON text with the value at `key` replaced by the raw JSON `raw`. */
const withRaw = (body: Record<string, unknown>, key: string, raw: string) => {
  const marker = "\u0001MARK\u0001"
  return JSON.stringify({ ...body, [key]: marker }).replace(JSON.stringify(marker), raw)
}

const expectInvalid = (answer: Answer, label: string) => {
  expect(answer.status, `${label}: ${answer.text.slice(0, 300)}`).toBe(400)
  expect(typeof answer.body.detail, label).toBe("string")
  expect(answer.body.detail.length, label).toBeGreaterThan(5)
  expect(["InvalidInput", "UnknownVertical"], label).toContain(answer.body.code)
}

const backends = await databases("input")

describe.each(backends)("hostile input on $name", ({ url }) => {
  let server: TestServer
  let operations: Array<Operation>
  let user: Awaited<ReturnType<typeof register>>
  let campaignId: string

  beforeAll(async () => {
    server = await startTestServer(url, { LF_MAX_UPLOAD_BYTES: String(1024 * 1024) })
    operations = await readOperations(server.url)
    user = await register(server.url)
    campaignId = (await call(server.url, "/api/campaigns", { token: user.token, json: { name: "Target", vertical: "vc" } })).body.id
  })
  afterAll(async () => {
    await server?.stop()
  })

  const jsonOperations = () => operations.filter((op) => op.bodyTypes.includes("application/json"))
  const stillServing = async () => {
    expect((await call(server.url, "/api/health")).status).toBe(200)
    expect((await call(server.url, "/api/users/me", { token: user.token })).status).toBe(200)
  }

  it("has a valid example body for every JSON operation of the document", () => {
    const missing = jsonOperations().map((op) => op.id).filter((id) => validBodies[id] === undefined)
    expect(missing, "JSON operations the input attacks have no example body for").toEqual([])
    expect(jsonOperations().length).toBeGreaterThanOrEqual(4)
  })

  it("answers malformed JSON in every body with 400", async () => {
    const malformed = ["{\"name\": ", "{'name': 'x'}", "{\"name\": \"x\",}", "NaN", "[", "{} trailing", "{\"name\": \"a\tb\"}", "\u0000{}", "{\"a\":1}{\"b\":2}"]
    for (const operation of jsonOperations()) {
      for (const text of malformed) expectInvalid(await send(server.url, operation, user.token, text), `${operation.id} ${JSON.stringify(text)}`)
    }
    await stillServing()
  })

  it("answers wrong types, in every field and for the whole body, with 400 naming the field", async () => {
    for (const operation of jsonOperations()) {
      const valid = validBodies[operation.id]!()
      for (const whole of ["[]", "\"text\"", "42", "true", "[{}]"]) {
        expectInvalid(await send(server.url, operation, user.token, whole), `${operation.id} body ${whole}`)
      }
      for (const [key, value] of Object.entries(valid)) {
        const wrong = typeof value === "string" ? ["12345", "true", "[]", "{}", "[\"a\"]"] : ["\"text\"", "12", "[]", "true", "[{\"a\":1}]"]
        for (const raw of wrong) {
          const answer = await send(server.url, operation, user.token, withRaw(valid, key, raw))
          expectInvalid(answer, `${operation.id} ${key}=${raw}`)
          if (answer.body.code === "InvalidInput") expect(answer.body.errors.map((e: { field: string }) => e.field), `${operation.id} ${key}=${raw}`).toContain(key)
        }
      }
    }
    await stillServing()
  })

  it("answers huge strings in every text field with 400", async () => {
    for (const operation of jsonOperations()) {
      const valid = validBodies[operation.id]!()
      for (const [key, value] of Object.entries(valid)) {
        if (typeof value !== "string") continue
        expectInvalid(await send(server.url, operation, user.token, JSON.stringify({ ...valid, [key]: "x".repeat(300_000) })), `${operation.id} ${key} of 300,000 characters`)
        expectInvalid(await send(server.url, operation, user.token, JSON.stringify({ ...valid, [key]: "é".repeat(100_000) })), `${operation.id} ${key} of 100,000 é`)
      }
    }
    await stillServing()
  })

  it("answers deep nesting in every body with 400, however deep", async () => {
    for (const operation of jsonOperations()) {
      const valid = validBodies[operation.id]!()
      for (const depth of [100, 5_000, 100_000]) {
        const nested = "{\"a\":".repeat(depth) + "1" + "}".repeat(depth)
        for (const key of [...Object.keys(valid), "config"]) {
          expectInvalid(await send(server.url, operation, user.token, withRaw(valid, key, nested)), `${operation.id} ${key} nested ${depth} deep`)
        }
        expectInvalid(await send(server.url, operation, user.token, "[".repeat(depth) + "]".repeat(depth)), `${operation.id} arrays ${depth} deep`)
      }
    }
    await stillServing()
  })

  it("answers unknown fields in every body with 400 naming them, and assigns nothing", async () => {
    const extras: Record<string, unknown> = { is_admin: true, credits_remaining: 1_000_000, plan: "enterprise", user_id: user.user.id, id: "00000000-0000-4000-8000-000000000000", status: "completed", __proto__x: 1 }
    for (const operation of jsonOperations()) {
      for (const [key, value] of Object.entries(extras)) {
        const body = { ...validBodies[operation.id]!(), [key]: value }
        const answer = await send(server.url, operation, user.token, JSON.stringify(body))
        expectInvalid(answer, `${operation.id} with ${key}`)
        expect(answer.body.errors.map((e: { field: string }) => e.field), `${operation.id} with ${key}`).toContain(key)
      }
      const proto = await send(server.url, operation, user.token, withRaw(validBodies[operation.id]!(), "__proto__", "{\"is_admin\": true}"))
      expectInvalid(proto, `${operation.id} with __proto__`)
    }
    // Nothing was assigned: the balance, the plan and the campaigns are what they were.
    expect((await call(server.url, "/api/users/credits", { token: user.token })).body).toEqual({ credits_remaining: 500, credits_monthly: 500, plan: "starter" })
    expect((await call(server.url, "/api/campaigns", { token: user.token })).body.total).toBe(1)
    await stillServing()
  })

  it("answers NUL bytes, invalid UTF-8 and lone surrogates in every text field with 400", async () => {
    for (const operation of jsonOperations()) {
      const valid = validBodies[operation.id]!()
      for (const [key, value] of Object.entries(valid)) {
        if (typeof value !== "string") continue
        const label = `${operation.id} ${key}`
        expectInvalid(await send(server.url, operation, user.token, JSON.stringify({ ...valid, [key]: `${value}\u0000x` })), `${label} with NUL`)
        expectInvalid(await send(server.url, operation, user.token, withRaw(valid, key, "\"a\\ud800b\"")), `${label} with a lone surrogate`)
        const [before, after] = withRaw(valid, key, "\"MARK\"").split("MARK")
        const bytes = Buffer.concat([Buffer.from(before!), Buffer.from([0x61, 0xff, 0xfe, 0xc3, 0x28]), Buffer.from(after!)])
        expectInvalid(await send(server.url, operation, user.token, bytes), `${label} with invalid UTF-8`)
      }
    }
    for (const operation of jsonOperations()) {
      // The same fields as a form: URL-encoded ones are checked alike; multipart ones are no JSON body at all.
      const valid = validBodies[operation.id]!()
      const text = Object.fromEntries(Object.entries(valid).filter(([, value]) => typeof value === "string")) as Record<string, string>
      const key = Object.keys(text)[0]!
      const encoded = new URLSearchParams({ ...text, [key]: `${text[key]}\u0000` }).toString()
      expectInvalid(await send(server.url, operation, user.token, encoded, "application/x-www-form-urlencoded"), `${operation.id} form with NUL`)
      const form = new FormData()
      for (const [name, value] of Object.entries(text)) form.append(name, name === key ? `${value}\u0000` : value)
      expectInvalid(await call(server.url, fillPath(operation, {}), { method: operation.method, token: user.token, body: form }), `${operation.id} multipart form`)
    }
    const create = operations.find((op) => op.id === "campaigns.create")!
    expectInvalid(await send(server.url, create, user.token, JSON.stringify({ name: "n", vertical: "vc", config: { "k\u0000": 1 } })), "a NUL in a config key")
    expectInvalid(await send(server.url, create, user.token, JSON.stringify({ name: "n", vertical: "vc", config: { list: ["\u0000"] } })), "a NUL deep in config")
    await stillServing()
  })

  it("answers NUL, invalid UTF-8, huge values, unknown and repeated parameters in every query with 400", async () => {
    const withQuery = operations.filter((op) => op.parameters.some((p) => p.in === "query"))
    expect(withQuery.length).toBeGreaterThanOrEqual(7)
    for (const operation of withQuery) {
      const values: Record<string, string> = { campaign_id: campaignId, email: "someone@example.com" }
      const base = operation.parameters.filter((p) => p.in === "query" && p.required).map((p) => `${p.name}=${encodeURIComponent(values[p.name]!)}`)
      const path = fillPath(operation, { id: campaignId })
      const attempt = async (extra: string, label: string) => {
        const answer = await call(server.url, `${path}?${[...base, extra].join("&")}`, { method: operation.method, token: user.token })
        expectInvalid(answer, `${operation.id} ${label}`)
        return answer
      }
      for (const parameter of operation.parameters.filter((p) => p.in === "query")) {
        const others = base.filter((pair) => !pair.startsWith(`${parameter.name}=`))
        for (const [raw, label] of [["a%00b", "NUL"], ["%FF%FE", "invalid UTF-8"], ["%E0%A4%A", "a broken escape"], ["%C0%AF", "an overlong encoding"], ["x".repeat(10_000), "10,000 characters"]]) {
          const answer = await call(server.url, `${path}?${[...others, `${parameter.name}=${raw}`].join("&")}`, { method: operation.method, token: user.token })
          expectInvalid(answer, `${operation.id} ${parameter.name} with ${label}`)
          expect(answer.body.errors.map((e: { field: string }) => e.field), `${operation.id} ${parameter.name} with ${label}`).toContain(parameter.name)
        }
      }
      const unknown = await attempt("bogus_filter=1", "an unknown parameter")
      expect(unknown.body.errors.map((e: { field: string }) => e.field)).toContain("bogus_filter")
      const first = operation.parameters.find((p) => p.in === "query")!
      if (!first.required) await attempt(`${first.name}=1&${first.name}=2`, "a repeated parameter")
    }
    for (const path of ["/api/campaigns/%00", "/api/campaigns/%FF", `/api/campaigns/${"9".repeat(5000)}`, "/api/leads/%E0%A4%A/optout"]) {
      const answer = await call(server.url, path, { token: user.token, method: path.endsWith("optout") ? "POST" : "GET" })
      expect(answer.status, path).toBeGreaterThanOrEqual(400)
      expect(answer.status, path).toBeLessThan(500)
      expect(answer.body.code, path).toBeDefined()
    }
    await stillServing()
  })

  it("answers 413 to a JSON body over 1 MB on every JSON operation, declared or chunked, and to an upload over its limit", async () => {
    for (const operation of jsonOperations()) {
      const big = JSON.stringify({ ...validBodies[operation.id]!(), name: "x".repeat(1024 * 1024 + 10) })
      const declared = await send(server.url, operation, user.token, big)
      expect(declared.status, `${operation.id} declared`).toBe(413)
      expect(declared.body.code).toBe("PayloadTooLarge")
      const bytes = Buffer.from(big)
      const chunked = await call(server.url, fillPath(operation, {}), {
        method: operation.method,
        token: user.token,
        headers: { "content-type": "application/json" },
        body: new ReadableStream({
          start(controller) {
            for (let at = 0; at < bytes.length; at += 64 * 1024) controller.enqueue(bytes.subarray(at, at + 64 * 1024))
            controller.close()
          }
        })
      })
      expect(chunked.status, `${operation.id} chunked`).toBe(413)
    }
    const upload = await call(server.url, `/api/campaigns/${campaignId}/import`, {
      token: user.token,
      body: `${HEADER}\n` + "x,".repeat(700_000),
      headers: { "content-type": "text/csv" }
    })
    expect(upload.status).toBe(413)
    await stillServing()
  })

  it("stores SQL-looking strings verbatim, reads them back, finds them by search, and lets none of them run", async () => {
    const owner = await call(server.url, "/api/users/register", { json: { email: freshEmail(), password: "long enough password", name: SQL, company: SQL_VARIANTS[1] } })
    expect(owner.status).toBe(201)
    const token = owner.body.access_token as string
    expect((await call(server.url, "/api/users/me", { token })).body).toMatchObject({ name: SQL, company: SQL_VARIANTS[1] })
    const key = await call(server.url, "/api/users/api-keys", { token, json: { name: SQL_VARIANTS[2] } })
    expect((await call(server.url, "/api/users/api-keys", { token })).body[0].name).toBe(SQL_VARIANTS[2])
    expect(key.status).toBe(201)
    const campaign = await call(server.url, "/api/campaigns", { token, json: { name: SQL, vertical: "vc", config: { query: SQL_VARIANTS[4], [SQL_VARIANTS[3]!]: SQL } } })
    expect(campaign.status).toBe(201)
    const id = campaign.body.id as string
    expect((await call(server.url, `/api/campaigns/${id}`, { token })).body).toMatchObject({ name: SQL, config: { query: SQL_VARIANTS[4], [SQL_VARIANTS[3]!]: SQL } })

    const quote = (cell: string) => `"${cell.replaceAll("\"", "\"\"")}"`
    const rows = SQL_VARIANTS.map((text, i) =>
      [text, `sql${i}@example.com`, "scraped", text, text, text, "Seed", "$1M", text, "N/A", "https://x.example", String(50 + i), "COOL", "https://x.example/team", "2024-05-01T09:30:00"].map(quote).join(",")
    )
    const imported = await call(server.url, `/api/campaigns/${id}/import`, { token, body: [HEADER, ...rows].join("\r\n"), headers: { "content-type": "text/csv" } })
    expect(imported.body).toMatchObject({ imported: SQL_VARIANTS.length, error_count: 0 })
    const listed = await call(server.url, `/api/leads?campaign_id=${id}&sort_by=name&sort_dir=asc&per_page=200`, { token })
    expect(listed.body.leads.map((lead: { name: string }) => lead.name).sort()).toEqual([...SQL_VARIANTS].sort())
    for (const lead of listed.body.leads) expect(lead).toMatchObject({ fund: lead.name, role: lead.name, sectors: lead.name, hq: lead.name })

    for (const text of SQL_VARIANTS) {
      const found = await call(server.url, `/api/leads?campaign_id=${id}&search=${encodeURIComponent(text)}`, { token })
      expect(found.status, text).toBe(200)
      expect(found.body.leads.map((lead: { name: string }) => lead.name), text).toContain(text)
      const byFund = await call(server.url, `/api/leads?campaign_id=${id}&fund=${encodeURIComponent(text)}&hq=${encodeURIComponent(text)}`, { token })
      expect(byFund.body.leads.every((lead: { fund: string }) => lead.fund.toLowerCase().includes(text.toLowerCase())), text).toBe(true)
    }
    const injected = await call(server.url, `/api/leads?campaign_id=${id}&fund=${encodeURIComponent("zzz' OR '1'='1")}`, { token })
    expect(injected.body.total).toBe(0)
    for (const sort of ["score; DROP TABLE leads", "name desc, (SELECT 1)", "1"]) {
      expectInvalid(await call(server.url, `/api/leads?campaign_id=${id}&sort_by=${encodeURIComponent(sort)}`, { token }), `sort_by=${sort}`)
    }
    const exported = parse(await (await fetch(`${server.url}/api/leads/export?campaign_id=${id}`, { headers: { authorization: `Bearer ${token}` } })).text(), { columns: true, bom: true }) as Array<Record<string, string>>
    // Cells that start with a formula character come back with the export's leading quote; the rest verbatim.
    expect(exported.map((row) => row.Name!.replace(/^'(?=[=+\-@\t\r])/, "")).sort()).toEqual([...SQL_VARIANTS].sort())

    await withInspector(url, async (db) => {
      expect(num((await db.rows<{ n: unknown }>("SELECT COUNT(*) AS n FROM leads WHERE campaign_id = $1", id))[0]!.n)).toBe(SQL_VARIANTS.length)
      expect(num((await db.rows<{ n: unknown }>("SELECT COUNT(*) AS n FROM users"))[0]!.n)).toBeGreaterThanOrEqual(2)
    })
    await stillServing()
  })

  it("pollutes no prototype with __proto__ or constructor keys anywhere in a body", async () => {
    const create = operations.find((op) => op.id === "campaigns.create")!
    for (const raw of [
      "{\"name\":\"p\",\"vertical\":\"vc\",\"config\":{\"__proto__\":{\"polluted\":\"yes\"}}}",
      "{\"name\":\"p\",\"vertical\":\"vc\",\"config\":{\"constructor\":{\"prototype\":{\"polluted\":\"yes\"}}}}",
      "{\"name\":\"p\",\"vertical\":\"vc\",\"config\":{\"a\":[{\"__proto__\":{\"polluted\":\"yes\"}}]}}"
    ]) {
      const answer = await send(server.url, create, user.token, raw)
      expect(answer.status).toBeLessThan(500)
      if (answer.status === 201) {
        const read = await call(server.url, `/api/campaigns/${answer.body.id}`, { token: user.token })
        expect(read.body.config.polluted).toBeUndefined()
      }
    }
    // The server runs in this process: its objects would show the pollution here.
    expect(({} as Record<string, unknown>).polluted).toBeUndefined()
    expect((Object.prototype as Record<string, unknown>).polluted).toBeUndefined()
  })

  it("never lets a webhook URL make the server call into its own network, however the address is written", async () => {
    const hits: Array<string> = []
    const receiver = createServer((request, response) => {
      hits.push(`${request.method} ${request.url}`)
      request.resume()
      response.end("{}")
    })
    await new Promise<void>((resolve) => receiver.listen(0, "127.0.0.1", resolve))
    const { port } = receiver.address() as AddressInfo
    try {
      const hosts = ["127.0.0.1", "localhost", "localhost.", "[::1]", "[::ffff:127.0.0.1]", "[0:0:0:0:0:ffff:7f00:1]", "2130706433", "0x7f000001", "127.1", "0177.0.0.1", "0.0.0.0", "[::]"]
      for (const host of hosts) {
        const put = await call(server.url, "/api/users/integrations/webhook", {
          method: "PUT",
          token: user.token,
          json: { url: `http://${host}:${port}/hook`, secret: "a webhook secret of some length" }
        })
        expect(put.status, host).toBeLessThan(500)
        if (put.status !== 200) continue
        const launch = await call(server.url, "/api/outreach/launch", { token: user.token, json: { ...validBodies["outreach.launch"]!(), campaign_id: campaignId, name: `SSRF ${host}` } })
        expect(launch.status, `${host}: ${launch.text.slice(0, 200)}`).not.toBe(200)
        expect(typeof launch.body.detail, host).toBe("string")
      }
      expect(hits, "requests the server made to its own network").toEqual([])
    } finally {
      await new Promise<void>((resolve) => receiver.close(() => resolve()))
    }
  })

  it("logged no 500 for any of it", () => {
    // 502 is the outreach provider's refusal of a webhook address, answered on purpose.
    const failures = server.logs.filter((line) =>
      /"status":5\d\d/.test(line) ? !/"status":502/.test(line) : /"level":"(ERROR|FATAL)"/.test(line)
    )
    expect(failures.map((line) => line.slice(0, 400))).toEqual([])
  })
})
