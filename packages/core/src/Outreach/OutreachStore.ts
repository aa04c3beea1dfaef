/**
 * Port: the outreach tables. Provided by the SQL store layer beside the `Stores`, under its own tag,
 * so that stores without outreach (and the shared store contract) stay as they are.
 */
import { Context, type Effect, type Option } from "effect"
import type { CampaignId } from "../Campaign.js"
import type { UserId } from "../User.js"
import type {
  OutreachCampaignId,
  OutreachCampaignRecord,
  OutreachProviderName,
  OutreachStatus
} from "./OutreachCampaign.js"

/** A provider key as stored: the key and webhook secret encrypted (see SecretBox), never in clear. */
export interface StoredIntegration {
  readonly user_id: UserId
  readonly provider: OutreachProviderName
  readonly api_key_encrypted: string
  readonly key_last4: string
  readonly webhook_url: string | null
  readonly webhook_secret_encrypted: string | null
  readonly updated_at: Date
}

export interface OutreachProgress {
  readonly status?: OutreachStatus
  readonly provider_campaign_id?: string
  readonly error_message?: string | null
  readonly updated_at: Date
}

export interface OutreachStore {
  /** Inserts or replaces the user's settings for the provider. */
  readonly putIntegration: (integration: StoredIntegration) => Effect.Effect<void>
  readonly findIntegration: (
    userId: UserId,
    provider: OutreachProviderName
  ) => Effect.Effect<Option.Option<StoredIntegration>>
  readonly listIntegrations: (userId: UserId) => Effect.Effect<ReadonlyArray<StoredIntegration>>

  /**
   * Inserts the outreach campaign unless one with the same campaign, provider and name exists;
   * returns the one that is stored either way (a launch that resumes gets the first one).
   */
  readonly insertOrFind: (record: OutreachCampaignRecord) => Effect.Effect<OutreachCampaignRecord>
  /** The outreach campaign if it belongs to `userId`. */
  readonly findForUser: (id: OutreachCampaignId, userId: UserId) => Effect.Effect<Option.Option<OutreachCampaignRecord>>
  readonly listForCampaign: (campaignId: CampaignId, userId: UserId) => Effect.Effect<ReadonlyArray<OutreachCampaignRecord>>
  readonly updateProgress: (id: OutreachCampaignId, progress: OutreachProgress) => Effect.Effect<void>
  /**
   * Claims the leads for a push to this outreach campaign: records those not recorded yet and
   * returns them, so that two launches running at once never both push a lead. leads_pushed is
   * recounted from the records.
   */
  readonly claimLeads: (id: OutreachCampaignId, leadIds: ReadonlyArray<string>, at: Date) => Effect.Effect<ReadonlySet<string>>
  /** Gives back claimed leads whose push failed, so that the next launch pushes them; recounts leads_pushed. */
  readonly releaseLeads: (id: OutreachCampaignId, leadIds: ReadonlyArray<string>, at: Date) => Effect.Effect<void>
}

export const OutreachStore = Context.GenericTag<OutreachStore>("@leadfactory/core/OutreachStore")
