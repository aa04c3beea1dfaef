// @vitest-environment happy-dom
/** Components rendered in happy-dom against a small API server: log-in, charts, the lead table, routes. */
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest"
import type { LfBarChart } from "../../src/components/lf-bar-chart.js"
import type { LfLeadTable } from "../../src/components/lf-lead-table.js"
import type { LfLogin } from "../../src/components/lf-login.js"
import { parseRoute } from "../../src/components/lf-app.js"
import type { LfEvent } from "../../src/events.js"
import "../../src/index.js"
import { json, startServer, type TestServer } from "./testServer.js"

const lead = (i: number) => ({
  id: `00000000-0000-4000-8000-${String(i).padStart(12, "0")}`,
  campaign_id: "c1",
  name: `Lead ${i}`,
  email: i % 2 === 0 ? `lead${i}@fund.co` : null,
  email_status: i % 2 === 0 ? "scraped" : "unknown",
  email_source: null,
  email_verified: false,
  linkedin: "javascript:alert(1)",
  phone: null,
  fund: "Fund",
  role: "Partner",
  website: "https://fund.co",
  sectors: null,
  check_size: null,
  stage: null,
  hq: null,
  score: 90 - i,
  tier: "HOT",
  source: null,
  opted_out: false,
  scraped_at: null,
  last_verified: null,
  last_crawled_at: null
})

let server: TestServer

beforeAll(async () => {
  server = await startServer({
    "POST /api/users/login": (_req, body, res) => {
      const { email } = JSON.parse(body) as { email: string }
      if (email === "") {
        json(res, 400, { detail: "Invalid input.", code: "InvalidInput", errors: [{ field: "email", message: "must be a valid email address" }] })
      } else if (email === "ok@lf.test") {
        json(res, 200, { access_token: "jwt-1", token_type: "bearer", user: { id: "u1", email, name: "Ok" } })
      } else json(res, 401, { detail: "The email or password is not correct.", code: "InvalidCredentials" })
    },
    "GET /api/leads": (req, _body, res) => {
      const query = new URL(req.url ?? "", "http://x").searchParams
      const page = query.get("cursor") === "after-2" ? 2 : 1
      json(res, 200, {
        leads: page === 1 ? [lead(1), lead(2)] : [lead(3)],
        total: 3,
        page,
        per_page: 2,
        next_cursor: page === 1 ? "after-2" : null
      })
    }
  })
})

afterAll(() => server.close())

afterEach(() => {
  document.body.innerHTML = ""
  localStorage.clear()
})

/** Waits until `check` holds, re-rendering in between; fails after a second. */
const until = async (check: () => boolean): Promise<void> => {
  for (let i = 0; i < 100; i++) {
    if (check()) return
    await new Promise((resolve) => setTimeout(resolve, 10))
  }
  throw new Error("condition not met within 1 s")
}

const mount = async <T extends HTMLElement & { updateComplete: Promise<boolean> }>(markup: string): Promise<T> => {
  document.body.innerHTML = markup
  const element = document.body.firstElementChild as T
  await element.updateComplete
  return element
}

const submitLogin = async (login: LfLogin, email: string, password: string) => {
  const root = login.shadowRoot!
  root.querySelector<HTMLInputElement>("#email")!.value = email
  root.querySelector<HTMLInputElement>("#password")!.value = password
  root.querySelector<HTMLButtonElement>("button[type=submit]")!.click()
}

describe("lf-login", () => {
  it("labels every input and shows the API's field message next to its field", async () => {
    const login = await mount<LfLogin>(`<lf-login api-base="${server.url}"></lf-login>`)
    const root = login.shadowRoot!
    for (const input of root.querySelectorAll("input")) {
      expect(root.querySelector(`label[for="${input.id}"]`)?.textContent?.trim()).not.toBe("")
    }
    await submitLogin(login, "", "whatever1")
    await until(() => root.querySelector("#email-error") !== null)
    expect(root.querySelector("#email-error")?.textContent).toBe("must be a valid email address")
    expect(root.querySelector("#email")?.getAttribute("aria-invalid")).toBe("true")
    expect(root.querySelector("#email")?.getAttribute("aria-describedby")).toBe("email-error")
    expect(root.querySelector("#password")?.getAttribute("aria-invalid")).toBe("false")
    // Every problem sits beside its field, so the announced alert points there.
    expect(root.querySelector("[role=alert]")?.textContent).toBe("Please correct the marked fields.")
  })

  it("announces a refused log-in and tells the host page through lf-error", async () => {
    const login = await mount<LfLogin>(`<lf-login api-base="${server.url}"></lf-login>`)
    const errors: Array<string> = []
    document.addEventListener("lf-error", (e: LfEvent<"lf-error">) => errors.push(e.detail.code), { once: true })
    await submitLogin(login, "who@lf.test", "wrong-password")
    const alert = () => login.shadowRoot!.querySelector("[role=alert]")?.textContent ?? ""
    await until(() => alert() !== "")
    expect(alert()).toBe("The email or password is not correct.")
    expect(errors).toEqual(["InvalidCredentials"])
  })

  it("stores the token under its token-key and dispatches lf-login to the document", async () => {
    const login = await mount<LfLogin>(`<lf-login api-base="${server.url}" token-key="my-app-token"></lf-login>`)
    const logins: Array<{ token: string; name: string }> = []
    document.addEventListener("lf-login", (e: LfEvent<"lf-login">) => logins.push({ token: e.detail.token, name: e.detail.user.name }), {
      once: true
    })
    await submitLogin(login, "ok@lf.test", "right-password")
    await until(() => logins.length > 0)
    expect(logins).toEqual([{ token: "jwt-1", name: "Ok" }])
    expect(localStorage.getItem("my-app-token")).toBe("jwt-1")
    expect(localStorage.getItem("lf_token")).toBeNull()
  })
})

