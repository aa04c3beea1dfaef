/**
 * Loopback stand-ins of the providers, implementing the endpoints the adapters call as documented
 * (Instantly API v2, Smartlead API v1) and a webhook receiver that verifies the signature. Each
 * records its requests and can be told to answer the next matching requests with faults (429, 500).
 */
import { createHmac, randomUUID, timingSafeEqual } from "node:crypto"
import { createServer, type IncomingMessage } from "node:http"
import type { AddressInfo } from "node:net"

export interface Recorded {
  readonly method: string
  readonly path: string
  readonly query: URLSearchParams
  readonly headers: IncomingMessage["headers"]
  readonly raw: string
  readonly body: any
  /** The status the stand-in answered. */
  readonly status: number
}

export interface Answer {
  readonly status: number
  readonly body?: unknown
  readonly headers?: Record<string, string>
}

export interface StandIn {
  readonly url: string
  readonly requests: Array<Recorded>
  /**
   * The next `answers.length` requests whose path matches are answered with these, in order, after
   * `after` matching requests have been answered normally.
   */
  readonly fail: (path: RegExp, answers: ReadonlyArray<Answer>, after?: number) => void
  readonly close: () => Promise<void>
}

const start = async (route: (request: Recorded) => Answer): Promise<StandIn> => {
  const requests: Array<Recorded> = []
  const faults: Array<{ path: RegExp; answer: Answer; skip: number }> = []
  const server = createServer((req, res) => {
    const chunks: Array<Buffer> = []
    req.on("data", (chunk: Buffer) => chunks.push(chunk))
    req.on("end", () => {
      const raw = Buffer.concat(chunks).toString("utf8")
      const url = new URL(req.url ?? "/", "http://stand-in")
      let body: unknown = null
      try {
        body = raw === "" ? null : JSON.parse(raw)
      } catch {
        body = raw
      }
      const request = { method: req.method ?? "GET", path: url.pathname, query: url.searchParams, headers: req.headers, raw, body }
      const fault = faults.find((candidate) => candidate.path.test(request.path))
      let answer: Answer
      if (fault === undefined || fault.skip > 0) {
        if (fault !== undefined) fault.skip--
        answer = route({ ...request, status: 0 })
      } else {
        faults.splice(faults.indexOf(fault), 1)
        answer = fault.answer
      }
      requests.push({ ...request, status: answer.status })
      res.writeHead(answer.status, { "content-type": "application/json", ...answer.headers })
      res.end(answer.body === undefined ? "" : JSON.stringify(answer.body))
    })
  })
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve))
  const { port } = server.address() as AddressInfo
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    fail: (path, answers, after = 0) => void faults.push(...answers.map((answer, i) => ({ path, answer, skip: i === 0 ? after : 0 }))),
    close: () => new Promise<void>((resolve) => server.close(() => resolve()))
  }
}

const notFound: Answer = { status: 404, body: { message: "Not found" } }

export interface InstantlyCampaign {
  readonly id: string
  readonly body: any
  status: "draft" | "active" | "paused"
  readonly leads: Map<string, any>
}

/** Instantly API v2: Bearer key; campaigns, leads/add (≤ 1000), activate, pause, analytics. */
export const startInstantly = async (apiKey: string) => {
  const campaigns = new Map<string, InstantlyCampaign>()
  const standIn = await start((request) => {
    if (request.headers.authorization !== `Bearer ${apiKey}`) return { status: 401, body: { message: "Invalid API key" } }
    const { method, path, body } = request
    if (method === "POST" && path === "/api/v2/campaigns") {
      const steps = body?.sequences?.[0]?.steps
      if (typeof body?.name !== "string" || !Array.isArray(steps) || steps.length === 0 || !Array.isArray(body?.campaign_schedule?.schedules)) {
        return { status: 400, body: { message: "body must have name, campaign_schedule.schedules and sequences[0].steps" } }
      }
      const campaign: InstantlyCampaign = { id: randomUUID(), body, status: "draft", leads: new Map() }
      campaigns.set(campaign.id, campaign)
      return { status: 200, body: { id: campaign.id, name: body.name, status: 0 } }
    }
    if (method === "POST" && path === "/api/v2/leads/add") {
      const campaign = campaigns.get(body?.campaign_id)
      if (campaign === undefined) return { status: 404, body: { message: "Campaign not found" } }
      if (!Array.isArray(body.leads) || body.leads.length === 0 || body.leads.length > 1000) {
        return { status: 400, body: { message: "leads must hold 1 to 1000 leads" } }
      }
      let uploaded = 0
      let already = 0
      for (const lead of body.leads) {
        if (campaign.leads.has(lead.email)) already++
        else {
          campaign.leads.set(lead.email, lead)
          uploaded++
        }
      }
      return { status: 200, body: { status: "success", total_sent: body.leads.length, leads_uploaded: uploaded, already_in_campaign: already } }
    }
    const action = /^\/api\/v2\/campaigns\/([^/]+)\/(activate|pause)$/.exec(path)
    if (method === "POST" && action !== null) {
      const campaign = campaigns.get(action[1]!)
      if (campaign === undefined) return notFound
      campaign.status = action[2] === "activate" ? "active" : "paused"
      return { status: 200, body: { id: campaign.id, status: campaign.status === "active" ? 1 : 2 } }
    }
    if (method === "GET" && path === "/api/v2/campaigns/analytics") {
      const campaign = campaigns.get(request.query.get("id") ?? "")
      if (campaign === undefined) return { status: 200, body: [] }
      const n = campaign.leads.size
      return {
        status: 200,
        body: [{ campaign_id: campaign.id, leads_count: n, emails_sent_count: n, open_count: Math.floor(n / 2), reply_count: 1, bounced_count: 0 }]
      }
    }
    return notFound
  })
  return { ...standIn, campaigns }
}

