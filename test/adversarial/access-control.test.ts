/**
 * Case 1, access control (OWASP ASVS V4 / V8): every operation of the OpenAPI document that takes an
 * id or a campaign_id answers user B with 404 for user A's resource — reads, changes, exports, stats,
 * events, imports, opt-outs and runs — with B's JWT, B's API key as a bearer token and in X-API-Key
 * (and in ?access_token= where the operation takes it), exactly as for an id that does not exist,
 * and A's resource is left as it was. An operation with an id the table below does not know fails
 * the suite, and so does an operation without authentication that is not listed as public.
 */
import { mkdirSync, writeFileSync } from "node:fs"
import { createServer } from "node:http"
import type { AddressInfo } from "node:net"
import { join } from "node:path"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { crawlerCsv, fixtureLeads } from "../../packages/http/test/support/CrawlerCsv.js"
import { databases, scratchFolder } from "./support/Databases.js"
import { describeCredential, fillPath, type Operation, presenting, readOperations } from "./support/OpenApi.js"
import { call, register, startTestServer, type TestServer, waitFor } from "./support/Servers.js"

/** Operations anyone may call. A new public operation must be added here on purpose. */
const PUBLIC = new Set([
  "session.register",
  "session.login",
  "optout.optOutByEmail",
  "verticals.list",
  "verticals.get",
  "health.health"
])

/** What an id names, from the operation's path and the id's name; undefined when unknown. */
type Resource = "campaign" | "lead" | "apiKey" | "outreach"
const resourceOf = (operation: Operation, name: string): Resource | undefined => {
  if (name === "campaign_id") return "campaign"
  if (name !== "id") return undefined
  if (operation.path.startsWith("/api/campaigns/{id}")) return "campaign"
  if (operation.path.startsWith("/api/leads/{id}")) return "lead"
  if (operation.path.startsWith("/api/users/api-keys/{id}")) return "apiKey"
  if (operation.path.startsWith("/api/outreach/{id}")) return "outreach"
  return undefined
}

/** The ids an operation takes, in its path, its query or its JSON body, that name a row of some user. */
const idParameters = (operation: Operation): Array<{ readonly name: string; readonly in: "path" | "query" | "body" }> => [
  ...operation.parameters.filter((p) => (p.in === "path" || p.in === "query") && (p.name === "id" || p.name.endsWith("_id"))).map((p) => ({ name: p.name, in: p.in as "path" | "query" })),
  ...operation.bodyFields.filter((name) => name.endsWith("_id")).map((name) => ({ name, in: "body" as const }))
]

const IMPORT_FILE = "leads.csv"
const leads = fixtureLeads(6)
const csv = crawlerCsv(leads)

/** Valid JSON bodies of the operations that take an id in their body, given the ids to put in. */
const jsonBodies: Record<string, (ids: Record<string, string>) => Record<string, unknown>> = {
  "outreach.launch": (ids) => ({
    name: "Access check",
    provider: "webhook",
    campaign_id: ids.campaign_id,
    from_email: "sender@example.com",
    from_name: "Sender",
    steps: [{ subject: "Hello", body: "Hello {first_name}", delay_days: 0 }]
  })
}

/**
 * A valid request body for the operations with an id that take one, so that only ownership can
 * refuse them; an empty JSON object for the others (authentication comes before the body is read).
 */
const bodyFor = (operation: Operation, ids: Record<string, string>): { body?: string; headers?: Record<string, string> } => {
  if (operation.bodyTypes.length === 0) return {}
  if (operation.bodyTypes.includes("text/csv")) return { body: csv, headers: { "content-type": "text/csv" } }
  const json = jsonBodies[operation.id]
  if (json !== undefined) return { body: JSON.stringify(json(ids)), headers: { "content-type": "application/json" } }
  if (idParameters(operation).length === 0 && operation.bodyTypes.includes("application/json")) {
    return { body: "{}", headers: { "content-type": "application/json" } }
  }
  throw new Error(`${operation.id} takes a body (${operation.bodyTypes.join(", ")}) the access table has no example of`)
}

/** A webhook receiver for the outreach provider "webhook": it takes every event. */
const startWebhookReceiver = async () => {
  const received: Array<string> = []
  const receiver = createServer((request, response) => {
    let body = ""
    request.on("data", (chunk: Buffer) => (body += chunk.toString("utf8")))
    request.on("end", () => {
      received.push(body)
      response.writeHead(200, { "content-type": "application/json" }).end("{}")
    })
  })
  await new Promise<void>((resolve) => receiver.listen(0, "127.0.0.1", resolve))
  const { port } = receiver.address() as AddressInfo
  return { url: `http://127.0.0.1:${port}/hook`, received, close: () => new Promise<void>((resolve) => receiver.close(() => resolve())) }
}

