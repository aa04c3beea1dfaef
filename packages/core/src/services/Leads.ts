/** Service: reading, exporting and opting out leads, always through a campaign the caller owns. */
import { Context, Schema, type Effect, type Option, type Stream } from "effect"
import type { Campaign, CampaignId } from "../Campaign.js"
import type { InvalidInput, NotFound } from "../Errors.js"
import type { Lead, LeadFilter, LeadFreshness, LeadId, LeadPage, LeadPageRequest, LeadStats } from "../Lead.js"
import type { LeadExportRow } from "../ports/LeadStore.js"
import type { UserId } from "../User.js"

export class OptOutResult extends Schema.Class<OptOutResult>("OptOutResult")({
  email: Schema.NullOr(Schema.String),
  opted_out: Schema.Literal(true),
  message: Schema.String
}) {}

export class PublicOptOutResult extends Schema.Class<PublicOptOutResult>("PublicOptOutResult")({
  opted_out: Schema.Literal(true),
  message: Schema.String
}) {}

export interface Leads {
  readonly list: (
    userId: UserId,
    campaignId: CampaignId,
    filter: LeadFilter,
    page: LeadPageRequest
  ) => Effect.Effect<LeadPage, NotFound | InvalidInput>
  /**
   * The campaign (for the file name) and its matching leads ordered by score desc, streamed: as
   * Leads, as the rows a CSV export writes (the same leads, faster to read), and, where the database
   * writes the CSV itself (PostgreSQL's COPY), as the export's lines (see LeadStore.exportCsv).
   */
  readonly export: (
    userId: UserId,
    campaignId: CampaignId,
    filter: LeadFilter
  ) => Effect.Effect<
    {
      readonly campaign: Campaign
      readonly leads: Stream.Stream<Lead>
      readonly rows: Stream.Stream<LeadExportRow>
      readonly csvLines: Option.Option<Stream.Stream<Uint8Array>>
    },
    NotFound
  >
  readonly stats: (userId: UserId, campaignId: CampaignId) => Effect.Effect<LeadStats, NotFound>
  readonly freshness: (userId: UserId, campaignId: CampaignId) => Effect.Effect<LeadFreshness, NotFound>
  /** Opts out one lead of the caller's, and suppresses its address for later imports. */
  readonly optOut: (userId: UserId, leadId: LeadId) => Effect.Effect<OptOutResult, NotFound>
  /**
   * Public opt-out: suppresses the address everywhere. The answer is the same whether or not the
   * address is known, so it tells nothing about the lead database.
   */
  readonly optOutByEmail: (email: string) => Effect.Effect<PublicOptOutResult, InvalidInput>
}

export const Leads = Context.GenericTag<Leads>("@leadfactory/core/Leads")
