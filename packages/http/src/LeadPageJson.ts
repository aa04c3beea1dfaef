/**
 * A page of leads as the JSON that `GET /api/leads` answers, made by hand: the same value as
 * `Schema.encode(LeadPage)` (a test holds them equal), at a fraction of its cost, which at 50 leads
 * a page was the largest part of the endpoint's own time.
 */
import type { Lead, LeadPage } from "@leadfactory/core"

const TWO_DIGITS = Array.from({ length: 100 }, (_, n) => String(n).padStart(2, "0"))
const THREE_DIGITS = Array.from({ length: 1000 }, (_, n) => String(n).padStart(3, "0"))

/**
 * `date.toISOString()`, three times faster for the years 1000 to 9999 (the others go to it): V8's
 * own took 0.55 µs a date, and a page has three dates a lead, 80 µs of its JSON's 270.
 */
const isoTime = (date: Date): string => {
  const year = date.getUTCFullYear()
  if (year < 1000 || year > 9999) return date.toISOString()
  return `${year}-${TWO_DIGITS[date.getUTCMonth() + 1]}-${TWO_DIGITS[date.getUTCDate()]}T${TWO_DIGITS[date.getUTCHours()]}:${
    TWO_DIGITS[date.getUTCMinutes()]
  }:${TWO_DIGITS[date.getUTCSeconds()]}.${THREE_DIGITS[date.getUTCMilliseconds()]}Z`
}

const isoOrNull = (date: Date | null): string | null => (date === null ? null : isoTime(date))

/** One lead, its fields in the schema's order. */
const leadJson = (lead: Lead) => ({
  id: lead.id,
  campaign_id: lead.campaign_id,
  name: lead.name,
  email: lead.email,
  email_status: lead.email_status,
  email_source: lead.email_source,
  email_verified: lead.email_verified,
  linkedin: lead.linkedin,
  phone: lead.phone,
  fund: lead.fund,
  role: lead.role,
  website: lead.website,
  sectors: lead.sectors,
  check_size: lead.check_size,
  stage: lead.stage,
  hq: lead.hq,
  score: lead.score,
  tier: lead.tier,
  source: lead.source,
  scraped_at: isoOrNull(lead.scraped_at),
  opted_out: lead.opted_out,
  last_verified: isoOrNull(lead.last_verified),
  last_crawled_at: isoOrNull(lead.last_crawled_at)
})

/** The encoded LeadPage, ready for JSON.stringify. */
export const leadPageJson = (page: LeadPage) => ({
  leads: page.leads.map(leadJson),
  total: page.total,
  page: page.page,
  per_page: page.per_page,
  next_cursor: page.next_cursor
})
