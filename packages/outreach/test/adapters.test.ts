/** Each adapter against a loopback stand-in of its provider: the calls as documented, retries and errors. */
import { type OutreachLead, type ProviderCredentials, ProviderError, SequenceStep, TEMPLATES } from "@leadfactory/core"
import { Cause, Effect, Exit, Redacted } from "effect"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { InstantlyProvider, type RetryPolicy, retryAfterMs, SmartleadProvider, WebhookProvider } from "../src/index.js"
import { startInstantly, startSmartlead, startWebhookReceiver } from "./support/StandIns.js"

const FAST: RetryPolicy = { maxAttempts: 3, baseDelayMs: 5, maxDelayMs: 50, timeoutMs: 5_000 }

const credentials = (apiKey: string, extra: Partial<ProviderCredentials> = {}): ProviderCredentials => ({
  apiKey: Redacted.make(apiKey),
  url: null,
  secret: null,
  ...extra
})

const leads = (count: number, offset = 0): Array<OutreachLead> =>
  Array.from({ length: count }, (_, i) => ({
    lead_id: `lead-${offset + i}`,
    email: `person${offset + i}@fund.example`,
    first_name: "Ada",
    last_name: `Person ${offset + i}`,
    name: `Ada Person ${offset + i}`,
    fund: "Acme Ventures",
    role: "Partner",
    score: 90,
    tier: "HOT"
  }))

const steps = TEMPLATES.find((template) => template.id === "vc_intro")!.steps
const newCampaign = { outreach_campaign_id: "00000000-0000-4000-8000-000000000001", name: "Q3 VCs", from_email: "me@startup.example", from_name: "Me", steps }

const run = <A, E>(effect: Effect.Effect<A, E>) => Effect.runPromise(effect)
const failure = async <A>(effect: Effect.Effect<A, ProviderError>): Promise<ProviderError> => {
  const exit = await Effect.runPromiseExit(effect)
  if (Exit.isSuccess(exit)) throw new Error("expected a failure")
  const error = Cause.failureOption(exit.cause)
  if (error._tag === "None") throw new Error(`expected a ProviderError, got ${Cause.pretty(exit.cause)}`)
  return error.value
}

