/** Port: the lead database. Callers check campaign ownership first; lead reads are per campaign. */
import { Context, type Effect, type Option, type Stream } from "effect"
import type { CampaignId } from "../Campaign.js"
import type { InvalidInput } from "../Errors.js"
import type { Lead, LeadFilter, LeadFreshness, LeadId, LeadInput, LeadPageRequest, LeadStats } from "../Lead.js"
import type { UserId } from "../User.js"

/** What an import needs to know of a lead that already exists. */
export interface ExistingLead {
  readonly id: LeadId
  readonly scraped_at: Date | null
}

export interface KeyedLead {
  readonly key: string
  readonly lead: LeadInput
}

/** The caller's figures for `GET /api/stats`, over all their campaigns. */
export interface UserLeadCounts {
  readonly total_leads: number
  readonly total_emails: number
  readonly hot_leads: number
  readonly warm_leads: number
}

export interface LeadStore {
  /** Existing leads of the campaign whose dedupe key is among `keys`. */
  readonly findByKeys: (
    campaignId: CampaignId,
    keys: ReadonlyArray<string>
  ) => Effect.Effect<ReadonlyMap<string, ExistingLead>>
  /**
   * Inserts the leads; a lead whose key already exists in the campaign (a concurrent import) is
   * left alone. Returns the ids of the leads inserted, in no particular order, keyed by dedupe key.
   * Chunks large batches below the database's parameter limit.
   */
  readonly insertMany: (
    campaignId: CampaignId,
    leads: ReadonlyArray<KeyedLead>
  ) => Effect.Effect<ReadonlyMap<string, LeadId>>
  /** Overwrites every field of LeadInput on the given leads. */
  readonly updateMany: (updates: ReadonlyArray<{ readonly id: LeadId; readonly lead: LeadInput }>) => Effect.Effect<void>
  /**
   * One page of the campaign's leads that are not opted out, with the total matching the filter.
   * With `cursor`, keyset paging on (sort column, id); `next_cursor` is null on the last page.
   * A cursor that does not decode fails with InvalidInput (field "cursor").
   */
  readonly query: (
    campaignId: CampaignId,
    filter: LeadFilter,
    page: LeadPageRequest
  ) => Effect.Effect<
    { readonly leads: ReadonlyArray<Lead>; readonly total: number; readonly next_cursor: string | null },
    InvalidInput
  >
  /** All matching leads ordered by score desc then id, read from a cursor in chunks, never all at once. */
  readonly stream: (campaignId: CampaignId, filter: LeadFilter) => Stream.Stream<Lead>
  readonly stats: (campaignId: CampaignId) => Effect.Effect<LeadStats>
  readonly freshness: (campaignId: CampaignId, now: Date) => Effect.Effect<LeadFreshness>
  /** The lead if its campaign belongs to `userId`. */
  readonly findForUser: (id: LeadId, userId: UserId) => Effect.Effect<Option.Option<Lead>>
  readonly setOptedOut: (id: LeadId) => Effect.Effect<void>
  /**
   * Marks every lead with this (lower-cased) email opted out, in every campaign. Returns the ids of
   * the campaigns that hold such a lead (each once), so the caller can recompute their totals.
   */
  readonly optOutByEmail: (email: string) => Effect.Effect<ReadonlyArray<CampaignId>>
  readonly countsForUser: (userId: UserId) => Effect.Effect<UserLeadCounts>
}

export const LeadStore = Context.GenericTag<LeadStore>("@leadfactory/core/LeadStore")