export interface SmartleadCampaign {
  readonly id: number
  readonly name: string
  sequences: Array<any>
  status: "DRAFTED" | "ACTIVE" | "PAUSED" | "STOPPED"
  readonly leads: Map<string, any>
}

/** Smartlead API v1 under /api/v1: `api_key` query; create, sequences, leads (≤ 100), status, analytics. */
export const startSmartlead = async (apiKey: string) => {
  const campaigns = new Map<number, SmartleadCampaign>()
  let nextId = 1000
  const standIn = await start((request) => {
    if (request.query.get("api_key") !== apiKey) return { status: 401, body: { message: "Invalid API key" } }
    const { method, path, body } = request
    if (method === "POST" && path === "/api/v1/campaigns/create") {
      const campaign: SmartleadCampaign = { id: nextId++, name: body?.name ?? "Untitled Campaign", sequences: [], status: "DRAFTED", leads: new Map() }
      campaigns.set(campaign.id, campaign)
      return { status: 200, body: { ok: true, id: campaign.id, name: campaign.name, created_at: new Date().toISOString() } }
    }
    const match = /^\/api\/v1\/campaigns\/(\d+)\/(sequences|leads|status|analytics)$/.exec(path)
    const campaign = match === null ? undefined : campaigns.get(Number(match[1]))
    if (match === null || campaign === undefined) return notFound
    const what = match[2]
    if (method === "POST" && what === "sequences") {
      if (!Array.isArray(body?.sequences) || body.sequences.some((s: any) => typeof s.seq_number !== "number" || typeof s.email_body !== "string")) {
        return { status: 422, body: { message: "each sequence needs seq_number and email_body" } }
      }
      campaign.sequences = body.sequences
      return { status: 200, body: { ok: true, data: body.sequences } }
    }
    if (method === "POST" && what === "leads") {
      if (!Array.isArray(body?.lead_list) || body.lead_list.length > 100) {
        return { status: 400, body: { message: "lead_list must hold at most 100 leads" } }
      }
      let uploaded = 0
      for (const lead of body.lead_list) {
        if (!campaign.leads.has(lead.email)) {
          campaign.leads.set(lead.email, lead)
          uploaded++
        }
      }
      return { status: 200, body: { ok: true, upload_count: uploaded, total_leads: body.lead_list.length, already_added_to_campaign: body.lead_list.length - uploaded } }
    }
    if (method === "POST" && what === "status") {
      if (!["START", "PAUSED", "STOPPED"].includes(body?.status)) return { status: 400, body: { message: "status must be START, PAUSED or STOPPED" } }
      campaign.status = body.status === "START" ? "ACTIVE" : body.status
      return { status: 200, body: { success: true, message: "Campaign status updated successfully" } }
    }
    if (method === "GET" && what === "analytics") {
      const n = campaign.leads.size
      return { status: 200, body: { id: campaign.id, name: campaign.name, sent_count: String(n), unique_open_count: String(Math.floor(n / 2)), reply_count: "1", bounce_count: "0" } }
    }
    return notFound
  })
  return { ...standIn, campaigns }
}

/** A webhook receiver at /hook that accepts only requests signed with `secret` within 5 minutes. */
export const startWebhookReceiver = async (secret: string) => {
  const events: Array<any> = []
  const standIn = await start((request) => {
    const timestamp = String(request.headers["x-leadfactory-timestamp"] ?? "")
    const given = String(request.headers["x-leadfactory-signature"] ?? "")
    const expected = `sha256=${createHmac("sha256", secret).update(`${timestamp}.${request.raw}`).digest("hex")}`
    const fresh = Math.abs(Date.now() / 1000 - Number(timestamp)) < 300
    const valid = given.length === expected.length && timingSafeEqual(Buffer.from(given), Buffer.from(expected))
    if (!fresh || !valid) return { status: 401, body: { error: "bad signature" } }
    if (request.path !== "/hook") return notFound
    events.push(request.body)
    return { status: 204 }
  })
  return { ...standIn, events }
}
