/** Service: what a campaign's owner does with runs: request one, cancel it, follow its progress. */
import { Context, type Effect, type Stream } from "effect"
import type { Campaign, CampaignId } from "../Campaign.js"
import type { CampaignRunning, InsufficientCredits, InvalidInput, NotFound } from "../Errors.js"
import type { UserId } from "../User.js"

export interface Runs {
  /**
   * Queues a run; the campaign comes back queued. NotFound when it is not the user's;
   * CampaignRunning while it is queued or running (also when two requests race);
   * InvalidInput when no lead source can run it (the message says how to configure one);
   * InsufficientCredits when the balance is 0.
   */
  readonly request: (
    userId: UserId,
    campaignId: CampaignId
  ) => Effect.Effect<Campaign, NotFound | CampaignRunning | InvalidInput | InsufficientCredits>
  /**
   * Cancels the campaign's run: a queued run at once, a running one as soon as its worker sees the
   * request (it stops the crawl and marks the campaign cancelled). Without a run, nothing changes.
   */
  readonly cancel: (userId: UserId, campaignId: CampaignId) => Effect.Effect<Campaign, NotFound>
  /**
   * The campaign now, then each time its status, progress or totals change (read from the database,
   * so runs on other processes show too), ending with the first state that is not queued or running.
   */
  readonly events: (userId: UserId, campaignId: CampaignId) => Stream.Stream<Campaign, NotFound>
}

export const Runs = Context.GenericTag<Runs>("@leadfactory/core/Runs")
