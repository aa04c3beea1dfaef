/**
 * The outreach suite, run on each database: provider keys, launch into each provider (loopback
 * stand-ins of Instantly v2, Smartlead v1 and a webhook receiver), re-launch, resume after a failure
 * halfway, start, pause, stats, ownership, and keys that never appear in answers or logs.
 */
import { SqlClient } from "@effect/sql/SqlClient"
import { Effect, type Layer } from "effect"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { startInstantly, startSmartlead, startWebhookReceiver } from "../../../outreach/test/support/StandIns.js"
import { layerJsonLogger } from "../../src/LogLines.js"
import { type RunningServer, startServer } from "../../src/Server.js"
import { serverConfigFromEnv } from "../../src/ServerConfig.js"
import { crawlerCsv, fixtureLeads } from "./CrawlerCsv.js"
import { call, register } from "./Http.js"
import { TEST_SECRET } from "./TestServer.js"

const INSTANTLY_KEY = "instantly-key-ABCDEFGH-1234"
const SMARTLEAD_KEY = "smartlead-key-QRSTUVWX-5678"
const WEBHOOK_SECRET = "webhook-secret-MNOPQRST-9012"
const WEBHOOK_TOKEN = "webhook-token-IJKLMNOP-3456"
const SECRETS = [INSTANTLY_KEY, SMARTLEAD_KEY, WEBHOOK_SECRET, WEBHOOK_TOKEN]

/** The database to test on: its URL, and a second client on it to read rows directly. */
export interface SuiteDatabase {
  readonly url: string
  readonly client: Layer.Layer<SqlClient, unknown>
  readonly close?: () => Promise<void>
}

