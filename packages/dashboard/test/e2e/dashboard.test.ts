/**
 * The dashboard end to end: the built app in Debian's headless Chromium against the real server
 * on a temporary SQLite database. One user's whole visit, in order; each step leaves a screenshot
 * in docs/screenshots and checks what the page shows against the API.
 */
import { execFileSync, spawn, type ChildProcess } from "node:child_process"
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs"
import { createServer as createHttpServer, type Server as HttpServer } from "node:http"
import { createServer } from "node:net"
import { tmpdir } from "node:os"
import { dirname, join, resolve } from "node:path"
import { fileURLToPath } from "node:url"
import { chromium, type Browser, type BrowserContext, type Page } from "playwright-core"
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest"

const here = dirname(fileURLToPath(import.meta.url))
const repo = resolve(here, "../../../..")
const dashboard = join(repo, "packages/dashboard")
const screenshots = join(repo, "docs/screenshots")

const user = { name: "Ada Lovelace", email: "ada@lovelace.test", password: "analytical-engine", company: "Engines Ltd" }

let work: string
let server: ChildProcess
let serverLog = ""
let base: string
let browser: Browser
let context: BrowserContext
let page: Page
/** The token the page holds, read from its localStorage after log-in. */
let token: string
let campaignId: string
const pageErrors: Array<string> = []
let examplePort: number
let embedOrigin: string
let exampleServer: HttpServer

const freePort = () =>
  new Promise<number>((resolvePort, reject) => {
    const probe = createServer()
    probe.once("error", reject)
    probe.listen(0, "127.0.0.1", () => {
      const address = probe.address()
      const port = typeof address === "object" && address !== null ? address.port : 0
      probe.close(() => resolvePort(port))
    })
  })

/** A call to the API from the test, with the page's token. */
const api = async <A>(path: string, init: RequestInit = {}): Promise<A> => {
  const response = await fetch(`${base}/api${path}`, {
    ...init,
    headers: { authorization: `Bearer ${token}`, ...(init.headers as Record<string, string> | undefined) }
  })
  if (!response.ok) throw new Error(`${path}: ${response.status} ${await response.text()}`)
  return (response.status === 204 ? undefined : await response.json()) as A
}

const shot = (name: string, target: Page = page) => target.screenshot({ path: join(screenshots, `${name}.png`), fullPage: true })

/** A modal dialog covers the viewport only: photograph just that. */
const shotDialog = (name: string) => page.screenshot({ path: join(screenshots, `${name}.png`) })

/** The text of one figure card (`data-figure`), as the page shows it. */
const figure = (key: string) => page.locator(`[data-figure="${key}"] dd`).first()

const count = (n: number) => n.toLocaleString("en-US")

/** The focused element, looking through shadow roots: is it inside an open <dialog>? */
const focusInOpenDialog = (target: Page = page) =>
  target.evaluate(() => {
    let active: Element | null = document.activeElement
    while (active?.shadowRoot?.activeElement) active = active.shadowRoot.activeElement
    for (let node: Node | null = active; node !== null; ) {
      if (node instanceof HTMLDialogElement && node.open) return true
      node =
        node instanceof Element && node.assignedSlot !== null
          ? node.assignedSlot
          : node instanceof ShadowRoot
            ? node.host
            : node.parentNode
    }
    return false
  })

/**
 * Every form control and button that Chromium's accessibility tree shows, without a name. Uses
 * the browser's own computation of accessible names (CDP), through all shadow roots.
 */
const unnamedControls = async (target: Page = page): Promise<Array<string>> => {
  const cdp = await target.context().newCDPSession(target)
  const { nodes } = (await cdp.send("Accessibility.getFullAXTree")) as {
    nodes: Array<{ ignored: boolean; role?: { value: string }; name?: { value: string } }>
  }
  await cdp.detach()
  const controls = new Set(["textbox", "searchbox", "combobox", "spinbutton", "checkbox", "radio", "button", "slider", "link"])
  return nodes
    .filter((n) => !n.ignored && controls.has(n.role?.value ?? "") && (n.name?.value ?? "").trim() === "")
    .map((n) => n.role?.value ?? "?")
}

