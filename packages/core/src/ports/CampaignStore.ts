/** Port: campaigns and their run status. Every read and change is scoped to the owning user. */
import { Context, type Effect, type Option } from "effect"
import type { CampaignId, CampaignRecord, CampaignStatus, ProgressStage, VerticalSlug } from "../Campaign.js"
import type { CampaignRunning, NotFound } from "../Errors.js"
import type { UserId } from "../User.js"

export interface CampaignListQuery {
  readonly status?: CampaignStatus | undefined
  readonly vertical?: VerticalSlug | undefined
  readonly page: number
  readonly per_page: number
}

/** A change of a campaign's run state; fields left out stay as they are. */
export interface CampaignProgress {
  readonly status?: CampaignStatus
  readonly progress_stage?: ProgressStage
  readonly progress_pct?: number
  readonly error_message?: string | null
  readonly started_at?: Date | null
  readonly completed_at?: Date | null
}

export interface CampaignStore {
  readonly insert: (campaign: CampaignRecord) => Effect.Effect<void>
  /** The campaign if it exists and belongs to `userId`. */
  readonly findForUser: (id: CampaignId, userId: UserId) => Effect.Effect<Option.Option<CampaignRecord>>
  /** Whether the campaign exists and belongs to `userId`: findForUser without reading the campaign. */
  readonly isOwnedBy: (id: CampaignId, userId: UserId) => Effect.Effect<boolean>
  /** Any user's campaign: for workers and operator commands only. */
  readonly findById: (id: CampaignId) => Effect.Effect<Option.Option<CampaignRecord>>
  /** Newest first. */
  readonly list: (
    userId: UserId,
    query: CampaignListQuery
  ) => Effect.Effect<{ readonly campaigns: ReadonlyArray<CampaignRecord>; readonly total: number }>
  /**
   * Deletes the campaign and its leads in one transaction, unless it is queued or running
   * (CampaignRunning; checked in the same statement, so a run that starts meanwhile wins).
   */
  readonly delete: (id: CampaignId, userId: UserId) => Effect.Effect<void, NotFound | CampaignRunning>
  readonly updateProgress: (id: CampaignId, progress: CampaignProgress) => Effect.Effect<void>
  /** Recounts total_leads and total_emails from the leads table (opted-out leads excluded). */
  readonly recomputeTotals: (id: CampaignId) => Effect.Effect<void>
  /**
   * Adds the leads (and those with an email) that a transaction has just inserted to total_leads
   * and total_emails, in that transaction: the totals then hold at every commit, at the cost of one
   * row update instead of a recount.
   */
  readonly addTotals: (id: CampaignId, leads: number, emails: number) => Effect.Effect<void>
  /** Adds to credits_used after a charge for this campaign's leads. */
  readonly addCreditsUsed: (id: CampaignId, amount: number) => Effect.Effect<void>
}

export const CampaignStore = Context.GenericTag<CampaignStore>("@leadfactory/core/CampaignStore")
