/**
 * The API over HTTP against one database: the seed's whole flow (register → login → me → campaign →
 * CSV upload → leads with filters and both paging styles → stats → freshness → export, parsed back
 * and compared → delete), then every error status of api.md. Each database's test file calls it.
 */
import { parse } from "csv-parse/sync"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { CSV_HEADER } from "../../src/CsvExport.js"
import { crawlerCsv, expectedExportRow, fixtureLeads, HEADER } from "./CrawlerCsv.js"
import { call, register } from "./Http.js"
import { makeOperator } from "./Operator.js"
import { startTestServer, type TestServer } from "./TestServer.js"

const parseCsv = (text: string): Array<Record<string, string>> => parse(text, { columns: true, bom: true })

/** Secrets that must never reach a log line. */
const assertNoSecrets = (logs: ReadonlyArray<string>, secrets: ReadonlyArray<string>) => {
  const all = logs.join("\n")
  for (const secret of secrets) expect(all).not.toContain(secret)
}

const errorShape = (body: any, code: string) => {
  expect(body).toMatchObject({ code })
  expect(typeof body.detail).toBe("string")
  expect(body.detail.length).toBeGreaterThan(3)
}

export const apiSuite = (backend: string, databaseUrl: () => Promise<string>) => {
  describe(`HTTP API on ${backend}`, () => {
    let server: TestServer
    let url: string
    let base: string
    const secrets: Array<string> = []

    beforeAll(async () => {
      url = await databaseUrl()
      server = await startTestServer(url, { LF_MAX_UPLOAD_BYTES: String(256 * 1024) })
      base = server.url
    })
    afterAll(async () => {
      await server?.stop()
    })

    describe("the seed's flow", () => {
      const leads = fixtureLeads(40)
      // The same person twice, the second time with the email's domain in capitals: one lead.
      const duplicate = leads[0]!
      const csv = crawlerCsv(leads, [
        crawlerCsv([{ ...duplicate, email: duplicate.email!.replace("@acme", "@ACME") }]).split("\r\n")[1]!
      ])
      let token: string
      let campaignId: string

      it("registers, logs in and reads the account", async () => {
        const email = `Flow.${Date.now()}@Example.com`
        const password = "a long enough password"
        secrets.push(password)
        const registered = await call(base, "/api/users/register", {
          json: { email, password, name: "Flow Tester", company: "Acme" }
        })
        expect(registered.status).toBe(201)
        expect(registered.body.token_type).toBe("bearer")
        expect(registered.body.user).toMatchObject({ email: email.toLowerCase(), name: "Flow Tester", company: "Acme" })
        secrets.push(registered.body.access_token)

        const login = await call(base, "/api/users/login", { json: { email, password } })
        expect(login.status).toBe(200)
        token = login.body.access_token
        secrets.push(token)

        const me = await call(base, "/api/users/me", { token })
        expect(me.status).toBe(200)
        expect(me.body).toMatchObject({
          id: registered.body.user.id,
          email: email.toLowerCase(),
          plan: "starter",
          credits_remaining: 500,
          credits_monthly: 500,
          is_active: true
        })
        expect(new Date(me.body.created_at).toISOString()).toBe(me.body.created_at)

        const credits = await call(base, "/api/users/credits", { token })
        expect(credits.body).toEqual({ credits_remaining: 500, credits_monthly: 500, plan: "starter" })
        const history = await call(base, "/api/users/credits/history?page=1&per_page=10", { token })
        expect(history.status).toBe(200)
        expect(history.body.total).toBe(history.body.transactions.length)
        for (const row of history.body.transactions) {
          expect(row).toEqual(expect.objectContaining({ amount: expect.any(Number), balance_after: expect.any(Number) }))
        }
      })

      it("creates a campaign and imports the crawler's CSV through the upload endpoint", async () => {
        const created = await call(base, "/api/campaigns", {
          token,
          json: { name: "Seed VCs — Q1/2025 \"best\"", vertical: "vc" }
        })
        expect(created.status).toBe(201)
        expect(created.body).toMatchObject({ vertical: "vc", status: "pending", total_leads: 0 })
        campaignId = created.body.id

        const uploaded = await call(base, `/api/campaigns/${campaignId}/import`, {
          token,
          body: csv,
          headers: { "content-type": "text/csv" }
        })
        expect(uploaded.status).toBe(200)
        expect(uploaded.body).toMatchObject({
          rows_read: 41,
          imported: 40,
          error_count: 0,
          with_email: leads.filter((lead) => lead.email !== null).length
        })

        const campaign = await call(base, `/api/campaigns/${campaignId}`, { token })
        expect(campaign.body.total_leads).toBe(40)
        expect(campaign.body.total_emails).toBe(leads.filter((lead) => lead.email !== null).length)

        const list = await call(base, "/api/campaigns?status=pending&vertical=vc&page=1&per_page=20", { token })
        expect(list.body.total).toBe(1)
        expect(list.body.campaigns[0].id).toBe(campaignId)
      })

      it("imports the same file as a form upload and changes nothing", async () => {
        const form = new FormData()
        form.append("note", "ignored field")
        form.append("file", new Blob([csv], { type: "text/csv" }), "leads.csv")
        const again = await call(base, `/api/campaigns/${campaignId}/import`, { token, body: form })
        expect(again.status).toBe(200)
        expect(again.body).toMatchObject({ rows_read: 41, imported: 0, updated: 0, unchanged: 41 })
      })

      it("lists leads with filters", async () => {
        const all = await call(base, `/api/leads?campaign_id=${campaignId}&per_page=200`, { token })
        expect(all.status).toBe(200)
        expect(all.body.total).toBe(40)
        const scores = all.body.leads.map((lead: any) => lead.score)
        expect(scores).toEqual([...scores].sort((a, b) => b - a))

        const hot = await call(base, `/api/leads?campaign_id=${campaignId}&tier=HOT&per_page=200`, { token })
        expect(hot.body.total).toBe(leads.filter((lead) => lead.score >= 80).length)
        expect(hot.body.leads.every((lead: any) => lead.tier === "HOT")).toBe(true)

        const warmOrCool = await call(base, `/api/leads?campaign_id=${campaignId}&tier=warm,COOL&per_page=200`, { token })
        expect(warmOrCool.body.total).toBe(leads.filter((lead) => lead.score >= 40 && lead.score < 80).length)

        const min = await call(base, `/api/leads?campaign_id=${campaignId}&min_score=70&per_page=200`, { token })
        expect(min.body.total).toBe(leads.filter((lead) => lead.score >= 70).length)

        const noEmail = await call(base, `/api/leads?campaign_id=${campaignId}&has_email=false`, { token })
        expect(noEmail.body.total).toBe(leads.filter((lead) => lead.email === null).length)
        expect(noEmail.body.leads.every((lead: any) => lead.email === null)).toBe(true)

        const fund = await call(base, `/api/leads?campaign_id=${campaignId}&fund=beta`, { token })
        expect(fund.body.total).toBe(leads.filter((lead) => lead.fund === "Beta Capital").length)

        const search = await call(base, `/api/leads?campaign_id=${campaignId}&search=${encodeURIComponent("zoë")}`, { token })
        expect(search.body.leads.map((lead: any) => lead.name)).toEqual(["Zoë Müller"])

        const hq = await call(base, `/api/leads?campaign_id=${campaignId}&hq=london&stage=Seed`, { token })
        expect(hq.body.total).toBe(leads.filter((lead) => lead.location === "London" && lead.stage === "Seed").length)

        const byName = await call(base, `/api/leads?campaign_id=${campaignId}&sort_by=name&sort_dir=asc&per_page=200`, {
          token
        })
        const names = byName.body.leads.map((lead: any) => lead.name)
        expect(names).toEqual([...names].sort((a: string, b: string) => a.localeCompare(b, "en", { sensitivity: "base" })))
      })

      it("pages with page numbers and with cursors, seeing every lead once", async () => {
        const byPage: Array<string> = []
        for (let page = 1; page <= 6; page++) {
          const answer = await call(base, `/api/leads?campaign_id=${campaignId}&per_page=7&page=${page}`, { token })
          expect(answer.body).toMatchObject({ total: 40, page, per_page: 7 })
          byPage.push(...answer.body.leads.map((lead: any) => lead.id))
        }
        expect(byPage).toHaveLength(40)
        expect(new Set(byPage).size).toBe(40)

        const byCursor: Array<string> = []
        let cursor: string | null = null
        let pages = 0
        do {
          const query: string = cursor === null ? "" : `&cursor=${encodeURIComponent(cursor)}`
          const answer = await call(base, `/api/leads?campaign_id=${campaignId}&per_page=9${query}`, { token })
          expect(answer.status).toBe(200)
          byCursor.push(...answer.body.leads.map((lead: any) => lead.id))
          cursor = answer.body.next_cursor
          pages++
        } while (cursor !== null && pages < 10)
        expect(pages).toBe(5)
        expect(byCursor).toEqual(byPage)
      })

      it("answers stats, freshness and the overview", async () => {
        const stats = await call(base, `/api/leads/stats?campaign_id=${campaignId}`, { token })
        expect(stats.status).toBe(200)
        const withEmail = leads.filter((lead) => lead.email !== null).length
        expect(stats.body).toMatchObject({
          total_leads: 40,
          with_email: withEmail,
          hot_leads: leads.filter((lead) => lead.score >= 80).length,
          warm_leads: leads.filter((lead) => lead.score >= 60 && lead.score < 80).length,
          cool_leads: leads.filter((lead) => lead.score >= 40 && lead.score < 60).length,
          cold_leads: leads.filter((lead) => lead.score < 40).length
        })
        const average = leads.reduce((sum, lead) => sum + lead.score, 0) / leads.length
        expect(stats.body.avg_score).toBeCloseTo(average, 0)
        expect(stats.body.top_funds.map((fund: any) => fund.count).reduce((a: number, b: number) => a + b, 0)).toBe(40)

        const freshness = await call(base, `/api/leads/freshness?campaign_id=${campaignId}`, { token })
        expect(freshness.status).toBe(200)
        expect(freshness.body.total_leads).toBe(40)
        expect(freshness.body.verified_last_7d + freshness.body.never_verified).toBeLessThanOrEqual(40)

        const overview = await call(base, "/api/stats", { token })
        expect(overview.body).toMatchObject({ total_campaigns: 1, total_leads: 40, total_emails: withEmail })
        expect(overview.body.recent_campaigns[0].id).toBe(campaignId)
      })

      it("exports the crawler's CSV, streamed, which matches the import and imports again unchanged", async () => {
        const response = await fetch(`${base}/api/leads/export?campaign_id=${campaignId}`, {
          headers: { authorization: `Bearer ${token}` }
        })
        expect(response.status).toBe(200)
        expect(response.headers.get("content-type")).toMatch(/^text\/csv/)
        expect(response.headers.get("transfer-encoding")).toBe("chunked")
        const disposition = response.headers.get("content-disposition")!
        expect(disposition).toMatch(/^attachment; filename="[A-Za-z0-9._-]+\.csv"; filename\*=UTF-8''/)
        expect(decodeURIComponent(disposition.split("UTF-8''")[1]!)).toBe("Seed VCs — Q1_2025 \"best\".csv")
        const text = await response.text()
        expect(text.split("\r\n")[0]).toBe(HEADER)
        expect(CSV_HEADER.join(",")).toBe(HEADER)

        const rows = parseCsv(text)
        const scores = rows.map((row) => Number(row["Lead Score"]))
        expect(scores).toEqual([...scores].sort((a, b) => b - a))
        const byName = (list: Array<Record<string, string>>) => [...list].sort((a, b) => a.Name!.localeCompare(b.Name!))
        expect(byName(rows)).toEqual(byName(leads.map(expectedExportRow)))

        const filtered = parseCsv(
          await (await fetch(`${base}/api/leads/export?campaign_id=${campaignId}&tier=COLD`, {
            headers: { authorization: `Bearer ${token}` }
          })).text()
        )
        expect(filtered.length).toBe(leads.filter((lead) => lead.score < 40).length)

        const reimport = await call(base, `/api/campaigns/${campaignId}/import`, {
          token,
          body: text,
          headers: { "content-type": "text/csv" }
        })
        expect(reimport.body).toMatchObject({ rows_read: 40, imported: 0, updated: 0, unchanged: 40, error_count: 0 })
      })

      it("uses, lists and revokes API keys", async () => {
        const created = await call(base, "/api/users/api-keys", { token, json: { name: "CI" } })
        expect(created.status).toBe(201)
        expect(created.body.key).toMatch(/^lf_[A-Za-z0-9_-]{43}$/)
        const key = created.body.key as string
        secrets.push(key)
        const unnamed = await call(base, "/api/users/api-keys", { token, method: "POST" })
        expect(unnamed.status).toBe(201)
        expect(unnamed.body.name).toBe("Default")

        expect((await call(base, "/api/users/me", { token: key })).status).toBe(200)
        expect((await call(base, "/api/users/me", { apiKey: key })).status).toBe(200)
        const listed = await call(base, "/api/users/api-keys", { token })
        const entry = listed.body.find((row: any) => row.id === created.body.id)
        expect(entry).toMatchObject({ name: "CI", is_active: true })
        expect(entry.last_used).not.toBeNull()
        expect(JSON.stringify(listed.body)).not.toContain(key)

        const revoked = await call(base, `/api/users/api-keys/${created.body.id}`, { token, method: "DELETE" })
        expect(revoked.status).toBe(204)
        expect(revoked.text).toBe("")
        const after = await call(base, "/api/users/me", { apiKey: key })
        expect(after.status).toBe(401)
        expect(after.headers.get("www-authenticate")).toBe("Bearer")
      })

      it("opts a lead out, and answers the public opt-out alike for known and unknown addresses", async () => {
        const page = await call(base, `/api/leads?campaign_id=${campaignId}&has_email=true&per_page=1`, { token })
        const lead = page.body.leads[0]
        const optOut = await call(base, `/api/leads/${lead.id}/optout`, { token, method: "POST" })
        expect(optOut.status).toBe(200)
        expect(optOut.body).toMatchObject({ email: lead.email, opted_out: true })
        const after = await call(base, `/api/leads?campaign_id=${campaignId}`, { token })
        expect(after.body.total).toBe(39)

        const known = await call(base, `/api/leads/optout?email=${encodeURIComponent(leads[3]!.email!)}`)
        const unknown = await call(base, "/api/leads/optout?email=nobody%40nowhere.example")
        expect(known.status).toBe(200)
        expect(unknown.body).toEqual(known.body)
        expect((await call(base, `/api/leads?campaign_id=${campaignId}`, { token })).body.total).toBe(38)
      })

      it("lists the verticals", async () => {
        const verticals = await call(base, "/api/verticals")
        expect(verticals.body.map((vertical: any) => vertical.slug).sort()).toEqual(["corp_dev", "family_office", "pe", "vc"])
        const vc = await call(base, "/api/verticals/vc")
        expect(vc.body).toMatchObject({ slug: "vc", name: expect.any(String), search_queries: expect.any(Array) })
      })

      it("deletes the campaign with its leads", async () => {
        const deleted = await call(base, `/api/campaigns/${campaignId}`, { token, method: "DELETE" })
        expect(deleted.status).toBe(204)
        expect((await call(base, `/api/campaigns/${campaignId}`, { token })).status).toBe(404)
        expect((await call(base, `/api/leads?campaign_id=${campaignId}`, { token })).status).toBe(404)
        expect((await call(base, "/api/stats", { token })).body).toMatchObject({ total_campaigns: 0, total_leads: 0 })
      })

      it("logged one JSON line per request, without passwords, tokens or keys", () => {
        const requests = server.logs.map((line) => JSON.parse(line)).filter((line) => line.message === "request")
        expect(requests.length).toBeGreaterThan(30)
        for (const line of requests) {
          expect(line).toEqual(expect.objectContaining({ method: expect.any(String), path: expect.any(String), status: expect.any(Number), ms: expect.any(Number) }))
          expect(line.path).not.toContain("?")
        }
        assertNoSecrets(server.logs, secrets)
      })
    })

    describe("errors", () => {
      let owner: Awaited<ReturnType<typeof register>>
      let campaignId: string

      beforeAll(async () => {
        owner = await register(base)
        campaignId = (await call(base, "/api/campaigns", { token: owner.token, json: { name: "Errors", vertical: "pe" } })).body.id
      })

      it("400: invalid fields, with one issue per field and nothing of the schema or the password", async () => {
        const answer = await call(base, "/api/users/register", {
          json: { email: "not-an-email", password: "short7!", name: "" }
        })
        expect(answer.status).toBe(400)
        errorShape(answer.body, "InvalidInput")
        const fields = answer.body.errors.map((issue: any) => issue.field).sort()
        expect(fields).toEqual(["email", "name", "password"])
        expect(answer.text).not.toMatch(/Encoded side|Schema|HttpApiDecodeError|RegisterRequest|Expected|actual/)
        expect(answer.text).not.toContain("short7!")

        const missing = await call(base, "/api/users/login", { json: { email: "a@b.co" } })
        expect(missing.status).toBe(400)
        expect(missing.body.errors).toEqual([{ field: "password", message: "is required" }])

        const notObject = await call(base, "/api/campaigns", { token: owner.token, json: [1, 2] })
        expect(notObject.status).toBe(400)
        errorShape(notObject.body, "InvalidInput")
      })

      it("400: malformed JSON is a 400 with a body, not a 500", async () => {
        const answer = await call(base, "/api/users/login", {
          body: "{\"email\": \"a@b.co\", \"password\": ",
          headers: { "content-type": "application/json" }
        })
        expect(answer.status).toBe(400)
        errorShape(answer.body, "InvalidInput")
        expect(answer.body.errors[0].field).toBe("body")
      })

      it("400: unknown query values, bad ids, bad cursors, unknown verticals, unreadable CSV", async () => {
        const token = owner.token
        for (const query of ["sort_by=bogus", "tier=PURPLE", "sort_dir=up", "per_page=500", "min_score=abc", "has_email=maybe", "email_status=great"]) {
          const answer = await call(base, `/api/leads?campaign_id=${campaignId}&${query}`, { token })
          expect(answer.status, query).toBe(400)
          errorShape(answer.body, "InvalidInput")
          expect(answer.body.errors[0].field).toBe(query.split("=")[0])
        }
        const status = await call(base, "/api/campaigns?status=done", { token })
        expect(status.status).toBe(400)
        expect(status.body.errors[0]).toEqual({ field: "status", message: expect.stringContaining("pending") })

        const noCampaign = await call(base, "/api/leads", { token })
        expect(noCampaign.body.errors).toEqual([{ field: "campaign_id", message: "is required" }])
        const badId = await call(base, "/api/campaigns/not-a-uuid", { token })
        expect(badId.status).toBe(400)
        expect(badId.body.errors).toEqual([{ field: "id", message: "must be a UUID" }])
        const badCursor = await call(base, `/api/leads?campaign_id=${campaignId}&cursor=garbage`, { token })
        expect(badCursor.status).toBe(400)
        errorShape(badCursor.body, "InvalidInput")

        const vertical = await call(base, "/api/campaigns", { token, json: { name: "X", vertical: "hedge" } })
        expect(vertical.status).toBe(400)
        errorShape(vertical.body, "UnknownVertical")

        const csv = await call(base, `/api/campaigns/${campaignId}/import`, {
          token,
          body: "just,some\nwords,here\n",
          headers: { "content-type": "text/csv" }
        })
        expect(csv.status).toBe(400)
        errorShape(csv.body, "InvalidCsv")
        const form = await call(base, `/api/campaigns/${campaignId}/import`, { token, body: new FormData() })
        expect(form.status).toBe(400)
        expect(form.body.errors[0].field).toBe("file")
      })

      it("401: no, bad or expired credentials, with WWW-Authenticate: Bearer", async () => {
        for (const headers of [{}, { authorization: "Bearer nonsense" }, { "x-api-key": "lf_nope" }, { authorization: "Basic YTpi" }]) {
          const answer = await call(base, "/api/users/me", { headers })
          expect(answer.status).toBe(401)
          expect(answer.headers.get("www-authenticate")).toBe("Bearer")
          errorShape(answer.body, "Unauthorized")
        }
        const wrong = await call(base, "/api/users/login", { json: { email: owner.email, password: "wrong password" } })
        const unknown = await call(base, "/api/users/login", { json: { email: "nobody@example.com", password: "wrong password" } })
        expect(wrong.status).toBe(401)
        expect(wrong.headers.get("www-authenticate")).toBe("Bearer")
        errorShape(wrong.body, "InvalidCredentials")
        expect(unknown.body).toEqual(wrong.body)
      })

      it("402, 403 and 409: no credits, a disabled account, a taken email, a running campaign", async () => {
        const operator = makeOperator(url)
        try {
          const taken = await call(base, "/api/users/register", {
            json: { email: owner.email.toUpperCase(), password: "another password", name: "Dup" }
          })
          expect(taken.status).toBe(409)
          errorShape(taken.body, "EmailTaken")

          await operator.setStatus(campaignId, "running")
          const running = await call(base, `/api/campaigns/${campaignId}`, { token: owner.token, method: "DELETE" })
          expect(running.status).toBe(409)
          errorShape(running.body, "CampaignRunning")
          const busyImport = await call(base, `/api/campaigns/${campaignId}/import`, {
            token: owner.token,
            body: crawlerCsv(fixtureLeads(2)),
            headers: { "content-type": "text/csv" }
          })
          expect(busyImport.status).toBe(409)
          errorShape(busyImport.body, "CampaignRunning")

          const poor = await register(base)
          await operator.spendAllCredits(poor.user.id)
          const noCredits = await call(base, "/api/campaigns", { token: poor.token, json: { name: "X", vertical: "vc" } })
          expect(noCredits.status).toBe(402)
          errorShape(noCredits.body, "InsufficientCredits")

          const disabled = await register(base)
          await operator.disable(disabled.user.id)
          const login = await call(base, "/api/users/login", { json: { email: disabled.email, password: disabled.password } })
          expect(login.status).toBe(403)
          errorShape(login.body, "AccountDisabled")
          expect((await call(base, "/api/users/me", { token: disabled.token })).status).toBe(401)
        } finally {
          await operator.close()
        }
      })

      it("404: another user's campaign and lead, an unknown vertical slug, an unknown route", async () => {
        const stranger = await register(base)
        for (const path of [`/api/campaigns/${campaignId}`, `/api/leads?campaign_id=${campaignId}`, `/api/leads/stats?campaign_id=${campaignId}`, `/api/leads/export?campaign_id=${campaignId}`]) {
          const answer = await call(base, path, { token: stranger.token })
          expect(answer.status, path).toBe(404)
          errorShape(answer.body, "NotFound")
        }
        const upload = await call(base, `/api/campaigns/${campaignId}/import`, {
          token: stranger.token,
          body: crawlerCsv(fixtureLeads(1)),
          headers: { "content-type": "text/csv" }
        })
        expect(upload.status).toBe(404)
        const lead = await call(base, "/api/leads/00000000-0000-4000-8000-000000000000/optout", { token: stranger.token, method: "POST" })
        expect(lead.status).toBe(404)
        const key = await call(base, "/api/users/api-keys/00000000-0000-4000-8000-000000000000", { token: stranger.token, method: "DELETE" })
        expect(key.status).toBe(404)

        const vertical = await call(base, "/api/verticals/hedge")
        expect(vertical.status).toBe(404)
        errorShape(vertical.body, "UnknownVertical")
        const route = await call(base, "/api/no/such/thing")
        expect(route.status).toBe(404)
        errorShape(route.body, "NotFound")
      })

      it("413: a JSON body over 1 MB (declared or chunked), an upload over the limit (declared, streamed, or as a form)", async () => {
        const big = await call(base, "/api/users/login", { json: { email: "a@b.co", password: "x".repeat(1024 * 1024) } })
        expect(big.status).toBe(413)
        errorShape(big.body, "PayloadTooLarge")

        const chunked = (json: unknown) => {
          const bytes = new TextEncoder().encode(JSON.stringify(json))
          return new ReadableStream({
            start(controller) {
              for (let at = 0; at < bytes.length; at += 64 * 1024) controller.enqueue(bytes.slice(at, at + 64 * 1024))
              controller.close()
            }
          })
        }
        const headers = { "content-type": "application/json" }
        const bigChunked = await call(base, "/api/users/login", {
          body: chunked({ email: "a@b.co", password: "x".repeat(2 * 1024 * 1024) }),
          headers
        })
        expect(bigChunked.status).toBe(413)
        errorShape(bigChunked.body, "PayloadTooLarge")
        const smallChunked = await call(base, "/api/users/login", { body: chunked({ email: owner.email, password: owner.password }), headers })
        expect(smallChunked.status).toBe(200)

        const fresh = (await call(base, "/api/campaigns", { token: owner.token, json: { name: "Big", vertical: "vc" } })).body.id
        const oversized = crawlerCsv(fixtureLeads(2000))
        expect(oversized.length).toBeGreaterThan(256 * 1024)
        const declared = await call(base, `/api/campaigns/${fresh}/import`, {
          token: owner.token,
          body: oversized,
          headers: { "content-type": "text/csv" }
        })
        expect(declared.status).toBe(413)
        errorShape(declared.body, "PayloadTooLarge")

        const bytes = new TextEncoder().encode(oversized)
        const streamed = await call(base, `/api/campaigns/${fresh}/import`, {
          token: owner.token,
          body: new ReadableStream({
            start(controller) {
              for (let at = 0; at < bytes.length; at += 16 * 1024) controller.enqueue(bytes.slice(at, at + 16 * 1024))
              controller.close()
            }
          }),
          headers: { "content-type": "text/csv" }
        })
        expect(streamed.status).toBe(413)
        errorShape(streamed.body, "PayloadTooLarge")

        const form = new FormData()
        form.append("file", new Blob([oversized], { type: "text/csv" }), "big.csv")
        const multipart = await call(base, `/api/campaigns/${fresh}/import`, { token: owner.token, body: form })
        expect(multipart.status).toBe(413)
        errorShape(multipart.body, "PayloadTooLarge")
      })
    })

    describe("rate limit, CORS and docs", () => {
      it("429 with Retry-After after 5 logins a minute from one address; X-Forwarded-For only when trusted", async () => {
        const limited = await startTestServer(url, { LF_RATE_LIMIT_AUTH: "5/min" })
        const trusting = await startTestServer(url, { LF_RATE_LIMIT_AUTH: "5/min", LF_TRUST_PROXY: "1" })
        try {
          const attempt = (target: string, forwardedFor?: string) =>
            call(target, "/api/users/login", {
              json: { email: "nobody@example.com", password: "whatever it is" },
              ...(forwardedFor === undefined ? {} : { headers: { "x-forwarded-for": forwardedFor } })
            })
          const statuses: Array<number> = []
          for (let i = 0; i < 6; i++) statuses.push((await attempt(limited.url, `10.0.0.${i}`)).status)
          expect(statuses).toEqual([401, 401, 401, 401, 401, 429])
          const blocked = await attempt(limited.url)
          expect(blocked.status).toBe(429)
          errorShape(blocked.body, "RateLimited")
          const retryAfter = Number(blocked.headers.get("retry-after"))
          expect(retryAfter).toBeGreaterThan(0)
          expect(retryAfter).toBeLessThanOrEqual(60)
          const registerBlocked = await call(limited.url, "/api/users/register", {
            json: { email: "x@example.com", password: "long enough pw", name: "X" }
          })
          expect(registerBlocked.status).toBe(429)

          for (let i = 0; i < 5; i++) expect((await attempt(trusting.url, "203.0.113.7")).status).toBe(401)
          expect((await attempt(trusting.url, "203.0.113.7")).status).toBe(429)
          expect((await attempt(trusting.url, "198.51.100.9")).status).toBe(401)
        } finally {
          await limited.stop()
          await trusting.stop()
        }
      })

      it("allows the dashboard origins by default, and no others", async () => {
        const preflight = await fetch(`${base}/api/users/login`, {
          method: "OPTIONS",
          headers: {
            origin: "http://localhost:5173",
            "access-control-request-method": "POST",
            "access-control-request-headers": "content-type,authorization"
          }
        })
        expect(preflight.status).toBe(204)
        expect(preflight.headers.get("access-control-allow-origin")).toBe("http://localhost:5173")
        expect(preflight.headers.get("access-control-allow-headers")).toContain("authorization")
        for (const origin of ["http://127.0.0.1:3000", "http://localhost:3000", "http://127.0.0.1:5173"]) {
          const answer = await fetch(`${base}/api/verticals`, { headers: { origin } })
          expect(answer.headers.get("access-control-allow-origin")).toBe(origin)
        }
        const evil = await fetch(`${base}/api/verticals`, { headers: { origin: "https://evil.example" } })
        expect(evil.headers.get("access-control-allow-origin")).toBeNull()
        const error = await fetch(`${base}/api/users/me`, { headers: { origin: "http://localhost:3000" } })
        expect(error.status).toBe(401)
        expect(error.headers.get("access-control-allow-origin")).toBe("http://localhost:3000")
      })

      it("takes its origins from LF_CORS_ORIGINS when set", async () => {
        const configured = await startTestServer(url, { LF_CORS_ORIGINS: "https://crm.example.com, https://admin.example.com/" })
        try {
          const allowed = (origin: string) =>
            fetch(`${configured.url}/api/verticals`, { headers: { origin } }).then((answer) =>
              answer.headers.get("access-control-allow-origin")
            )
          expect(await allowed("https://crm.example.com")).toBe("https://crm.example.com")
          expect(await allowed("https://admin.example.com")).toBe("https://admin.example.com")
          expect(await allowed("http://localhost:5173")).toBeNull()
        } finally {
          await configured.stop()
        }
      })

      it("serves the OpenAPI document and the docs page", async () => {
        const spec = await call(base, "/api/openapi.json")
        expect(spec.status).toBe(200)
        expect(spec.body.openapi).toBe("3.1.0")
        expect(Object.keys(spec.body.paths)).toContain("/api/campaigns/{id}/import")
        const docs = await fetch(`${base}/api/docs`)
        expect(docs.status).toBe(200)
        expect(docs.headers.get("content-type")).toMatch(/text\/html/)
        expect(await docs.text()).toContain("swagger-ui")
      })

      it("answers health with the database's state", async () => {
        const health = await call(base, "/api/health")
        expect(health.status).toBe(200)
        expect(health.body).toEqual({ status: "ok", database: "ok" })
      })
    })
  })
}
