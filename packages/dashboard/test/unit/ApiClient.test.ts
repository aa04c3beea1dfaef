// @vitest-environment happy-dom
/** The API client against a small server that answers as the API does: errors, auth, export, event stream. */
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { ApiClient, ApiError } from "../../src/api/ApiClient.js"
import { followCampaign } from "../../src/api/followCampaign.js"
import { makeSseParser } from "../../src/api/sse.js"
import { json, startServer, type TestServer } from "./testServer.js"

const TOKEN = "test-token"

let server: TestServer

beforeAll(async () => {
  server = await startServer({
    "POST /api/users/register": (_req, body, res) => {
      const { password } = JSON.parse(body) as { password: string }
      if (password.length < 8) {
        json(res, 400, {
          detail: "Invalid input.",
          code: "InvalidInput",
          errors: [{ field: "body.password", message: "must be 8 to 72 bytes" }]
        })
      } else json(res, 409, { detail: "An account with the email a@b.co already exists.", code: "EmailTaken" })
    },
    "GET /api/stats": (req, res, response) => {
      void res
      if (req.headers.authorization !== `Bearer ${TOKEN}`) {
        json(response, 401, { detail: "Missing or invalid credentials.", code: "Unauthorized" })
      } else json(response, 200, { total_campaigns: 2, total_leads: 10, recent_campaigns: [] })
    },
    "DELETE /api/users/api-keys/k1": (_req, _body, res) => res.writeHead(204).end(),
    "GET /api/leads/export": (req, _body, res) => {
      res.writeHead(200, {
        "content-type": "text/csv; charset=utf-8",
        "content-disposition": 'attachment; filename="seed-funds-leads.csv"'
      })
      res.end(`Name,Email\nAna,ana@x.co\n# ${req.url}\n`)
    },
    "GET /api/campaigns/c1/events": (_req, _body, res) => {
      res.writeHead(200, { "content-type": "text/event-stream" })
      res.write('event: progress\ndata: {"progress_pct": 40,')
      setTimeout(() => {
        res.write(' "status": "running"}\n\n: keep-alive\n\n')
        res.end('data: {"progress_pct": 100, "status": "completed"}\n\n')
      }, 20)
    },
    "GET /api/campaigns/c1": (_req, _body, res) => json(res, 200, { id: "c1", status: "completed", progress_pct: 100, total_leads: 12 }),
    "GET /api/campaigns/c2": (_req, _body, res) => json(res, 200, { id: "c2", status: "failed", progress_pct: 30, error_message: "crawler exited 1" }),
    "GET /api/teapot": (_req, _body, res) => {
      res.writeHead(502, { "content-type": "text/html" })
      res.end("<h1>Bad gateway</h1>")
    }
  })
})

afterAll(() => server.close())