// The outreach cases' webhook receiver listens on loopback, which webhooks may not reach by default;
// the outreach providers read this setting from the process's environment (this file's process only).
process.env.LF_WEBHOOK_ALLOW_PRIVATE = "1"

const backends = await databases("access")
const importDir = scratchFolder("access-imports")
writeFileSync(join(importDir, IMPORT_FILE), csv)

describe.each(backends)("access control on $name", ({ url }) => {
  let server: TestServer
  let operations: Array<Operation>
  let owner: Awaited<ReturnType<typeof register>>
  let ownerKey: { id: string; key: string }
  let intruder: Awaited<ReturnType<typeof register>>
  let intruderKey: string
  let ids: Record<Resource, string>
  let webhook: Awaited<ReturnType<typeof startWebhookReceiver>>
  const campaignName = `Owner's private campaign ${Date.now()}`

  beforeAll(async () => {
    const runsDir = join(importDir, "..", `runs-${Date.now()}`)
    mkdirSync(runsDir, { recursive: true })
    server = await startTestServer(url, { LF_IMPORT_DIR: importDir, LF_RUNS_DIR: runsDir, LF_WORKER_POLL_MS: "50", LF_WEBHOOK_ALLOW_PRIVATE: "1" })
    operations = await readOperations(server.url)
    owner = await register(server.url, "Owner")
    intruder = await register(server.url, "Intruder")
    ownerKey = (await call(server.url, "/api/users/api-keys", { token: owner.token, json: { name: "owner's" } })).body
    intruderKey = (await call(server.url, "/api/users/api-keys", { token: intruder.token, json: { name: "intruder's" } })).body.key
    const campaign = await call(server.url, "/api/campaigns", {
      token: owner.token,
      json: { name: campaignName, vertical: "vc", config: { csv: IMPORT_FILE } }
    })
    expect(campaign.status).toBe(201)
    const imported = await call(server.url, `/api/campaigns/${campaign.body.id}/import`, {
      token: owner.token,
      body: csv,
      headers: { "content-type": "text/csv" }
    })
    expect(imported.body.imported).toBe(leads.length)
    const firstLead = await call(server.url, `/api/leads?campaign_id=${campaign.body.id}&has_email=true&per_page=1`, { token: owner.token })
    webhook = await startWebhookReceiver()
    for (const user of [owner, intruder]) {
      const integration = await call(server.url, "/api/users/integrations/webhook", {
        method: "PUT",
        token: user.token,
        json: { url: webhook.url, secret: "a webhook secret of some length" }
      })
      expect(integration.status).toBe(200)
    }
    const launched = await call(server.url, "/api/outreach/launch", { token: owner.token, json: jsonBodies["outreach.launch"]!({ campaign_id: campaign.body.id }) })
    expect(launched.status, launched.text).toBe(200)
    ids = { campaign: campaign.body.id, lead: firstLead.body.leads[0].id, apiKey: ownerKey.id, outreach: launched.body.outreach_campaign.id }
  })
  afterAll(async () => {
    await server?.stop()
    await webhook?.close()
  })

  const request = (operation: Operation, values: Record<string, string>, headers: Record<string, string>, query: Record<string, string>) => {
    const search = new URLSearchParams(query)
    for (const p of operation.parameters) {
      if (p.in === "query" && values[p.name] !== undefined) search.set(p.name, values[p.name]!)
    }
    const path = fillPath(operation, values) + (search.size > 0 ? `?${search}` : "")
    const { body, headers: bodyHeaders } = bodyFor(operation, values)
    return call(server.url, path, {
      method: operation.method,
      headers: { ...headers, ...bodyHeaders },
      ...(body === undefined ? {} : { body })
    })
  }

  it("knows every operation of the document: each is public on purpose or needs a credential", () => {
    expect(operations.length).toBeGreaterThanOrEqual(26)
    const unlisted = operations.filter((op) => op.credentials.length === 0 && !PUBLIC.has(op.id)).map((op) => op.id)
    expect(unlisted, "operations without authentication that are not meant to be public").toEqual([])
    const unknown = operations.flatMap((op) =>
      idParameters(op).filter((p) => resourceOf(op, p.name) === undefined).map((p) => `${op.id} (${p.name})`)
    )
    expect(unknown, "id parameters the access table does not know").toEqual([])
  })

  it("answers 401 to every operation that needs a credential when none is given", async () => {
    for (const operation of operations.filter((op) => op.credentials.length > 0)) {
      const values = Object.fromEntries(idParameters(operation).map((p) => [p.name, ids[resourceOf(operation, p.name)!]]))
      const answer = await request(operation, values, {}, {})
      expect(answer.status, operation.id).toBe(401)
      expect(answer.body.code, operation.id).toBe("Unauthorized")
    }
  })

  it("answers user B 404 for user A's rows on every operation, with B's JWT and B's API key, as for an id that does not exist", async () => {
    const guarded = operations.filter((op) => op.credentials.length > 0 && idParameters(op).length > 0)
    // Reads, changes, exports, stats, events, imports, opt-outs, runs and key revocation all take an id.
    expect(guarded.map((op) => op.id).sort()).toEqual(expect.arrayContaining([
      "campaigns.delete", "campaigns.get", "campaigns.import", "leads.export", "leads.freshness", "leads.list",
      "leads.optOut", "leads.stats", "runs.cancel", "runs.events", "runs.run", "users.revokeApiKey",
      "outreach.launch", "outreach.start", "outreach.pause", "outreach.stats"
    ]))
    const missing = "00000000-0000-4000-8000-000000000000"
    let attempts = 0
    for (const operation of guarded) {
      const owned = Object.fromEntries(idParameters(operation).map((p) => [p.name, ids[resourceOf(operation, p.name)!]]))
      const absent = Object.fromEntries(idParameters(operation).map((p) => [p.name, missing]))
      for (const credential of operation.credentials) {
        // An API key goes wherever a credential goes; a JWT wherever it is not an API-key header.
        const secrets = credential.kind === "header" ? [intruderKey] : [intruder.token, intruderKey]
        for (const secret of secrets) {
          const { headers, query } = presenting(credential, secret)
          const label = `${operation.id} with B's ${secret === intruderKey ? "API key" : "JWT"} in ${describeCredential(credential)}`
          const answer = await request(operation, owned, headers, query)
          expect(answer.status, label).toBe(404)
          expect(answer.body.code, label).toBe("NotFound")
          expect(answer.text, label).not.toContain(campaignName)
          expect(answer.text, label).not.toContain(leads[0]!.name)
          const nothing = await request(operation, absent, headers, query)
          expect(nothing.status, `${label}, id that does not exist`).toBe(404)
          expect(answer.body, `${label}: A's row must look exactly like no row`).toEqual(nothing.body)
          attempts++
        }
      }
    }
    console.log(`access control: ${guarded.length} operations with ids, ${attempts} cross-user attempts, each against a missing id too`)
    expect(attempts).toBeGreaterThanOrEqual(30)
  })

  it("left user A's rows as they were, and A's own requests on every operation succeed", async () => {
    const campaign = await call(server.url, `/api/campaigns/${ids.campaign}`, { token: owner.token })
    expect(campaign.body).toMatchObject({ id: ids.campaign, status: "pending", total_leads: leads.length, credits_used: 0 })
    const list = await call(server.url, `/api/leads?campaign_id=${ids.campaign}&per_page=200`, { token: owner.token })
    expect(list.body.total).toBe(leads.length)
    expect((await call(server.url, "/api/users/me", { apiKey: ownerKey.key })).status).toBe(200)
    expect((await call(server.url, "/api/users/credits", { token: owner.token })).body.credits_remaining).toBe(500)
    expect((await call(server.url, "/api/campaigns", { token: intruder.token })).body.total).toBe(0)
    const outreach = await call(server.url, `/api/outreach/${ids.outreach}/stats`, { token: owner.token })
    expect(outreach.body.outreach_campaign).toMatchObject({ status: "ready", leads_pushed: leads.filter((lead) => lead.email !== null).length })

    // The same requests from A, deletions last: none is refused, so the 404s above were about ownership.
    const guarded = operations.filter((op) => op.credentials.length > 0 && idParameters(op).length > 0)
    const order = (op: Operation) => (op.method === "DELETE" ? 2 : op.id === "runs.run" || op.id === "leads.optOut" ? 1 : 0)
    for (const operation of [...guarded].sort((a, b) => order(a) - order(b))) {
      if (operation.method === "DELETE") {
        await waitFor("the owner's run to end", async () => {
          const status = (await call(server.url, `/api/campaigns/${ids.campaign}`, { token: owner.token })).body.status
          return status === "queued" || status === "running" ? undefined : status
        })
      }
      const values = Object.fromEntries(idParameters(operation).map((p) => [p.name, ids[resourceOf(operation, p.name)!]]))
      const answer = await request(operation, values, { authorization: `Bearer ${owner.token}` }, {})
      expect(answer.status, `${operation.id} by the owner: ${answer.text.slice(0, 200)}`).toBeGreaterThanOrEqual(200)
      expect(answer.status, `${operation.id} by the owner: ${answer.text.slice(0, 200)}`).toBeLessThan(300)
    }
  })
})
