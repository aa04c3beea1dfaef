/**
 * The Smartlead adapter, written against Smartlead's API v1 (api.smartlead.ai/api-reference, base
 * https://server.smartlead.ai/api/v1): the key as the `api_key` query parameter;
 * `POST /campaigns/create`; `POST /campaigns/{id}/sequences`; `POST /campaigns/{id}/leads` (at most
 * 100 leads a request); `POST /campaigns/{id}/status` with START or PAUSED; `GET /campaigns/{id}/analytics`.
 * Sending accounts are attached to the campaign in Smartlead itself (by account id, which we do not know).
 */
import type { OutreachLead, OutreachProvider, ProviderCredentials, SequenceStep } from "@leadfactory/core"
import { ProviderError } from "@leadfactory/core"
import { Effect, Redacted } from "effect"
import { renderPlaceholders } from "./internal/placeholders.js"
import { count, DEFAULT_RETRY, field, type RetryPolicy, sendJson } from "./internal/providerRequest.js"

export const DEFAULT_BASE_URL = "https://server.smartlead.ai/api/v1"
/** The v1 help-center limit; the current reference allows 400, so 100 is accepted under both. */
export const BATCH_SIZE = 100

// Smartlead's lead variables: first_name and company_name are built in, role is a custom field.
const smartleadText = (text: string) =>
  renderPlaceholders(text, { first_name: "{{first_name}}", fund: "{{company_name}}", role: "{{role}}" })

export const toSequences = (steps: ReadonlyArray<SequenceStep>) =>
  steps.map((step, index) => ({
    seq_number: index + 1,
    seq_delay_details: { delay_in_days: step.delay_days },
    subject: smartleadText(step.subject),
    email_body: smartleadText(step.body)
  }))

const toSmartleadLead = (lead: OutreachLead) => ({
  email: lead.email,
  first_name: lead.first_name,
  last_name: lead.last_name,
  company_name: lead.fund ?? "",
  custom_fields: { role: lead.role ?? "", score: String(lead.score), tier: lead.tier, leadfactory_id: lead.lead_id }
})

export interface SmartleadOptions {
  readonly baseUrl?: string | undefined
  readonly retry?: RetryPolicy | undefined
}

export const make = (credentials: ProviderCredentials, options: SmartleadOptions = {}): OutreachProvider => {
  const base = (options.baseUrl ?? DEFAULT_BASE_URL).replace(/\/$/, "")
  const retry = options.retry ?? DEFAULT_RETRY
  const call = (method: "GET" | "POST", path: string, body?: unknown) =>
    sendJson("smartlead", "Smartlead", retry, {
      method,
      url: `${base}${path}?api_key=${encodeURIComponent(Redacted.value(credentials.apiKey))}`,
      ...(body === undefined ? {} : { body: JSON.stringify(body) })
    })
  const campaignPath = (id: string) => `/campaigns/${encodeURIComponent(id)}`

  return {
    batchSize: BATCH_SIZE,
    createCampaign: (campaign) =>
      call("POST", "/campaigns/create", { name: campaign.name }).pipe(
        Effect.flatMap((body) => {
          const id = field(body, "id")
          return typeof id === "number" || (typeof id === "string" && id !== "")
            ? Effect.succeed(String(id))
            : Effect.fail(new ProviderError({ provider: "smartlead", status: 200, message: "Smartlead answered without a campaign id." }))
        }),
        Effect.tap((id) => call("POST", `${campaignPath(id)}/sequences`, { sequences: toSequences(campaign.steps) }))
      ),
    addLeads: (id, leads) =>
      call("POST", `${campaignPath(id)}/leads`, {
        lead_list: leads.map(toSmartleadLead),
        settings: {
          ignore_global_block_list: false,
          ignore_unsubscribe_list: false,
          ignore_duplicate_leads_in_other_campaign: false
        }
      }).pipe(Effect.asVoid),
    start: (id) => call("POST", `${campaignPath(id)}/status`, { status: "START" }).pipe(Effect.asVoid),
    pause: (id) => call("POST", `${campaignPath(id)}/status`, { status: "PAUSED" }).pipe(Effect.asVoid),
    stats: (id) =>
      call("GET", `${campaignPath(id)}/analytics`).pipe(
        Effect.map((body) => ({
          sent: count(field(body, "sent_count")),
          opened: count(field(body, "unique_open_count") ?? field(body, "open_count")),
          replied: count(field(body, "reply_count")),
          bounced: count(field(body, "bounce_count"))
        }))
      )
  }
}