export const outreachSuite = (name: string, makeDatabase: () => Promise<SuiteDatabase>) =>
  describe(`outreach on ${name}`, () => {
    let database: SuiteDatabase
    const logs: Array<string> = []
    let server: RunningServer
    let base: string
    let instantly: Awaited<ReturnType<typeof startInstantly>>
    let smartlead: Awaited<ReturnType<typeof startSmartlead>>
    let receiver: Awaited<ReturnType<typeof startWebhookReceiver>>

    beforeAll(async () => {
      database = await makeDatabase()
      instantly = await startInstantly(INSTANTLY_KEY)
      smartlead = await startSmartlead(SMARTLEAD_KEY)
      receiver = await startWebhookReceiver(WEBHOOK_SECRET)
      const fromEnv = serverConfigFromEnv({ LF_RATE_LIMIT_AUTH: "1000/min", DATABASE_URL: database.url }, "/nonexistent")
      server = await startServer({
        ...fromEnv,
        port: 0,
        leadFactory: {
          ...fromEnv.leadFactory,
          config: { secretKey: TEST_SECRET, bcryptCost: 4 },
          logger: layerJsonLogger((line) => void logs.push(line)),
          outreach: {
            instantlyBaseUrl: instantly.url,
            smartleadBaseUrl: `${smartlead.url}/api/v1`,
            retry: { maxAttempts: 3, baseDelayMs: 5, maxDelayMs: 50, timeoutMs: 5_000 },
            // The stand-in receiver listens on loopback, which webhooks refuse by default.
            allowPrivateWebhooks: true
          }
        }
      }, (line) => void logs.push(line))
      base = server.url
    })

    afterAll(async () => {
      await server?.stop()
      await Promise.all([instantly?.close(), smartlead?.close(), receiver?.close()])
      await database?.close?.()
    })

    interface ListedLead {
      readonly id: string
      readonly email: string | null
      readonly score: number
      readonly tier: string
    }

    /** A user with the three integrations stored, and a campaign of `count` imported leads. */
    const setUp = async (count: number) => {
      const user = await register(base)
      const keys: Array<[string, unknown]> = [
        ["instantly", { api_key: INSTANTLY_KEY }],
        ["smartlead", { api_key: SMARTLEAD_KEY }],
        ["webhook", { url: `${receiver.url}/hook`, secret: WEBHOOK_SECRET, api_key: WEBHOOK_TOKEN }]
      ]
      for (const [provider, json] of keys) {
        const stored = await call(base, `/api/users/integrations/${provider}`, { method: "PUT", token: user.token, json })
        expect(stored.status, stored.text).toBe(200)
      }
      const campaign = await call(base, "/api/campaigns", { token: user.token, json: { name: "Outreach test", vertical: "vc" } })
      expect(campaign.status).toBe(201)
      const imported = await call(base, `/api/campaigns/${campaign.body.id}/import`, {
        token: user.token,
        body: crawlerCsv(fixtureLeads(count)),
        headers: { "content-type": "text/csv" }
      })
      expect(imported.status, imported.text).toBe(200)
      const listed = await call(base, `/api/leads?campaign_id=${campaign.body.id}&per_page=200`, { token: user.token })
      expect(listed.status).toBe(200)
      return { user, campaignId: campaign.body.id as string, leads: listed.body.leads as Array<ListedLead> }
    }

    /** Rows read straight from the database, as a second connection sees them. */
    const readRows = (query: (sql: SqlClient) => Effect.Effect<ReadonlyArray<Record<string, unknown>>, unknown>) =>
      Effect.runPromise(Effect.flatMap(SqlClient, query).pipe(Effect.provide(database.client)))
    const integrationRows = (userId: string) => readRows((sql) => sql`SELECT * FROM user_integrations WHERE user_id = ${userId}`)
    const outreachRows = (campaignId: string) =>
      readRows((sql) => sql`SELECT status, error_message, leads_pushed FROM outreach_campaigns WHERE campaign_id = ${campaignId}`)

    const launchBody = (campaignId: string, provider: string, extra: Record<string, unknown> = {}) => ({
      name: `To ${provider}`,
      provider,
      campaign_id: campaignId,
      from_email: "founder@startup.example",
      from_name: "Founder",
      template: "vc_intro",
      ...extra
    })

    /** The emails each provider's stand-in has accepted (2xx), in order, over every request. */
    const accepted = (status: number) => status >= 200 && status < 300
    const received = {
      instantly: () => instantly.requests.filter((r) => accepted(r.status) && r.path === "/api/v2/leads/add" && r.body?.leads).flatMap((r) => r.body.leads.map((l: any) => l.email as string)),
      smartlead: () => smartlead.requests.filter((r) => accepted(r.status) && r.path.endsWith("/leads") && r.body?.lead_list).flatMap((r) => r.body.lead_list.map((l: any) => l.email as string)),
      webhook: () => receiver.events.filter((e) => e.event === "leads.added").flatMap((e) => e.leads.map((l: any) => l.email as string))
    } as const

    describe("provider keys", () => {
      it("are encrypted at rest and shown only by their last four characters", async () => {
        const { user } = await setUp(1)
        const listed = await call(base, "/api/users/integrations", { token: user.token })
        expect(listed.status).toBe(200)
        expect(listed.body).toEqual([
          { provider: "instantly", key_last4: "1234", url: null, updated_at: expect.any(String) },
          { provider: "smartlead", key_last4: "5678", url: null, updated_at: expect.any(String) },
          { provider: "webhook", key_last4: "3456", url: `${receiver.url}/hook`, updated_at: expect.any(String) }
        ])
        for (const secret of SECRETS) expect(listed.text).not.toContain(secret)

        const rows = await integrationRows(user.user.id)
        expect(rows).toHaveLength(3)
        for (const row of rows) {
          expect(row.api_key_encrypted).toMatch(/^v1:/)
          for (const secret of SECRETS) expect(JSON.stringify(row)).not.toContain(secret)
        }
      })

      it("refuses a webhook without url or secret, and another provider without api_key", async () => {
        const user = await register(base)
        const noUrl = await call(base, "/api/users/integrations/webhook", { method: "PUT", token: user.token, json: { secret: WEBHOOK_SECRET } })
        expect(noUrl.status).toBe(400)
        expect(noUrl.body.errors).toEqual([{ field: "url", message: "A webhook needs an http(s) url." }])
        const noKey = await call(base, "/api/users/integrations/instantly", { method: "PUT", token: user.token, json: {} })
        expect(noKey.status).toBe(400)
        const unknown = await call(base, "/api/users/integrations/mailchimp", { method: "PUT", token: user.token, json: { api_key: "x" } })
        expect(unknown.status).toBe(400)
      })
    })

    describe.each(["instantly", "smartlead", "webhook"] as const)("launch into %s", (provider) => {
      it("pushes the matching leads once; a re-launch pushes nothing new; start, pause and stats", async () => {
        const { user, campaignId, leads } = await setUp(24)
        const optedOut = leads.find((lead) => lead.email !== null && lead.score >= 60)!
        expect((await call(base, `/api/leads/${optedOut.id}/optout`, { token: user.token, method: "POST" })).status).toBe(200)
        const expected = leads
          .filter((lead) => lead.email !== null && lead.id !== optedOut.id && lead.score >= 60)
          .map((lead) => lead.email!)
          .sort()
        expect(expected.length).toBeGreaterThan(5)
        const before = received[provider]().length
        // One transient failure on the first batch: retried, invisible to the caller.
        if (provider === "instantly") instantly.fail(/leads\/add/, [{ status: 429, body: { message: "slow down" }, headers: { "retry-after": "0" } }])
        if (provider === "smartlead") smartlead.fail(/\/leads$/, [{ status: 500, body: { message: "oops" } }])

        const launched = await call(base, "/api/outreach/launch", { token: user.token, json: launchBody(campaignId, provider, { min_score: 60 }) })
        expect(launched.status, launched.text).toBe(200)
        expect(launched.body).toMatchObject({
          leads_added: expected.length,
          outreach_campaign: { provider, status: "ready", leads_pushed: expected.length, error_message: null, campaign_id: campaignId }
        })
        expect(received[provider]().slice(before).sort()).toEqual(expected)

        const again = await call(base, "/api/outreach/launch", { token: user.token, json: launchBody(campaignId, provider, { min_score: 60 }) })
        expect(again.status).toBe(200)
        expect(again.body.leads_added).toBe(0)
        expect(again.body.outreach_campaign).toMatchObject({ id: launched.body.outreach_campaign.id, leads_pushed: expected.length })
        expect(received[provider]().length - before).toBe(expected.length)

        const id = launched.body.outreach_campaign.id
        const started = await call(base, `/api/outreach/${id}/start`, { token: user.token, method: "POST" })
        expect(started.status).toBe(200)
        expect(started.body.status).toBe("active")
        const paused = await call(base, `/api/outreach/${id}/pause`, { token: user.token, method: "POST" })
        expect(paused.body.status).toBe("paused")
        const stats = await call(base, `/api/outreach/${id}/stats`, { token: user.token })
        expect(stats.status).toBe(200)
        const n = expected.length
        expect(stats.body).toMatchObject(
          provider === "webhook"
            ? { sent: null, opened: null, replied: null, bounced: null }
            : { sent: n, opened: Math.floor(n / 2), replied: 1, bounced: 0 }
        )
        expect(stats.body.outreach_campaign.status).toBe("paused")
        const providerId = launched.body.outreach_campaign.provider_campaign_id as string
        if (provider === "instantly") expect(instantly.campaigns.get(providerId)!.status).toBe("paused")
        if (provider === "smartlead") expect(smartlead.campaigns.get(Number(providerId))!.status).toBe("PAUSED")
        if (provider === "webhook") {
          expect(receiver.events.filter((e) => e.outreach_campaign_id === id).map((e) => e.event)).toEqual(
            expect.arrayContaining(["campaign.created", "leads.added", "campaign.started", "campaign.paused"])
          )
        }
      })
    })

    describe("failures", () => {
      it("records how far a launch got when the provider fails halfway, answers 502, and resumes", async () => {
        const { user, campaignId, leads } = await setUp(130)
        const withEmail = leads.filter((lead) => lead.email !== null).map((lead) => lead.email!)
        expect(withEmail.length).toBeGreaterThan(100)
        const before = received.smartlead().length
        // The first batch of 100 goes through; the second is refused.
        smartlead.fail(/\/leads$/, [{ status: 422, body: { message: "Lead list rejected" } }], 1)
        const launched = await call(base, "/api/outreach/launch", { token: user.token, json: launchBody(campaignId, "smartlead", { name: "Halfway" }) })
        expect(launched.status).toBe(502)
        expect(launched.body).toEqual({ code: "ProviderError", detail: "Smartlead answered 422: Lead list rejected" })

        expect(await outreachRows(campaignId)).toEqual([{ status: "failed", error_message: "Smartlead answered 422: Lead list rejected", leads_pushed: 100 }])

        const resumed = await call(base, "/api/outreach/launch", { token: user.token, json: launchBody(campaignId, "smartlead", { name: "Halfway" }) })
        expect(resumed.status).toBe(200)
        expect(resumed.body.leads_added).toBe(withEmail.length - 100)
        const outreachId = resumed.body.outreach_campaign.id as string
        const stats = await call(base, `/api/outreach/${outreachId}/stats`, { token: user.token })
        expect(stats.body.outreach_campaign).toMatchObject({ status: "ready", leads_pushed: withEmail.length, error_message: null })
        // Every lead went out once: 100 in the first batch, the rest on resume.
        const sent = received.smartlead().slice(before)
        expect(sent).toHaveLength(withEmail.length)
        expect(new Set(sent).size).toBe(withEmail.length)
        expect(smartlead.campaigns.get(Number(stats.body.outreach_campaign.provider_campaign_id))!.leads.size).toBe(withEmail.length)
      })

      it("pushes each lead once when two launches of the same outreach campaign run at the same time", async () => {
        const { user, campaignId, leads } = await setUp(40)
        const withEmail = leads.filter((lead) => lead.email !== null).map((lead) => lead.email!)
        const before = received.webhook().length
        const body = launchBody(campaignId, "webhook", { name: "Double click" })
        const answers = await Promise.all([1, 2].map(() => call(base, "/api/outreach/launch", { token: user.token, json: body })))
        expect(answers.map((answer) => answer.status)).toEqual([200, 200])
        expect(answers[0]!.body.outreach_campaign.id).toBe(answers[1]!.body.outreach_campaign.id)
        expect(answers[0]!.body.leads_added + answers[1]!.body.leads_added).toBe(withEmail.length)
        const sent = received.webhook().slice(before)
        expect(sent).toHaveLength(withEmail.length)
        expect(new Set(sent).size).toBe(withEmail.length)
        // The receiver was told of one campaign, not two.
        const id = answers[0]!.body.outreach_campaign.id
        expect(receiver.events.filter((e) => e.event === "campaign.created" && e.outreach_campaign_id === id)).toHaveLength(1)
      })

      it("keeps the failed status and the provider's message until the next launch", async () => {
        const { user, campaignId } = await setUp(6)
        instantly.fail(/leads\/add/, [{ status: 400, body: { message: "Workspace lead limit reached" } }])
        const failed = await call(base, "/api/outreach/launch", { token: user.token, json: launchBody(campaignId, "instantly") })
        expect(failed.status).toBe(502)
        expect(failed.body.detail).toBe("Instantly answered 400: Workspace lead limit reached")
        expect(await outreachRows(campaignId)).toEqual([{ status: "failed", error_message: "Instantly answered 400: Workspace lead limit reached", leads_pushed: 0 }])
      })

      it("answers 502 with the provider's message for a key the provider refuses", async () => {
        const { user, campaignId } = await setUp(3)
        await call(base, "/api/users/integrations/instantly", { method: "PUT", token: user.token, json: { api_key: "not-the-right-key" } })
        const answer = await call(base, "/api/outreach/launch", { token: user.token, json: launchBody(campaignId, "instantly") })
        expect(answer.status).toBe(502)
        expect(answer.body).toEqual({ code: "ProviderError", detail: "Instantly answered 401: Invalid API key" })
      })

      it("asks for a key before launching into a provider without one, and for steps or a template", async () => {
        const user = await register(base)
        const campaign = await call(base, "/api/campaigns", { token: user.token, json: { name: "No key", vertical: "vc" } })
        const noKey = await call(base, "/api/outreach/launch", { token: user.token, json: launchBody(campaign.body.id, "smartlead") })
        expect(noKey.status).toBe(400)
        expect(noKey.body.errors[0].field).toBe("provider")
        const { user: other, campaignId } = await setUp(2)
        const noSteps = await call(base, "/api/outreach/launch", {
          token: other.token,
          json: { ...launchBody(campaignId, "webhook"), template: undefined }
        })
        expect(noSteps.status).toBe(400)
        expect(noSteps.body.errors[0].field).toBe("steps")
      })
    })

    describe("ownership", () => {
      it("answers 404 for another user's campaign or outreach campaign", async () => {
        const owner = await setUp(4)
        const launched = await call(base, "/api/outreach/launch", { token: owner.user.token, json: launchBody(owner.campaignId, "webhook") })
        expect(launched.status).toBe(200)
        const id = launched.body.outreach_campaign.id
        const stranger = await setUp(1)
        for (const [path, method] of [[`/api/outreach/${id}/start`, "POST"], [`/api/outreach/${id}/pause`, "POST"], [`/api/outreach/${id}/stats`, "GET"]] as const) {
          const answer = await call(base, path, { token: stranger.user.token, method })
          expect(answer.status, path).toBe(404)
        }
        const listed = await call(base, `/api/outreach?campaign_id=${owner.campaignId}`, { token: owner.user.token })
        expect(listed.status).toBe(200)
        expect(listed.body.map((o: { id: string }) => o.id)).toEqual([id])
        expect((await call(base, `/api/outreach?campaign_id=${owner.campaignId}`, { token: stranger.user.token })).status).toBe(404)
        const launchOthers = await call(base, "/api/outreach/launch", { token: stranger.user.token, json: launchBody(owner.campaignId, "webhook") })
        expect(launchOthers.status).toBe(404)
        expect((await call(base, `/api/outreach/${id}/stats`)).status).toBe(401)
      })
    })

    describe("templates", () => {
      it("lists built-in sequences per vertical with the placeholders", async () => {
        const user = await register(base)
        const answer = await call(base, "/api/outreach/templates", { token: user.token })
        expect(answer.status).toBe(200)
        const verticals = new Set(answer.body.map((template: any) => template.vertical))
        expect([...verticals].sort()).toEqual(["corp_dev", "family_office", "pe", "vc"])
        const text = JSON.stringify(answer.body)
        for (const placeholder of ["{first_name}", "{fund}", "{role}"]) expect(text).toContain(placeholder)
      })
    })

    describe("logs", () => {
      it("never contain a provider key or secret", () => {
        expect(logs.length).toBeGreaterThan(0)
        const all = logs.join("\n")
        for (const secret of SECRETS) expect(all).not.toContain(secret)
      })
    })
  })