beforeAll(async () => {
  // The app as `npm run build` makes it; the server serves this folder at `/`.
  execFileSync(process.execPath, [join(repo, "node_modules/vite/bin/vite.js"), "build", "--logLevel", "warn"], {
    cwd: dashboard,
    stdio: "inherit"
  })
  work = mkdtempSync(join(tmpdir(), "lf-dashboard-e2e-"))
  writeFileSync(
    join(work, "leads.csv"),
    execFileSync(process.execPath, [resolve(repo, "bench/gen-leads.mjs"), "--rows", "300", "--seed", "7"])
  )
  const port = await freePort()
  base = `http://127.0.0.1:${port}`
  // The embedding example, served from another origin as its README says, pointed at this server.
  const examplePage = readFileSync(join(repo, "examples/embed-html/index.html"), "utf8").replaceAll("http://127.0.0.1:8000", base)
  examplePort = await freePort()
  embedOrigin = `http://localhost:${examplePort}`
  exampleServer = createHttpServer((_request, response) => {
    response.writeHead(200, { "content-type": "text/html; charset=utf-8" }).end(examplePage)
  })
  await new Promise<void>((ready) => exampleServer.listen(examplePort, "127.0.0.1", ready))
  server = spawn(
    process.execPath,
    ["--import", "tsx", "--conditions=@leadfactory/source", join(repo, "packages/http/src/main.ts")],
    {
      cwd: repo,
      env: {
        ...process.env,
        PORT: String(port),
        HOST: "127.0.0.1",
        DATABASE_URL: `sqlite:${join(work, "e2e.db")}`,
        LF_BCRYPT_COST: "4",
        LF_DASHBOARD_DIR: join(dashboard, "dist/app"),
        LF_CORS_ORIGINS: embedOrigin
      },
      stdio: ["ignore", "pipe", "pipe"]
    }
  )
  server.stdout?.on("data", (chunk: Buffer) => (serverLog += chunk.toString()))
  server.stderr?.on("data", (chunk: Buffer) => (serverLog += chunk.toString()))
  const deadline = Date.now() + 60_000
  for (;;) {
    if (server.exitCode !== null) throw new Error(`the server exited with ${server.exitCode}:\n${serverLog}`)
    const healthy = await fetch(`${base}/api/health`).then((r) => r.ok, () => false)
    if (healthy) break
    if (Date.now() > deadline) throw new Error(`the server did not answer within 60 s:\n${serverLog}`)
    await new Promise((r) => setTimeout(r, 250))
  }
  browser = await chromium.launch({
    executablePath: "/usr/bin/chromium",
    args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"]
  })
  context = await browser.newContext({ viewport: { width: 1280, height: 860 }, acceptDownloads: true, locale: "en-US" })
  await context.grantPermissions(["clipboard-read", "clipboard-write"], { origin: base })
  page = await context.newPage()
  page.on("pageerror", (error) => pageErrors.push(error.message))
})

afterEach(() => {
  // An uncaught error in the page fails the step it happened in.
  expect(pageErrors).toEqual([])
})

afterAll(async () => {
  await browser?.close()
  server?.kill()
  exampleServer?.close()
  if (work !== undefined) rmSync(work, { recursive: true, force: true })
})

