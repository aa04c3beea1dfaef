/** Port: the lead database. Callers check campaign ownership first (queryOwned checks it itself); lead reads are per campaign. */
import { Context, type Effect, type Option, type Stream } from "effect"
import type { CampaignId } from "../Campaign.js"
import type { InvalidInput } from "../Errors.js"
import type {
  EmailStatus,
  Lead,
  LeadFilter,
  LeadFreshness,
  LeadId,
  LeadInput,
  LeadPageRequest,
  LeadStats,
  Tier
} from "../Lead.js"
import type { UserId } from "../User.js"

/** One page of leads, the total matching the filter, and the cursor of the next page (null on the last). */
export interface LeadQueryResult {
  readonly leads: ReadonlyArray<Lead>
  readonly total: number
  readonly next_cursor: string | null
}

/** What an import needs to know of a lead that already exists. */
export interface ExistingLead {
  readonly id: LeadId
  readonly scraped_at: Date | null
}

/**
 * The columns of a lead that the CSV export writes, as stored: `scraped_at` is ISO-8601 in UTC with
 * milliseconds (`2026-02-20T09:30:00.000Z`), or null.
 */
export interface LeadExportRow {
  readonly name: string
  readonly email: string | null
  readonly email_status: EmailStatus
  readonly email_source: string | null
  readonly role: string | null
  readonly fund: string | null
  readonly sectors: string | null
  readonly stage: string | null
  readonly check_size: string | null
  readonly hq: string | null
  readonly linkedin: string | null
  readonly website: string | null
  readonly score: number
  readonly tier: Tier
  readonly source: string | null
  readonly scraped_at: string | null
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
  ) => Effect.Effect<LeadQueryResult, InvalidInput>
  /**
   * `query`, for the campaign's owner: None when the campaign is not `userId`'s or does not exist,
   * whatever the filter and page (a stranger learns nothing from a bad cursor either). The store
   * may check the owner in the page's own statement, and apart only when the page is empty.
   */
  readonly queryOwned: (
    userId: UserId,
    campaignId: CampaignId,
    filter: LeadFilter,
    page: LeadPageRequest
  ) => Effect.Effect<Option.Option<LeadQueryResult>, InvalidInput>
  /** All matching leads ordered by score desc then id, read from a cursor in chunks, never all at once. */
  readonly stream: (campaignId: CampaignId, filter: LeadFilter) => Stream.Stream<Lead>
  /**
   * The same leads in the same order as `stream`, as the export writes them (LeadExportRow): plain
   * rows without Lead objects or parsed times, for an export of a million leads at the database's pace.
   */
  readonly exportRows: (campaignId: CampaignId, filter: LeadFilter) => Stream.Stream<LeadExportRow>
  /**
   * The same leads in the same order as `exportRows`, already written as the lines of the CSV export
   * by the database itself (PostgreSQL's `COPY … TO STDOUT`), as UTF-8 byte chunks without the
   * header: byte for byte what the export writes from `exportRows` (the crawl engine's columns,
   * RFC 4180 quoting, CRLF line ends, empty cells for null and empty values, a `'` before a cell
   * that starts with `=`, `+`, `-`, `@`, a tab or a carriage return, times as `2024-05-01T09:30:00`
   * or `…:00.123`). The chunks come as the consumer pulls them, so memory holds a few of them, and
   * a consumer that stops early gives the connection back. None where the database cannot write
   * CSV itself (SQLite): the caller then writes `exportRows`.
   */
  readonly exportCsv: (campaignId: CampaignId, filter: LeadFilter) => Option.Option<Stream.Stream<Uint8Array>>
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