describe("lf-bar-chart", () => {
  it("draws one bar per value, scaled to the largest, with the figures in its accessible name", async () => {
    const chart = await mount<LfBarChart>(`<lf-bar-chart label="Leads by tier"></lf-bar-chart>`)
    chart.bars = [
      { label: "HOT", value: 30 },
      { label: "WARM", value: 15 }
    ]
    await chart.updateComplete
    const root = chart.shadowRoot!
    expect(root.querySelector("[role=img]")?.getAttribute("aria-label")).toBe("Leads by tier: HOT 30, WARM 15")
    const widths = [...root.querySelectorAll<HTMLElement>(".fill")].map((el) => el.style.width)
    expect(widths).toEqual(["100%", "50%"])
    chart.variant = "columns"
    await chart.updateComplete
    expect(root.querySelectorAll("svg rect")).toHaveLength(2)
  })

  it("says so when there is nothing to draw", async () => {
    const chart = await mount<LfBarChart>(`<lf-bar-chart label="Score distribution"></lf-bar-chart>`)
    chart.bars = [{ label: "0+", value: 0 }]
    await chart.updateComplete
    expect(chart.shadowRoot!.querySelector(".empty")?.textContent).toBe("No data yet.")
  })
})

describe("lf-lead-table", () => {
  it("pages with the server's cursor, sends the filters, and links only web addresses", async () => {
    localStorage.setItem("lf_token", "jwt-stored")
    const table = await mount<LfLeadTable>(`<lf-lead-table api-base="${server.url}" campaign-id="c1" per-page="2"></lf-lead-table>`)
    const root = table.shadowRoot!
    const names = () => [...root.querySelectorAll("tr.lead .lead-name")].map((el) => el.textContent)
    await until(() => names().length === 2)
    expect(names()).toEqual(["Lead 1", "Lead 2"])
    expect(server.requests.at(-1)?.headers.authorization).toBe("Bearer jwt-stored")

    const next = [...root.querySelectorAll("nav button")].find((b) => b.textContent?.trim() === "Next") as HTMLButtonElement
    next.click()
    await until(() => names().length === 1)
    expect(names()).toEqual(["Lead 3"])
    expect(new URL(server.requests.at(-1)!.url, "http://x").searchParams.get("cursor")).toBe("after-2")

    const tier = root.querySelector<HTMLSelectElement>("#f-tier")!
    tier.value = "HOT"
    tier.dispatchEvent(new Event("change", { bubbles: true }))
    await until(() => names().length === 2)
    const query = new URL(server.requests.at(-1)!.url, "http://x").searchParams
    expect(query.get("tier")).toBe("HOT")
    expect(query.get("cursor")).toBeNull()

    const row = root.querySelector<HTMLTableRowElement>("tr.lead")!
    row.dispatchEvent(new KeyboardEvent("keydown", { key: "Enter", bubbles: true }))
    await table.updateComplete
    expect(row.getAttribute("aria-expanded")).toBe("true")
    const links = [...root.querySelectorAll<HTMLAnchorElement>("tr.details a")].map((a) => a.getAttribute("href"))
    expect(links).toEqual(["https://fund.co"])
  })
})

describe("lf-app routes", () => {
  it("reads each page from the location hash", () => {
    expect(["", "#/", "#/login", "#/campaigns", "#/campaigns/", "#/campaigns/ab%20c", "#/settings", "#/nowhere"].map(parseRoute)).toEqual([
      { name: "overview" },
      { name: "overview" },
      { name: "login" },
      { name: "campaigns" },
      { name: "campaigns" },
      { name: "campaign", id: "ab c" },
      { name: "settings" },
      { name: "overview" }
    ])
  })
})
