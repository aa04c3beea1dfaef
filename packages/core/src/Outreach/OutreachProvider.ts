/**
 * Port: an email-outreach tool. Adapters (packages/outreach) speak each provider's API; the service
 * only creates a campaign, adds leads in the provider's batch size, starts, pauses and reads stats.
 */
import { Context, type Effect, type Redacted } from "effect"
import type { OutreachProviderName, ProviderError, SequenceStep } from "./OutreachCampaign.js"

/** A lead as the provider receives it: the placeholders of the templates come from these fields. */
export interface OutreachLead {
  readonly lead_id: string
  readonly email: string
  readonly first_name: string
  readonly last_name: string
  readonly name: string
  readonly fund: string | null
  readonly role: string | null
  readonly score: number
  readonly tier: string
}

/** The user's stored settings for one provider, decrypted for the length of one call. */
export interface ProviderCredentials {
  readonly apiKey: Redacted.Redacted<string>
  /** The webhook's target URL. */
  readonly url: string | null
  /** The webhook's HMAC secret. */
  readonly secret: Redacted.Redacted<string> | null
}

export interface NewProviderCampaign {
  /** Our outreach campaign's id, for providers that keep a reference (the webhook sends it). */
  readonly outreach_campaign_id: string
  readonly name: string
  readonly from_email: string
  readonly from_name: string
  readonly steps: ReadonlyArray<SequenceStep>
}

export interface ProviderStats {
  readonly sent: number | null
  readonly opened: number | null
  readonly replied: number | null
  readonly bounced: number | null
}

export interface OutreachProvider {
  /** The most leads one `addLeads` call may carry. */
  readonly batchSize: number
  /** Creates the provider's campaign with the sequence; returns the provider's id for it. */
  readonly createCampaign: (campaign: NewProviderCampaign) => Effect.Effect<string, ProviderError>
  /** Adds at most `batchSize` leads; succeeds only when the provider accepted the batch. */
  readonly addLeads: (providerCampaignId: string, leads: ReadonlyArray<OutreachLead>) => Effect.Effect<void, ProviderError>
  readonly start: (providerCampaignId: string) => Effect.Effect<void, ProviderError>
  readonly pause: (providerCampaignId: string) => Effect.Effect<void, ProviderError>
  readonly stats: (providerCampaignId: string) => Effect.Effect<ProviderStats, ProviderError>
}

/** Every provider by name: the adapter for the given credentials. */
export interface OutreachProviders {
  readonly forProvider: (name: OutreachProviderName, credentials: ProviderCredentials) => OutreachProvider
}

export const OutreachProviders = Context.GenericTag<OutreachProviders>("@leadfactory/core/OutreachProviders")