describe("Instantly (API v2)", () => {
  const key = "inst_key_abcdef123456"
  let instantly: Awaited<ReturnType<typeof startInstantly>>
  beforeAll(async () => {
    instantly = await startInstantly(key)
  })
  afterAll(() => instantly.close())
  const adapter = () => InstantlyProvider.make(credentials(key), { baseUrl: instantly.url, retry: FAST })

  it("creates the campaign with the sequence in Instantly's variables, adds, starts, pauses and reads stats", async () => {
    const id = await run(adapter().createCampaign(newCampaign))
    const created = instantly.campaigns.get(id)!
    expect(created.body.name).toBe("Q3 VCs")
    expect(created.body.email_list).toEqual(["me@startup.example"])
    const sent = created.body.sequences[0].steps
    expect(sent).toHaveLength(3)
    expect(sent[0].variants[0].body).toContain("{{firstName}}")
    expect(sent[0].variants[0].subject).toBe("Intro for {{companyName}}")
    expect(JSON.stringify(sent)).not.toMatch(/(?<!\{)\{(first_name|fund|role)\}/)
    // Instantly's delay is the wait before the next step.
    expect(sent.map((step: any) => step.delay)).toEqual([3, 7, 0])

    await run(adapter().addLeads(id, leads(3)))
    expect([...created.leads.keys()]).toEqual(["person0@fund.example", "person1@fund.example", "person2@fund.example"])
    expect(created.leads.get("person0@fund.example")).toMatchObject({
      first_name: "Ada",
      company_name: "Acme Ventures",
      custom_variables: { role: "Partner", leadfactory_id: "lead-0" }
    })
    await run(adapter().start(id))
    expect(created.status).toBe("active")
    await run(adapter().pause(id))
    expect(created.status).toBe("paused")
    expect(await run(adapter().stats(id))).toEqual({ sent: 3, opened: 1, replied: 1, bounced: 0 })
    expect(adapter().batchSize).toBe(1000)
  })

  it("retries a 429 (honouring Retry-After) and a 500, then succeeds", async () => {
    const id = await run(adapter().createCampaign(newCampaign))
    const before = instantly.requests.length
    instantly.fail(/leads\/add/, [
      { status: 429, body: { message: "Too many requests" }, headers: { "retry-after": "0" } },
      { status: 500, body: { message: "Internal error" } }
    ])
    await run(adapter().addLeads(id, leads(2)))
    expect(instantly.requests.length - before).toBe(3)
    expect(instantly.campaigns.get(id)!.leads.size).toBe(2)
  })

  it("gives up after the last attempt with the provider's message", async () => {
    instantly.fail(/activate/, [{ status: 503, body: { message: "Maintenance" } }, { status: 503, body: { message: "Maintenance" } }, {
      status: 503,
      body: { message: "Maintenance" }
    }])
    const error = await failure(adapter().start("whatever"))
    expect(error).toBeInstanceOf(ProviderError)
    expect(error).toMatchObject({ provider: "instantly", status: 503, message: "Instantly answered 503: Maintenance" })
  })

  it("does not retry a 4xx and reports the provider's message; the key never appears in it", async () => {
    const before = instantly.requests.length
    const error = await failure(InstantlyProvider.make(credentials("wrong-key"), { baseUrl: instantly.url, retry: FAST }).start("x"))
    expect(instantly.requests.length - before).toBe(1)
    expect(error).toMatchObject({ status: 401, message: "Instantly answered 401: Invalid API key" })
    expect(error.message).not.toContain("wrong-key")
  })
})

describe("Smartlead (API v1)", () => {
  const key = "sl_key_0987654321zyxw"
  let smartlead: Awaited<ReturnType<typeof startSmartlead>>
  beforeAll(async () => {
    smartlead = await startSmartlead(key)
  })
  afterAll(() => smartlead.close())
  const adapter = (apiKey = key) => SmartleadProvider.make(credentials(apiKey), { baseUrl: `${smartlead.url}/api/v1`, retry: FAST })

  it("creates the campaign and its sequences, adds leads in batches of 100, starts, pauses and reads stats", async () => {
    const id = await run(adapter().createCampaign(newCampaign))
    const created = smartlead.campaigns.get(Number(id))!
    expect(created.name).toBe("Q3 VCs")
    expect(created.sequences.map((s) => [s.seq_number, s.seq_delay_details.delay_in_days])).toEqual([[1, 0], [2, 3], [3, 7]])
    expect(created.sequences[0].email_body).toContain("{{first_name}}")
    expect(created.sequences[0].subject).toBe("Intro for {{company_name}}")
    expect(adapter().batchSize).toBe(100)

    await run(adapter().addLeads(id, leads(100)))
    expect(created.leads.size).toBe(100)
    expect(created.leads.get("person7@fund.example")).toMatchObject({ company_name: "Acme Ventures", custom_fields: { role: "Partner" } })
    await run(adapter().start(id))
    expect(created.status).toBe("ACTIVE")
    await run(adapter().pause(id))
    expect(created.status).toBe("PAUSED")
    expect(await run(adapter().stats(id))).toEqual({ sent: 100, opened: 50, replied: 1, bounced: 0 })
  })

  it("retries 429 and 500 answers", async () => {
    const id = await run(adapter().createCampaign(newCampaign))
    smartlead.fail(/\/leads$/, [{ status: 429, body: { message: "Rate limit" }, headers: { "retry-after": "0" } }, { status: 500, body: {} }])
    const before = smartlead.requests.length
    await run(adapter().addLeads(id, leads(5)))
    expect(smartlead.requests.length - before).toBe(3)
    expect(smartlead.campaigns.get(Number(id))!.leads.size).toBe(5)
  })

  it("reports the provider's message without the key that sits in the URL", async () => {
    const error = await failure(adapter("sl_wrong_key_1234").createCampaign(newCampaign))
    expect(error).toMatchObject({ provider: "smartlead", status: 401, message: "Smartlead answered 401: Invalid API key" })
    expect(error.message).not.toContain("sl_wrong_key_1234")
  })
})

describe("webhook", () => {
  const secret = "whsec_0123456789abcdef"
  let receiver: Awaited<ReturnType<typeof startWebhookReceiver>>
  beforeAll(async () => {
    receiver = await startWebhookReceiver(secret)
  })
  afterAll(() => receiver.close())
  const adapter = (signWith = secret, apiKey = "") =>
    WebhookProvider.make(credentials(apiKey, { url: `${receiver.url}/hook`, secret: Redacted.make(signWith) }), FAST, {
      allowPrivateAddresses: true
    })

  it("refuses a receiver on a loopback address unless private addresses are allowed", async () => {
    const guarded = WebhookProvider.make(
      credentials("", { url: `${receiver.url}/hook`, secret: Redacted.make(secret) }),
      FAST
    )
    const before = receiver.requests.length
    const error = await failure(guarded.start("x"))
    expect(error).toMatchObject({ provider: "webhook", status: 0 })
    expect(error.message).toContain("private or local address")
    expect(receiver.requests.length).toBe(before)
  })

  it("posts signed events and batches that the receiver verifies", async () => {
    const id = await run(adapter().createCampaign(newCampaign))
    expect(id).toBe(newCampaign.outreach_campaign_id)
    await run(adapter().addLeads(id, leads(2)))
    await run(adapter().start(id))
    expect(receiver.events.map((event) => event.event)).toEqual(["campaign.created", "leads.added", "campaign.started"])
    expect(receiver.events[0].steps).toHaveLength(3)
    expect(receiver.events[1].leads.map((lead: any) => lead.email)).toEqual(["person0@fund.example", "person1@fund.example"])
    const request = receiver.requests.at(-2)!
    expect(request.headers["x-leadfactory-signature"]).toBe(
      WebhookProvider.signature(secret, String(request.headers["x-leadfactory-timestamp"]), request.raw)
    )
    expect(await run(adapter().stats(id))).toEqual({ sent: null, opened: null, replied: null, bounced: null })
  })

  it("sends the api_key as a bearer token when one is stored", async () => {
    await run(adapter(secret, "hook-token-9999").pause("x"))
    expect(receiver.requests.at(-1)!.headers.authorization).toBe("Bearer hook-token-9999")
  })

  it("fails with the receiver's message when the signature is wrong, and retries a 500", async () => {
    const error = await failure(adapter("another-secret-000000").addLeads("x", leads(1)))
    expect(error).toMatchObject({ provider: "webhook", status: 401, message: "The webhook answered 401: bad signature" })
    receiver.fail(/hook/, [{ status: 500, body: { error: "down" } }])
    const before = receiver.events.length
    await run(adapter().addLeads("x", leads(1)))
    expect(receiver.events.length - before).toBe(1)
  })
})

describe("retry timing", () => {
  it("waits as long as Retry-After asks, up to the policy's maximum", async () => {
    const receiver = await startWebhookReceiver("whsec_timing_0123456")
    try {
      const make = (maxDelayMs: number) =>
        WebhookProvider.make(
          credentials("", { url: `${receiver.url}/hook`, secret: Redacted.make("whsec_timing_0123456") }),
          { maxAttempts: 2, baseDelayMs: 1, maxDelayMs, timeoutMs: 5_000 },
          { allowPrivateAddresses: true }
        )
      receiver.fail(/hook/, [{ status: 429, headers: { "retry-after": "1" } }])
      let started = Date.now()
      await run(make(5_000).start("x"))
      expect(Date.now() - started).toBeGreaterThanOrEqual(950)

      receiver.fail(/hook/, [{ status: 429, headers: { "retry-after": "120" } }])
      started = Date.now()
      await run(make(100).start("x"))
      expect(Date.now() - started).toBeLessThan(2_000)
    } finally {
      await receiver.close()
    }
  })

  it("reads Retry-After as seconds or an HTTP date", () => {
    const now = Date.parse("2026-01-01T00:00:00Z")
    expect(retryAfterMs("3", now)).toBe(3000)
    expect(retryAfterMs("Thu, 01 Jan 2026 00:00:10 GMT", now)).toBe(10_000)
    expect(retryAfterMs("soon", now)).toBeUndefined()
    expect(retryAfterMs(null, now)).toBeUndefined()
  })
})

it("keeps SequenceStep's shape for the adapters", () => {
  expect(new SequenceStep({ subject: "s", body: "b", delay_days: 2 }).delay_days).toBe(2)
})
