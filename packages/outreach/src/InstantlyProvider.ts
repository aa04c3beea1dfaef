/**
 * The Instantly adapter, written against Instantly's API v2 (developer.instantly.ai/api-reference,
 * OpenAPI api_v2.json version 2.0.0):
 * Bearer authentication; `POST /api/v2/campaigns` with a schedule and one sequence of steps;
 * `POST /api/v2/leads/add` for leads in bulk (at most 1000 a request); `POST
 * /api/v2/campaigns/{id}/activate` and `/pause`; `GET /api/v2/campaigns/analytics?id=`.
 */
import type { OutreachLead, OutreachProvider, ProviderCredentials, SequenceStep } from "@leadfactory/core"
import { ProviderError } from "@leadfactory/core"
import { Effect, Redacted } from "effect"
import { renderPlaceholders } from "./internal/placeholders.js"
import { count, DEFAULT_RETRY, field, type RetryPolicy, sendJson } from "./internal/providerRequest.js"

export const DEFAULT_BASE_URL = "https://api.instantly.ai"
export const BATCH_SIZE = 1000

// Instantly's lead variables: firstName and companyName are built in, role is a custom variable.
const instantlyText = (text: string) =>
  renderPlaceholders(text, { first_name: "{{firstName}}", fund: "{{companyName}}", role: "{{role}}" })

/**
 * Instantly's `delay` on a step is the wait before the *next* step, while ours is the wait after
 * the previous one: each step takes the delay of the one that follows it.
 */
export const toSequence = (steps: ReadonlyArray<SequenceStep>) => [{
  steps: steps.map((step, index) => ({
    type: "email",
    delay: steps[index + 1]?.delay_days ?? 0,
    variants: [{ subject: instantlyText(step.subject), body: instantlyText(step.body) }]
  }))
}]

const toInstantlyLead = (lead: OutreachLead) => ({
  email: lead.email,
  first_name: lead.first_name,
  last_name: lead.last_name,
  company_name: lead.fund ?? "",
  custom_variables: { role: lead.role ?? "", score: lead.score, tier: lead.tier, leadfactory_id: lead.lead_id }
})

export interface InstantlyOptions {
  readonly baseUrl?: string | undefined
  readonly retry?: RetryPolicy | undefined
}

export const make = (credentials: ProviderCredentials, options: InstantlyOptions = {}): OutreachProvider => {
  const base = (options.baseUrl ?? DEFAULT_BASE_URL).replace(/\/$/, "")
  const retry = options.retry ?? DEFAULT_RETRY
  const call = (method: "GET" | "POST", path: string, body?: unknown) =>
    sendJson("instantly", "Instantly", retry, {
      method,
      url: base + path,
      headers: { authorization: `Bearer ${Redacted.value(credentials.apiKey)}` },
      ...(body === undefined ? {} : { body: JSON.stringify(body) })
    })

  return {
    batchSize: BATCH_SIZE,
    createCampaign: (campaign) =>
      call("POST", "/api/v2/campaigns", {
        name: campaign.name,
        email_list: [campaign.from_email],
        campaign_schedule: {
          schedules: [{
            name: "Weekdays",
            timing: { from: "09:00", to: "17:00" },
            days: { "1": true, "2": true, "3": true, "4": true, "5": true },
            timezone: "Etc/GMT"
          }]
        },
        sequences: toSequence(campaign.steps),
        stop_on_reply: true
      }).pipe(
        Effect.flatMap((body) => {
          const id = field(body, "id")
          return typeof id === "string" && id !== ""
            ? Effect.succeed(id)
            : Effect.fail(new ProviderError({ provider: "instantly", status: 200, message: "Instantly answered without a campaign id." }))
        })
      ),
    addLeads: (id, leads) =>
      call("POST", "/api/v2/leads/add", {
        campaign_id: id,
        // No skip_if_* flag: those skip leads found in *other* campaigns too; we never send one twice.
        leads: leads.map(toInstantlyLead)
      }).pipe(Effect.asVoid),
    start: (id) => call("POST", `/api/v2/campaigns/${encodeURIComponent(id)}/activate`).pipe(Effect.asVoid),
    pause: (id) => call("POST", `/api/v2/campaigns/${encodeURIComponent(id)}/pause`).pipe(Effect.asVoid),
    stats: (id) =>
      call("GET", `/api/v2/campaigns/analytics?id=${encodeURIComponent(id)}`).pipe(
        Effect.map((body) => {
          // An array with one entry per campaign asked for.
          const entry: unknown = Array.isArray(body) ? body.find((item) => field(item, "campaign_id") === id) ?? body[0] : body
          return {
            sent: count(field(entry, "emails_sent_count")),
            opened: count(field(entry, "open_count")),
            replied: count(field(entry, "reply_count")),
            bounced: count(field(entry, "bounced_count"))
          }
        })
      )
  }
}
