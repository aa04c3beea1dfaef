/** Service: launching a campaign's leads into an outreach provider, and the user's provider keys. */
import { Context, type Effect } from "effect"
import type { CampaignId } from "../Campaign.js"
import type { InvalidInput, NotFound } from "../Errors.js"
import type { UserId } from "../User.js"
import type {
  Integration,
  LaunchRequest,
  LaunchResult,
  OutreachCampaign,
  OutreachCampaignId,
  OutreachProviderName,
  OutreachStats,
  OutreachTemplate,
  ProviderError,
  PutIntegration
} from "./OutreachCampaign.js"

export interface Outreach {
  /** Stores (encrypted) the user's key for the provider; answers what the API may show of it. */
  readonly putIntegration: (
    userId: UserId,
    provider: OutreachProviderName,
    input: PutIntegration
  ) => Effect.Effect<Integration, InvalidInput>
  readonly listIntegrations: (userId: UserId) => Effect.Effect<ReadonlyArray<Integration>>
  /**
   * Pushes the campaign's matching leads (valid email, not opted out, not suppressed, filters) to
   * the provider in its batch size. Resumes the outreach campaign of the same campaign, provider and
   * name if there is one, and never pushes a lead to it twice. A provider failure is recorded
   * (status failed, error_message, leads pushed so far) before it is returned.
   */
  readonly launch: (
    userId: UserId,
    request: LaunchRequest
  ) => Effect.Effect<LaunchResult, NotFound | InvalidInput | ProviderError>
  /** The outreach campaigns of one of the user's campaigns, newest first. */
  readonly list: (userId: UserId, campaignId: CampaignId) => Effect.Effect<ReadonlyArray<OutreachCampaign>, NotFound>
  readonly start: (userId: UserId, id: OutreachCampaignId) => Effect.Effect<OutreachCampaign, NotFound | InvalidInput | ProviderError>
  readonly pause: (userId: UserId, id: OutreachCampaignId) => Effect.Effect<OutreachCampaign, NotFound | InvalidInput | ProviderError>
  readonly stats: (userId: UserId, id: OutreachCampaignId) => Effect.Effect<OutreachStats, NotFound | InvalidInput | ProviderError>
  readonly templates: () => ReadonlyArray<OutreachTemplate>
}

export const Outreach = Context.GenericTag<Outreach>("@leadfactory/core/Outreach")
