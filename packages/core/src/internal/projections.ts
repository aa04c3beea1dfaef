/**
 * What services hand out of stored records: the public fields only (no hashes, no owner ids). A
 * record was decoded by its store, so it is not validated a second time: validating the User on
 * every authenticated request cost 3–4 % of its CPU.
 */
import { Campaign, type CampaignRecord } from "../Campaign.js"
import { User, type UserRecord } from "../User.js"

export const toUser = (record: UserRecord): User =>
  new User({
    id: record.id,
    email: record.email,
    name: record.name,
    company: record.company,
    plan: record.plan,
    credits_remaining: record.credits_remaining,
    credits_monthly: record.credits_monthly,
    is_active: record.is_active,
    is_admin: record.is_admin,
    created_at: record.created_at,
    last_login: record.last_login
  }, { disableValidation: true })

export const toCampaign = (record: CampaignRecord): Campaign =>
  new Campaign({
    id: record.id,
    name: record.name,
    vertical: record.vertical,
    status: record.status,
    config: record.config,
    total_leads: record.total_leads,
    total_emails: record.total_emails,
    credits_used: record.credits_used,
    error_message: record.error_message,
    progress_stage: record.progress_stage,
    progress_pct: record.progress_pct,
    started_at: record.started_at,
    completed_at: record.completed_at,
    created_at: record.created_at
  }, { disableValidation: true })
