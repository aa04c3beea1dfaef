/** A lead: one investor contact found by the crawl engine, scored HOT to COLD. Missing values are null. */
import { Schema } from "effect"
import { CampaignId } from "./Campaign.js"

export const LeadId = Schema.UUID.pipe(Schema.brand("LeadId"))
export type LeadId = typeof LeadId.Type

export const Tier = Schema.Literal("HOT", "WARM", "COOL", "COLD")
export type Tier = typeof Tier.Type

/** The crawler's scorer: HOT from 80, WARM from 60, COOL from 40, COLD below. */
export const tierFromScore = (score: number): Tier =>
  score >= 80 ? "HOT" : score >= 60 ? "WARM" : score >= 40 ? "COOL" : "COLD"

export const EmailStatus = Schema.Literal("verified", "scraped", "guessed", "catch_all", "undeliverable", "unknown")
export type EmailStatus = typeof EmailStatus.Type

export const Score = Schema.Number.pipe(Schema.between(0, 100, { message: () => "must be a number from 0 to 100" }))

/** The lead fields that an import or a crawl supplies. */
export const LeadFields = {
  name: Schema.String,
  email: Schema.NullOr(Schema.String),
  email_status: EmailStatus,
  /** How the crawler found or made the address, in its own word (dns_harvest, guessed, …). */
  email_source: Schema.NullOr(Schema.String),
  email_verified: Schema.Boolean,
  linkedin: Schema.NullOr(Schema.String),
  phone: Schema.NullOr(Schema.String),
  fund: Schema.NullOr(Schema.String),
  role: Schema.NullOr(Schema.String),
  website: Schema.NullOr(Schema.String),
  sectors: Schema.NullOr(Schema.String),
  check_size: Schema.NullOr(Schema.String),
  stage: Schema.NullOr(Schema.String),
  hq: Schema.NullOr(Schema.String),
  score: Score,
  tier: Tier,
  source: Schema.NullOr(Schema.String),
  scraped_at: Schema.NullOr(Schema.Date)
}

/** A lead to insert or update, with its dedupe key computed by `dedupeKey`. */
export class LeadInput extends Schema.Class<LeadInput>("LeadInput")(LeadFields) {}

/**
 * A stored lead. A struct, not a class: a page of leads is read many times a second, and building
 * a class instance per row (its defaults merged, its structural equality set up) cost a list request
 * more CPU than turning the same rows into JSON (docs/benchmarks.md).
 */
export const Lead = Schema.Struct({
  id: LeadId,
  campaign_id: CampaignId,
  ...LeadFields,
  opted_out: Schema.Boolean,
  last_verified: Schema.NullOr(Schema.Date),
  last_crawled_at: Schema.NullOr(Schema.Date)
}).annotations({ identifier: "Lead" })
export interface Lead extends Schema.Schema.Type<typeof Lead> {}

/**
 * The identity of a lead inside its campaign: the lower-cased email when there is one, else the
 * lower-cased name and fund. Repeats of one key in a file, or across imports, are one lead.
 */
export const dedupeKey = (lead: { readonly email: string | null; readonly name: string; readonly fund: string | null }): string =>
  lead.email !== null
    ? `e:${lead.email.toLowerCase()}`
    : `n:${lead.name.trim().toLowerCase()}\u0001${(lead.fund ?? "").trim().toLowerCase()}`

export const LeadSortBy = Schema.Literal("score", "name", "fund", "scraped_at")
export type LeadSortBy = typeof LeadSortBy.Type
export const SortDir = Schema.Literal("asc", "desc")
export type SortDir = typeof SortDir.Type

/** The filters of `GET /api/leads` and of the export (api.md), already validated. */
export interface LeadFilter {
  readonly tier?: ReadonlyArray<Tier> | undefined
  readonly min_score?: number | undefined
  readonly has_email?: boolean | undefined
  readonly email_verified?: boolean | undefined
  readonly email_status?: EmailStatus | undefined
  /** Case-insensitive substring matches. */
  readonly fund?: string | undefined
  readonly sector?: string | undefined
  readonly stage?: string | undefined
  readonly check_size?: string | undefined
  readonly hq?: string | undefined
  /** Case-insensitive substring of name, fund, email or role. */
  readonly search?: string | undefined
}

export interface LeadPageRequest {
  readonly sort_by: LeadSortBy
  readonly sort_dir: SortDir
  readonly per_page: number
  /** 1-based page for OFFSET paging; ignored when `cursor` is set. */
  readonly page: number
  /** Opaque keyset cursor from a previous page's `next_cursor`. */
  readonly cursor?: string | undefined
}

export class LeadPage extends Schema.Class<LeadPage>("LeadPage")({
  leads: Schema.Array(Lead),
  total: Schema.Number,
  page: Schema.Number,
  per_page: Schema.Number,
  next_cursor: Schema.NullOr(Schema.String)
}) {}

export class FundCount extends Schema.Class<FundCount>("FundCount")({ fund: Schema.String, count: Schema.Number }) {}

export class LeadStats extends Schema.Class<LeadStats>("LeadStats")({
  total_leads: Schema.Number,
  with_email: Schema.Number,
  email_rate: Schema.Number,
  verified_emails: Schema.Number,
  hot_leads: Schema.Number,
  warm_leads: Schema.Number,
  cool_leads: Schema.Number,
  cold_leads: Schema.Number,
  avg_score: Schema.Number,
  top_funds: Schema.Array(FundCount)
}) {}

export class LeadFreshness extends Schema.Class<LeadFreshness>("LeadFreshness")({
  total_leads: Schema.Number,
  verified_last_7d: Schema.Number,
  verified_last_14d: Schema.Number,
  never_verified: Schema.Number,
  crawled_last_7d: Schema.Number,
  stale_leads: Schema.Number,
  freshness_pct: Schema.Number
}) {}
