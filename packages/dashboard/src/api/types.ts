/**
 * The JSON shapes of the LeadFactory HTTP API (reference/api.md) as the browser receives them:
 * snake_case fields, timestamps as ISO strings, missing values as null.
 */

export type Tier = "HOT" | "WARM" | "COOL" | "COLD"
export const TIERS: ReadonlyArray<Tier> = ["HOT", "WARM", "COOL", "COLD"]

export type EmailStatus = "verified" | "scraped" | "guessed" | "catch_all" | "undeliverable" | "unknown"
export const EMAIL_STATUSES: ReadonlyArray<EmailStatus> = [
  "verified",
  "scraped",
  "guessed",
  "catch_all",
  "undeliverable",
  "unknown"
]

export type CampaignStatus = "pending" | "queued" | "running" | "completed" | "failed" | "cancelled"

/** Statuses during which a campaign is being worked on: it may be cancelled, not run or deleted. */
export const isActive = (status: CampaignStatus): boolean => status === "queued" || status === "running"

export interface User {
  readonly id: string
  readonly email: string
  readonly name: string
  readonly company: string | null
  readonly plan: string
  readonly credits_remaining: number
  readonly credits_monthly: number
  readonly is_active: boolean
  readonly created_at: string
}

export interface AuthAnswer {
  readonly access_token: string
  readonly token_type: string
  readonly user: User
}

export interface Registration {
  readonly email: string
  readonly password: string
  readonly name: string
  readonly company?: string
}

export interface Campaign {
  readonly id: string
  readonly name: string
  readonly vertical: string
  readonly status: CampaignStatus
  readonly config: Readonly<Record<string, unknown>>
  readonly total_leads: number
  readonly total_emails: number
  readonly credits_used: number
  readonly error_message: string | null
  readonly progress_stage: string
  readonly progress_pct: number
  readonly started_at: string | null
  readonly completed_at: string | null
  readonly created_at: string
}

export interface CampaignList {
  readonly campaigns: ReadonlyArray<Campaign>
  readonly total: number
}

export interface Vertical {
  readonly slug: string
  readonly name: string
  readonly description: string
  readonly seed_count: number
  readonly search_queries: ReadonlyArray<string>
}

export interface Lead {
  readonly id: string
  readonly campaign_id: string
  readonly name: string
  readonly email: string | null
  readonly email_status: EmailStatus
  readonly email_source: string | null
  readonly email_verified: boolean
  readonly linkedin: string | null
  readonly phone: string | null
  readonly fund: string | null
  readonly role: string | null
  readonly website: string | null
  readonly sectors: string | null
  readonly check_size: string | null
  readonly stage: string | null
  readonly hq: string | null
  readonly score: number
  readonly tier: Tier
  readonly source: string | null
  readonly opted_out: boolean
  readonly scraped_at: string | null
  readonly last_verified: string | null
  readonly last_crawled_at: string | null
}

/** The filters of `GET /api/leads` and `GET /api/leads/export` that the dashboard offers. */
export interface LeadFilters {
  readonly tier?: Tier | undefined
  readonly min_score?: number | undefined
  readonly has_email?: boolean | undefined
  readonly email_status?: EmailStatus | undefined
  readonly search?: string | undefined
}

export type LeadSortBy = "score" | "name" | "fund" | "scraped_at"
export type SortDir = "asc" | "desc"

export interface LeadQuery extends LeadFilters {
  readonly campaign_id: string
  readonly sort_by?: LeadSortBy
  readonly sort_dir?: SortDir
  readonly per_page?: number
  readonly page?: number
  readonly cursor?: string | undefined
}

export interface LeadPage {
  readonly leads: ReadonlyArray<Lead>
  readonly total: number
  readonly page: number
  readonly per_page: number
  readonly next_cursor: string | null
}

export interface LeadStats {
  readonly total_leads: number
  readonly with_email: number
  readonly email_rate: number
  readonly verified_emails: number
  readonly hot_leads: number
  readonly warm_leads: number
  readonly cool_leads: number
  readonly cold_leads: number
  readonly avg_score: number
  readonly top_funds: ReadonlyArray<{ readonly fund: string; readonly count: number }>
}

export interface OptOutAnswer {
  readonly email: string | null
  readonly opted_out: boolean
  readonly message: string
}

export interface Overview {
  readonly total_campaigns: number
  readonly total_leads: number
  readonly total_emails: number
  readonly email_rate: number
  readonly credits_remaining: number
  readonly hot_leads: number
  readonly warm_leads: number
  readonly recent_campaigns: ReadonlyArray<Campaign>
}

export interface RowIssue {
  readonly line: number
  readonly message: string
}

export interface ImportSummary {
  readonly rows_read: number
  readonly imported: number
  readonly updated: number
  readonly unchanged: number
  readonly skipped: number
  readonly suppressed: number
  readonly with_email: number
  readonly errors: ReadonlyArray<RowIssue>
  readonly error_count: number
  readonly warnings?: ReadonlyArray<RowIssue>
  readonly warning_count?: number
}

export interface ApiKey {
  readonly id: string
  readonly name: string
  readonly start?: string
  readonly is_active: boolean
  readonly created_at: string
  readonly last_used: string | null
}

export interface CreatedApiKey {
  readonly id: string
  readonly name: string
  readonly key: string
  readonly created_at: string
}

export interface CreditBalance {
  readonly credits_remaining: number
  readonly credits_monthly: number
  readonly plan: string
}

export interface CreditTransaction {
  readonly id: string
  readonly amount: number
  readonly reason: string
  readonly balance_after: number
  readonly campaign_id: string | null
  readonly created_at: string
}

export interface CreditHistory {
  readonly transactions: ReadonlyArray<CreditTransaction>
  readonly total: number
}