describe("ApiClient", () => {
  it("turns a 400 answer into an ApiError with the message of each field", async () => {
    const api = new ApiClient({ baseUrl: server.url, token: null })
    const error = await api.register({ email: "a@b.co", password: "short", name: "A" }).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(ApiError)
    const apiError = error as ApiError
    expect(apiError.status).toBe(400)
    expect(apiError.code).toBe("InvalidInput")
    expect(apiError.message).toBe("Invalid input.")
    expect(apiError.fieldMessage("password")).toBe("must be 8 to 72 bytes")
    expect(apiError.fieldMessage("email")).toBeUndefined()
  })

  it("keeps the API's detail and code for a conflict, without field errors", async () => {
    const api = new ApiClient({ baseUrl: server.url, token: null })
    const error = (await api.register({ email: "a@b.co", password: "long enough", name: "A" }).catch((e: unknown) => e)) as ApiError
    expect([error.status, error.code, error.message]).toEqual([409, "EmailTaken", "An account with the email a@b.co already exists."])
    expect(error.fieldErrors).toEqual([])
  })

  it("sends the token as a bearer header and returns the typed body", async () => {
    const signedIn = new ApiClient({ baseUrl: `${server.url}/`, token: TOKEN })
    const overview = await signedIn.overview()
    expect(overview.total_campaigns).toBe(2)
    expect(server.requests.at(-1)?.headers.authorization).toBe(`Bearer ${TOKEN}`)
    const anonymous = new ApiClient({ baseUrl: server.url, token: null })
    await expect(anonymous.overview()).rejects.toMatchObject({ status: 401, code: "Unauthorized" })
  })

  it("gives undefined for 204 and a readable error for a non-JSON failure", async () => {
    const api = new ApiClient({ baseUrl: server.url, token: TOKEN })
    await expect(api.revokeApiKey("k1")).resolves.toBeUndefined()
    const error = (await api.request("GET", "/teapot").catch((e: unknown) => e)) as ApiError
    expect(error.status).toBe(502)
    expect(error.code).toBe("Http502")
    expect(error.message).toMatch(/502/)
  })

  it("reports an unreachable server as status 0", async () => {
    const closed = await startServer({})
    await closed.close()
    const api = new ApiClient({ baseUrl: closed.url, token: null })
    const error = (await api.verticals().catch((e: unknown) => e)) as ApiError
    expect(error).toBeInstanceOf(ApiError)
    expect(error.status).toBe(0)
    expect(error.code).toBe("NetworkError")
    expect(error.message).toContain(closed.url)
  })

  it("puts only the filters that are set into the query", () => {
    const api = new ApiClient({ baseUrl: "http://h:1", token: null })
    const url = new URL(
      api.url("/leads", { campaign_id: "c", tier: "HOT", min_score: 0, has_email: false, search: "", cursor: undefined })
    )
    expect(url.pathname).toBe("/api/leads")
    expect([...url.searchParams]).toEqual([
      ["campaign_id", "c"],
      ["tier", "HOT"],
      ["min_score", "0"],
      ["has_email", "false"]
    ])
  })

  it("downloads the export with the server's file name", async () => {
    const api = new ApiClient({ baseUrl: server.url, token: TOKEN })
    const file = await api.exportLeads("c1", { tier: "WARM", has_email: true })
    expect(file.filename).toBe("seed-funds-leads.csv")
    const text = await file.blob.text()
    expect(text.split("\n").slice(0, 2)).toEqual(["Name,Email", "Ana,ana@x.co"])
    expect(text).toContain("campaign_id=c1&tier=WARM&has_email=true")
  })

  it("reads a campaign's event stream with the Authorization header", async () => {
    const api = new ApiClient({ baseUrl: server.url, token: TOKEN })
    const seen: Array<{ event: string; data: unknown }> = []
    await api.campaignEvents("c1", (e) => seen.push({ event: e.event, data: JSON.parse(e.data) }), new AbortController().signal)
    expect(seen).toEqual([
      { event: "progress", data: { progress_pct: 40, status: "running" } },
      { event: "message", data: { progress_pct: 100, status: "completed" } }
    ])
    expect(server.requests.at(-1)?.headers.authorization).toBe(`Bearer ${TOKEN}`)
  })
})

describe("makeSseParser", () => {
  it("handles events split across chunks, CRLF split between chunks, multi-line data and comments", () => {
    const parse = makeSseParser()
    const chunks = ["id: 7\r", "\nevent: progress\r\ndata: line one\r\nda", "ta: line two\r\n\r\n:comment\n\ndata:x\n", "\n"]
    const events = chunks.flatMap((chunk) => parse(chunk))
    expect(events).toEqual([
      { event: "progress", data: "line one\nline two", id: "7" },
      { event: "message", data: "x", id: "7" }
    ])
  })
})

describe("followCampaign", () => {
  it("applies the stream's progress, then the campaign as it stands when the stream ends", async () => {
    const api = new ApiClient({ baseUrl: server.url, token: TOKEN })
    const seen: Array<unknown> = []
    await followCampaign(api, "c1", (p) => seen.push({ status: p.status, pct: p.progress_pct }), new AbortController().signal)
    expect(seen).toEqual([
      { status: "running", pct: 40 },
      { status: "completed", pct: 100 },
      { status: "completed", pct: 100 }
    ])
  })

  it("falls back to fetching the campaign when there is no event stream", async () => {
    const api = new ApiClient({ baseUrl: server.url, token: TOKEN })
    const seen: Array<unknown> = []
    await followCampaign(api, "c2", (p) => seen.push([p.status, p.error_message]), new AbortController().signal)
    expect(seen).toEqual([["failed", "crawler exited 1"]])
    expect(server.requests.slice(-2).map((r) => r.url)).toEqual(["/api/campaigns/c2/events", "/api/campaigns/c2"])
  })
})
