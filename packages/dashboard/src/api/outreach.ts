/** The outreach endpoints for the dashboard: provider keys, launch, start, pause, stats and templates. */
import type { ApiClient } from "./ApiClient.js"

export type OutreachProviderName = "instantly" | "smartlead" | "webhook"
export const OUTREACH_PROVIDERS: ReadonlyArray<OutreachProviderName> = ["instantly", "smartlead", "webhook"]
export type OutreachStatus = "pushing" | "ready" | "active" | "paused" | "failed"

export interface SequenceStep {
  readonly subject: string
  readonly body: string
  readonly delay_days: number
}

export interface OutreachTemplate {
  readonly id: string
  readonly vertical: string
  readonly name: string
  readonly steps: ReadonlyArray<SequenceStep>
}

export interface OutreachCampaign {
  readonly id: string
  readonly campaign_id: string
  readonly name: string
  readonly provider: OutreachProviderName
  readonly provider_campaign_id: string | null
  readonly status: OutreachStatus
  readonly leads_pushed: number
  readonly error_message: string | null
  readonly created_at: string
  readonly updated_at: string
}

export interface LaunchRequest {
  readonly name: string
  readonly provider: OutreachProviderName
  readonly campaign_id: string
  readonly min_score?: number
  readonly tiers?: ReadonlyArray<string>
  readonly from_email: string
  readonly from_name: string
  readonly template: string
}

export interface LaunchResult {
  readonly outreach_campaign: OutreachCampaign
  readonly leads_added: number
}

export interface OutreachStats {
  readonly outreach_campaign: OutreachCampaign
  readonly sent: number | null
  readonly opened: number | null
  readonly replied: number | null
  readonly bounced: number | null
}

export interface Integration {
  readonly provider: OutreachProviderName
  readonly key_last4: string
  readonly url: string | null
  readonly updated_at: string
}

export interface IntegrationInput {
  readonly api_key?: string
  readonly url?: string
  readonly secret?: string
}

const path = (id: string, action: string) => `/outreach/${encodeURIComponent(id)}/${action}`

/** The outreach calls over an ApiClient (its token, base URL and error handling). */
export const outreachApi = (api: ApiClient) => ({
  integrations: () => api.request<ReadonlyArray<Integration>>("GET", "/users/integrations"),
  putIntegration: (provider: OutreachProviderName, input: IntegrationInput) =>
    api.request<Integration>("PUT", `/users/integrations/${provider}`, { json: input }),
  templates: () => api.request<ReadonlyArray<OutreachTemplate>>("GET", "/outreach/templates"),
  list: (campaignId: string) => api.request<ReadonlyArray<OutreachCampaign>>("GET", "/outreach", { query: { campaign_id: campaignId } }),
  launch: (request: LaunchRequest) => api.request<LaunchResult>("POST", "/outreach/launch", { json: request }),
  start: (id: string) => api.request<OutreachCampaign>("POST", path(id, "start")),
  pause: (id: string) => api.request<OutreachCampaign>("POST", path(id, "pause")),
  stats: (id: string) => api.request<OutreachStats>("GET", path(id, "stats"))
})
