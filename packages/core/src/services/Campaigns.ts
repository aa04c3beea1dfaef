/** Service: a user's campaigns. */
import { Context, type Effect } from "effect"
import type { Campaign, CampaignId, NewCampaign } from "../Campaign.js"
import type { CampaignRunning, InsufficientCredits, InvalidInput, NotFound, UnknownVertical } from "../Errors.js"
import type { CampaignListQuery } from "../ports/CampaignStore.js"
import type { UserId } from "../User.js"

export interface Campaigns {
  /**
   * Status pending. InsufficientCredits (402) when the balance is 0, as in the original. The request
   * is validated again (InvalidInput for an empty or over-long name), since plain objects reach it.
   */
  readonly create: (
    userId: UserId,
    request: NewCampaign
  ) => Effect.Effect<Campaign, UnknownVertical | InsufficientCredits | InvalidInput>
  /** Newest first; `per_page` is brought into 1..100. */
  readonly list: (
    userId: UserId,
    query: CampaignListQuery
  ) => Effect.Effect<{ readonly campaigns: ReadonlyArray<Campaign>; readonly total: number }>
  readonly get: (userId: UserId, id: CampaignId) => Effect.Effect<Campaign, NotFound>
  /** Deletes it with its leads; CampaignRunning while queued or running. */
  readonly delete: (userId: UserId, id: CampaignId) => Effect.Effect<void, NotFound | CampaignRunning>
}

export const Campaigns = Context.GenericTag<Campaigns>("@leadfactory/core/Campaigns")
