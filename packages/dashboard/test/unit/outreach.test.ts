// @vitest-environment happy-dom
/** The outreach panel and the integrations list in happy-dom, against a small stand-in of the API. */
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest"
import type { LfIntegrations } from "../../src/components/lf-integrations.js"
import type { LfOutreachPanel } from "../../src/components/lf-outreach-panel.js"
import "../../src/index.js"
import { json, startServer, type TestServer } from "./testServer.js"

const CAMPAIGN = "11111111-1111-4111-8111-111111111111"

const outreach = (status: string, leads: number, error: string | null = null) => ({
  id: "o1",
  campaign_id: CAMPAIGN,
  name: "First touch",
  provider: "smartlead",
  provider_campaign_id: "1000",
  status,
  leads_pushed: leads,
  error_message: error,
  created_at: "2026-01-01T00:00:00.000Z",
  updated_at: "2026-01-01T00:00:00.000Z"
})

let server: TestServer
let launched = false
let current = outreach("failed", 100, "Smartlead answered 422: Lead list rejected")
const integrations: Array<Record<string, unknown>> = [{ provider: "smartlead", key_last4: "5678", url: null, updated_at: "2026-01-01T00:00:00.000Z" }]

beforeAll(async () => {
  server = await startServer({
    "GET /api/users/integrations": (_req, _body, res) => json(res, 200, integrations),
    "PUT /api/users/integrations/webhook": (_req, body, res) => {
      const input = JSON.parse(body) as { url?: string; secret?: string }
      const saved = { provider: "webhook", key_last4: input.secret!.slice(-4), url: input.url!, updated_at: "2026-01-02T00:00:00.000Z" }
      integrations.push(saved)
      json(res, 200, saved)
    },
    "GET /api/outreach/templates": (_req, _body, res) =>
      json(res, 200, [
        { id: "pe_intro", vertical: "pe", name: "PE intro", steps: [] },
        { id: "vc_intro", vertical: "vc", name: "VC intro", steps: [] }
      ]),
    "GET /api/outreach": (_req, _body, res) => json(res, 200, launched ? [current] : []),
    "POST /api/outreach/launch": (_req, _body, res) => {
      launched = true
      current = outreach("ready", 104)
      json(res, 200, { outreach_campaign: current, leads_added: 4 })
    },
    "POST /api/outreach/o1/start": (_req, _body, res) => {
      current = outreach("active", 104)
      json(res, 200, current)
    },
    "GET /api/outreach/o1/stats": (_req, _body, res) =>
      json(res, 200, { outreach_campaign: current, sent: 104, opened: 52, replied: 1, bounced: 0 })
  })
})

afterAll(() => server.close())
afterEach(() => {
  document.body.innerHTML = ""
})

const until = async (check: () => boolean): Promise<void> => {
  for (let i = 0; i < 100; i++) {
    if (check()) return
    await new Promise((resolve) => setTimeout(resolve, 10))
  }
  throw new Error("condition not met within 1 s")
}

describe("lf-outreach-panel", () => {
  it("launches with the chosen provider, filters and template, then starts and shows stats", async () => {
    document.body.innerHTML = `<lf-outreach-panel api-base="${server.url}" campaign-id="${CAMPAIGN}" vertical="vc"></lf-outreach-panel>`
    const panel = document.body.firstElementChild as LfOutreachPanel
    const root = () => panel.shadowRoot!
    await until(() => root().querySelector("form.launch") !== null)
    // The campaign's vertical first; only providers with a stored key.
    expect([...root().querySelectorAll("#template option")].map((o) => o.getAttribute("value"))).toEqual(["vc_intro", "pe_intro"])
    expect([...root().querySelectorAll("#provider option")].map((o) => o.textContent?.trim())).toEqual(["smartlead (…5678)"])
    for (const input of root().querySelectorAll("input[id], select[id]")) {
      expect(root().querySelector(`label[for="${input.id}"]`)?.textContent?.trim()).not.toBe("")
    }
    root().querySelector<HTMLInputElement>("#min_score")!.value = "60"
    root().querySelector<HTMLInputElement>("input[value=HOT]")!.checked = true
    root().querySelector<HTMLInputElement>("#from_email")!.value = "me@startup.example"
    root().querySelector<HTMLInputElement>("#from_name")!.value = "Me"
    root().querySelector<HTMLFormElement>("form.launch")!.requestSubmit()
    await until(() => root().querySelector("tr[data-outreach=o1]") !== null)
    const launch = server.requests.find((r) => r.url === "/api/outreach/launch")!
    expect(JSON.parse(launch.body)).toEqual({
      name: "First touch",
      provider: "smartlead",
      campaign_id: CAMPAIGN,
      from_email: "me@startup.example",
      from_name: "Me",
      template: "vc_intro",
      min_score: 60,
      tiers: ["HOT"]
    })
    expect(root().querySelector("[role=status]")?.textContent).toBe("4 leads pushed to smartlead.")
    const row = () => root().querySelector("tr[data-outreach=o1]")!
    expect(row().querySelector(".badge")?.textContent).toBe("ready")

    const [start, , stats] = row().querySelectorAll("button")
    start!.click()
    await until(() => row().querySelector(".badge")?.textContent === "active")
    stats!.click()
    await until(() => row().querySelectorAll("td.num")[1]?.textContent === "104")
    expect([...row().querySelectorAll("td.num")].map((td) => td.textContent)).toEqual(["104", "104", "52", "1"])
  })
})

describe("lf-integrations", () => {
  it("lists keys by their last four characters and saves a webhook", async () => {
    document.body.innerHTML = `<lf-integrations api-base="${server.url}"></lf-integrations>`
    const element = document.body.firstElementChild as LfIntegrations
    const root = () => element.shadowRoot!
    await until(() => root().querySelector("tr[data-provider=smartlead]") !== null)
    expect(root().querySelector("tr[data-provider=smartlead]")?.textContent).toContain("…5678")
    const select = root().querySelector<HTMLSelectElement>("#integration-provider")!
    select.value = "webhook"
    select.dispatchEvent(new Event("change"))
    await element.updateComplete
    root().querySelector<HTMLInputElement>("#integration-url")!.value = "https://hooks.example/lf"
    root().querySelector<HTMLInputElement>("#integration-secret")!.value = "whsec_0123456789abcd"
    root().querySelector<HTMLFormElement>("form")!.requestSubmit()
    await until(() => root().querySelector("tr[data-provider=webhook]") !== null)
    const put = server.requests.find((r) => r.url === "/api/users/integrations/webhook")!
    expect(JSON.parse(put.body)).toEqual({ url: "https://hooks.example/lf", secret: "whsec_0123456789abcd" })
    expect(root().querySelector("[role=status]")?.textContent).toBe("webhook key …abcd saved.")
    // The form is emptied once the key has been sent.
    expect(root().querySelector<HTMLInputElement>("#integration-key")!.value).toBe("")
  })
})