describe("the dashboard in Chromium against the real server", () => {
  it("registers, showing the API's messages next to the fields", async () => {
    await page.goto(`${base}/`)
    await expect(page.getByRole("heading", { name: "Log in to LeadFactory" }).isVisible()).resolves.toBe(true)
    await shot("login")
    expect(await unnamedControls()).toEqual([])

    await page.getByRole("button", { name: "Create an account" }).click()
    await page.getByLabel("Name").fill(user.name)
    await page.getByLabel("Email").fill("not-an-email")
    await page.getByLabel("Password").fill("short")
    await page.getByRole("button", { name: "Create account" }).click()
    const emailError = page.locator("lf-login #email-error")
    await emailError.waitFor()
    expect(await emailError.textContent()).not.toBe("")
    expect(await page.locator("lf-login #email").getAttribute("aria-invalid")).toBe("true")
    expect(await page.locator("lf-login [role=alert]").textContent()).not.toBe("")
    await shot("register-errors")

    await page.getByLabel("Email").fill(user.email)
    await page.getByLabel("Password").fill(user.password)
    await page.getByLabel("Company").fill(user.company)
    await page.getByRole("button", { name: "Create account" }).click()
    await page.getByRole("heading", { name: "Overview" }).waitFor()
  })

  it("logs out and in again; the overview shows zeros", async () => {
    await page.evaluate(() => {
      const seen: Array<string> = []
      ;(window as unknown as { lfEvents: Array<string> }).lfEvents = seen
      for (const type of ["lf-login", "lf-logout"]) document.addEventListener(type, () => seen.push(type))
    })
    await page.getByRole("button", { name: "Log out" }).click()
    await page.getByRole("heading", { name: "Log in to LeadFactory" }).waitFor()
    expect(await page.evaluate(() => localStorage.getItem("lf_token"))).toBeNull()

    await page.getByLabel("Email").fill(user.email)
    await page.getByLabel("Password").fill("wrong-password")
    await page.getByRole("button", { name: "Log in" }).click()
    await page.locator("lf-login [role=alert]:not(:empty)").waitFor()
    expect(await page.locator("lf-login [role=alert]").textContent()).toMatch(/not correct/i)

    await page.getByLabel("Password").fill(user.password)
    await page.getByRole("button", { name: "Log in" }).click()
    await page.getByRole("heading", { name: "Overview" }).waitFor()
    expect(await page.evaluate(() => (window as unknown as { lfEvents: Array<string> }).lfEvents)).toEqual(["lf-logout", "lf-login"])
    token = (await page.evaluate(() => localStorage.getItem("lf_token"))) ?? ""
    expect(token).not.toBe("")

    await figure("campaigns").waitFor()
    const stats = await api<{ credits_remaining: number }>("/stats")
    for (const key of ["campaigns", "leads", "emails", "hot", "warm"]) expect(await figure(key).textContent()).toBe("0")
    expect(await figure("credits").textContent()).toBe(count(stats.credits_remaining))
    expect(await page.getByText("No campaigns yet.").isVisible()).toBe(true)
    await shot("overview-empty")
    expect(await unnamedControls()).toEqual([])
  })

  it("creates a campaign with a vertical from the API", async () => {
    await page.getByRole("link", { name: "Campaigns", exact: true }).click()
    await page.getByRole("heading", { name: "Campaigns", level: 1 }).waitFor()
    await page.getByLabel("Name").fill("Seed funds, Europe")
    await page.getByLabel("Vertical").selectOption("vc")
    await page.getByRole("button", { name: "Create campaign" }).click()
    const link = page.getByRole("link", { name: "Seed funds, Europe" })
    await link.waitFor()
    const { campaigns } = await api<{ campaigns: Array<{ id: string; name: string; vertical: string; status: string }> }>("/campaigns")
    expect(campaigns.map((c) => [c.name, c.vertical, c.status])).toEqual([["Seed funds, Europe", "vc", "pending"]])
    campaignId = campaigns[0]!.id
    expect(await page.locator(`li[data-campaign-id="${campaignId}"] .badge`).first().textContent()).toBe("pending")
    await shot("campaigns")
    expect(await unnamedControls()).toEqual([])
    await link.click()
    await page.getByRole("heading", { name: "Seed funds, Europe" }).waitFor()
    await page.getByText("No leads yet. Import a CSV file to add some.").waitFor()
  })

  it("imports a CSV through the dialog, with upload progress and the summary", async () => {
    await page.getByRole("button", { name: "Import CSV" }).click()
    const dialog = page.locator("lf-import-dialog dialog")
    await dialog.waitFor()
    expect(await focusInOpenDialog()).toBe(true)
    for (let i = 0; i < 6; i++) {
      await page.keyboard.press("Tab")
      expect(await focusInOpenDialog()).toBe(true)
    }
    await page.keyboard.press("Shift+Tab")
    expect(await focusInOpenDialog()).toBe(true)
    expect(await unnamedControls()).toEqual([])
    await page.keyboard.press("Escape")
    await dialog.waitFor({ state: "hidden" })

    await page.getByRole("button", { name: "Import CSV" }).click()
    await page.getByLabel("CSV file").setInputFiles(join(work, "leads.csv"))
    // A slow uplink, so that the progress bar is seen moving (82 KB at 40 KB/s).
    const cdp = await context.newCDPSession(page)
    await cdp.send("Network.emulateNetworkConditions", {
      offline: false,
      latency: 0,
      downloadThroughput: -1,
      uploadThroughput: 40 * 1024
    })
    await page.getByRole("button", { name: "Import", exact: true }).click()
    const progress = page.locator("lf-import-dialog progress")
    await progress.waitFor()
    await page.waitForFunction(() => {
      const find = (root: Document | ShadowRoot): HTMLProgressElement | null => {
        for (const el of root.querySelectorAll("*")) {
          if (el instanceof HTMLProgressElement && el.id === "upload-progress") return el
          const inner = el.shadowRoot === null ? null : find(el.shadowRoot)
          if (inner !== null) return inner
        }
        return null
      }
      const bar = find(document)
      return bar !== null && bar.value > bar.max * 0.25
    })
    await shotDialog("import-progress")
    await page.getByRole("heading", { name: "Import finished" }).waitFor({ timeout: 30_000 })
    await cdp.send("Network.emulateNetworkConditions", { offline: false, latency: 0, downloadThroughput: -1, uploadThroughput: -1 })
    await cdp.detach()

    const summaryFigure = async (label: string) =>
      Number(((await page.locator("lf-import-dialog .summary div").filter({ hasText: label }).locator("dd").textContent()) ?? "").replaceAll(",", ""))
    expect(await summaryFigure("Rows read")).toBe(300)
    const imported = await summaryFigure("Imported")
    const stats = await api<{ total_leads: number }>(`/leads/stats?campaign_id=${campaignId}`)
    expect(imported).toBe(stats.total_leads)
    expect(imported).toBeGreaterThan(250)
    await shotDialog("import-summary")
    await page.getByRole("button", { name: "Close", exact: true }).click()
    await dialog.waitFor({ state: "hidden" })
  })

  it("shows the campaign's real counts and charts", async () => {
    const stats = await api<{ total_leads: number; with_email: number; verified_emails: number; hot_leads: number; warm_leads: number; cool_leads: number; cold_leads: number }>(
      `/leads/stats?campaign_id=${campaignId}`
    )
    await page.waitForFunction(
      (n) => {
        const detail = document.querySelector("lf-app")?.shadowRoot?.querySelector("lf-campaign-detail")
        return detail?.shadowRoot?.querySelector('[data-figure="leads"] dd')?.textContent === n
      },
      count(stats.total_leads)
    )
    expect(await figure("emails").textContent()).toBe(count(stats.with_email))
    expect(await figure("verified").textContent()).toBe(count(stats.verified_emails))
    const tierChart = page.locator('lf-campaign-detail lf-bar-chart[label="Leads by tier"] [role=img]')
    expect(await tierChart.getAttribute("aria-label")).toBe(
      `Leads by tier: HOT ${count(stats.hot_leads)}, WARM ${count(stats.warm_leads)}, COOL ${count(stats.cool_leads)}, COLD ${count(stats.cold_leads)}`
    )
    const histogram = await page.locator('lf-bar-chart[label="Score distribution"] svg rect').count()
    expect(histogram).toBe(10)
    const histogramTotal = (
      ((await page.locator('lf-bar-chart[label="Score distribution"] [role=img]').getAttribute("aria-label")) ?? "")
        .split(": ")[1] ?? ""
    )
      .split(", ")
      .reduce((sum, part) => sum + Number(part.split(" ")[1]?.replaceAll(",", "")), 0)
    expect(histogramTotal).toBe(stats.total_leads)
    await page.locator("lf-lead-table tr.lead").first().waitFor()
    await shot("campaign-detail")
    expect(await unnamedControls()).toEqual([])
  })

  it("shows the real counts on the overview", async () => {
    await page.getByRole("link", { name: "Overview", exact: true }).click()
    const stats = await api<{ total_campaigns: number; total_leads: number; total_emails: number; hot_leads: number; warm_leads: number }>("/stats")
    expect(stats.total_campaigns).toBe(1)
    await page.waitForFunction(
      (n) =>
        document.querySelector("lf-app")?.shadowRoot?.querySelector("lf-overview")?.shadowRoot?.querySelector('[data-figure="leads"] dd')
          ?.textContent === n,
      count(stats.total_leads)
    )
    expect(await figure("campaigns").textContent()).toBe("1")
    expect(await figure("emails").textContent()).toBe(count(stats.total_emails))
    expect(await figure("hot").textContent()).toBe(count(stats.hot_leads))
    expect(await figure("warm").textContent()).toBe(count(stats.warm_leads))
    expect(await page.getByRole("link", { name: "Seed funds, Europe" }).isVisible()).toBe(true)
    await shot("overview")
  })

  it("filters, sorts and pages the lead table exactly as the API does", async () => {
    await page.getByRole("link", { name: "Seed funds, Europe" }).click()
    const rows = page.locator("lf-lead-table tr.lead")
    await rows.first().waitFor()
    const shownIds = () => rows.evaluateAll((trs) => trs.map((tr) => tr.getAttribute("data-lead-id")))
    type Page = { leads: Array<{ id: string }>; total: number; next_cursor: string | null }
    /** Waits for the table to settle on what the API answers for `query`, then compares. */
    const expectTableToMatch = async (query: string) => {
      const expected = await api<Page>(`/leads?campaign_id=${campaignId}&per_page=25&${query}`)
      await page.waitForFunction(
        (ids) => {
          const table = document
            .querySelector("lf-app")
            ?.shadowRoot?.querySelector("lf-campaign-detail")
            ?.shadowRoot?.querySelector("lf-lead-table")?.shadowRoot
          const shown = [...(table?.querySelectorAll("tr.lead") ?? [])].map((tr) => tr.getAttribute("data-lead-id"))
          return table?.querySelector("table[aria-busy=false]") !== null && JSON.stringify(shown) === JSON.stringify(ids)
        },
        expected.leads.map((l) => l.id)
      )
      expect(await shownIds()).toEqual(expected.leads.map((l) => l.id))
      return expected
    }

    await expectTableToMatch("sort_by=score&sort_dir=desc")
    await page.getByLabel("Tier", { exact: true }).selectOption("HOT")
    await page.getByLabel("Minimum score").fill("85")
    await page.getByLabel("Minimum score").press("Tab")
    await page.getByLabel("Email", { exact: true }).selectOption("true")
    const filtered = await expectTableToMatch("tier=HOT&min_score=85&has_email=true&sort_by=score&sort_dir=desc")
    expect(filtered.total).toBeGreaterThan(0)
    expect(await page.locator("lf-lead-table .toolbar [role=status]").textContent()).toContain(`of ${count(filtered.total)}`)

    await page.locator("lf-lead-table th button", { hasText: "Name" }).click()
    expect(await page.locator("lf-lead-table th[aria-sort=ascending]").textContent()).toContain("Name")
    await expectTableToMatch("tier=HOT&min_score=85&has_email=true&sort_by=name&sort_dir=asc")

    // The keyboard: focus the first row, move down, open its details with Enter.
    await rows.first().focus()
    await page.keyboard.press("ArrowDown")
    await page.keyboard.press("Enter")
    expect(await rows.nth(1).getAttribute("aria-expanded")).toBe("true")
    await page.locator("lf-lead-table tr.details").waitFor()
    await shot("campaign-filtered")

    // Deep pages go by the server's cursor.
    await page.getByRole("button", { name: "Clear filters" }).click()
    const first = await expectTableToMatch("sort_by=name&sort_dir=asc")
    expect(first.next_cursor).not.toBeNull()
    await page.locator("lf-lead-table nav").getByRole("button", { name: "Next" }).click()
    const second = await expectTableToMatch(`sort_by=name&sort_dir=asc&page=2&cursor=${encodeURIComponent(first.next_cursor ?? "")}`)
    expect(second.leads.length).toBeGreaterThan(0)
    expect(await page.locator("lf-lead-table nav").textContent()).toContain("Page 2")
    await page.locator("lf-lead-table nav").getByRole("button", { name: "Previous" }).click()
    await expectTableToMatch("sort_by=name&sort_dir=asc")
  })

  it("exports the filtered leads: the downloaded file is the API's export", async () => {
    await page.getByLabel("Tier", { exact: true }).selectOption("WARM")
    await page.getByLabel("Email", { exact: true }).selectOption("true")
    await page.locator("lf-lead-table table[aria-busy=false]").waitFor()
    const [download] = await Promise.all([page.waitForEvent("download"), page.getByRole("button", { name: "Export CSV" }).click()])
    const downloaded = readFileSync(await download.path())
    const response = await fetch(`${base}/api/leads/export?campaign_id=${campaignId}&tier=WARM&has_email=true`, {
      headers: { authorization: `Bearer ${token}` }
    })
    const expected = Buffer.from(await response.arrayBuffer())
    expect(downloaded.equals(expected)).toBe(true)
    const lines = downloaded.toString("utf8").trim().split(/\r?\n/)
    expect(lines[0]).toBe("Name,Email,Email Status,Role,Fund,Focus Areas,Stage,Check Size,Location,LinkedIn,Website,Lead Score,Tier,Source,Scraped At")
    const warm = await api<{ total: number }>(`/leads?campaign_id=${campaignId}&tier=WARM&has_email=true&per_page=1`)
    expect(lines.length - 1).toBe(warm.total)
    expect(download.suggestedFilename()).toMatch(/\.csv$/)
  })

  it("opts a lead out after a confirmation", async () => {
    const before = await api<{ total: number; leads: Array<{ id: string; name: string }> }>(
      `/leads?campaign_id=${campaignId}&tier=WARM&has_email=true&sort_by=name&sort_dir=asc&per_page=25`
    )
    const target = before.leads[0]!
    await page.locator(`lf-lead-table tr[data-lead-id="${target.id}"]`).getByRole("button", { name: `Opt out ${target.name}` }).click()
    const confirm = page.locator("lf-lead-table lf-confirm-dialog dialog")
    await confirm.waitFor()
    await shotDialog("confirm-opt-out")
    await page.keyboard.press("Escape")
    await confirm.waitFor({ state: "hidden" })
    expect((await api<{ total: number }>(`/leads?campaign_id=${campaignId}&tier=WARM&has_email=true&per_page=1`)).total).toBe(before.total)

    await page.locator(`lf-lead-table tr[data-lead-id="${target.id}"]`).getByRole("button", { name: `Opt out ${target.name}` }).click()
    await page.getByRole("button", { name: "Opt out", exact: true }).click()
    await page.locator(`lf-lead-table tr[data-lead-id="${target.id}"]`).waitFor({ state: "detached" })
    expect((await api<{ total: number }>(`/leads?campaign_id=${campaignId}&tier=WARM&has_email=true&per_page=1`)).total).toBe(before.total - 1)
  })

  it("creates an API key, shows it once with a copy button, and revokes it", async () => {
    await page.getByRole("link", { name: "Settings", exact: true }).click()
    await page.getByRole("heading", { name: "API keys" }).waitFor()
    await page.getByLabel("Key name").fill("CRM sync")
    await page.getByRole("button", { name: "Create key" }).click()
    const shown = page.locator("lf-settings #new-key")
    await shown.waitFor()
    const key = await shown.inputValue()
    expect(key).toMatch(/^lf_/)
    const me = await fetch(`${base}/api/users/me`, { headers: { authorization: `Bearer ${key}` } })
    expect(me.status).toBe(200)
    await page.getByRole("button", { name: "Copy" }).click()
    await page.getByText("The key is copied to the clipboard.").waitFor()
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(key)
    await page.getByRole("heading", { name: "Credits" }).waitFor()
    await shot("settings")
    expect(await unnamedControls()).toEqual([])

    await page.getByRole("button", { name: "Revoke CRM sync" }).click()
    await page.getByRole("button", { name: "Revoke key" }).click()
    await page.getByText("Key “CRM sync” revoked.").waitFor()
    expect(await page.locator("lf-settings tr[data-key-id]").count()).toBe(0)
    expect(await page.locator("lf-settings #new-key").count()).toBe(0)
    const refused = await fetch(`${base}/api/users/me`, { headers: { authorization: `Bearer ${key}` } })
    expect(refused.status).toBe(401)
  })

  it("is usable 360 px wide", async () => {
    const phone = await context.newPage()
    await phone.setViewportSize({ width: 360, height: 780 })
    const noSideScroll = () => phone.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth)
    await phone.goto(`${base}/#/campaigns/${campaignId}`)
    await phone.locator("lf-lead-table tr.lead").first().waitFor()
    expect(await noSideScroll()).toBe(0)
    await phone.screenshot({ path: join(screenshots, "mobile-campaign.png") })
    await phone.locator("lf-lead-table table").scrollIntoViewIfNeeded()
    await phone.locator("lf-lead-table table").evaluate((table) => table.scrollIntoView({ block: "start" }))
    await phone.screenshot({ path: join(screenshots, "mobile-leads.png") })
    await phone.goto(`${base}/#/`)
    await phone.locator('lf-overview [data-figure="leads"]').waitFor()
    expect(await noSideScroll()).toBe(0)
    await phone.screenshot({ path: join(screenshots, "mobile-overview.png") })
    await phone.close()
  })

  it("works embedded in a plain page of another origin (examples/embed-html)", async () => {
    const embed = await context.newPage()
    await embed.goto(`${embedOrigin}/`)
    await embed.getByLabel("Email").fill(user.email)
    await embed.getByLabel("Password").fill(user.password)
    const submit = embed.locator("lf-login button[type=submit]")
    // The page's --lf-color-primary and ::part rule reach inside; its own `button` rule does not.
    expect(await submit.evaluate((b) => getComputedStyle(b).backgroundColor)).toBe("rgb(15, 118, 110)")
    expect(await submit.evaluate((b) => getComputedStyle(b).textTransform)).toBe("uppercase")
    await submit.click()
    await embed.locator('lf-overview [data-figure="campaigns"]').waitFor()
    expect(await embed.locator('lf-overview [data-figure="campaigns"] dd').textContent()).toBe("1")
    expect(await embed.locator("#events").textContent()).toContain(`lf-login: ${user.email}`)
    expect(await embed.evaluate(() => localStorage.getItem("embed_token"))).not.toBeNull()
    await shot("embed-html", embed)
    await embed.close()
  })

  it("logs out", async () => {
    await page.getByRole("button", { name: "Log out" }).click()
    await page.getByRole("heading", { name: "Log in to LeadFactory" }).waitFor()
    expect(await page.evaluate(() => localStorage.getItem("lf_token"))).toBeNull()
    expect(page.url()).toMatch(/#\/login$/)
  })

  it("signs out when the API refuses a stored token", async () => {
    await page.evaluate(() => localStorage.setItem("lf_token", "not-a-valid-token"))
    await page.goto(`${base}/#/settings`)
    await page.getByRole("heading", { name: "Log in to LeadFactory" }).waitFor()
    expect(await page.evaluate(() => localStorage.getItem("lf_token"))).toBeNull()
    expect(page.url()).toMatch(/#\/login$/)
  })
})
