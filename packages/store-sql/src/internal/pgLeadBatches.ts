/**
 * The import's bulk statements on PostgreSQL: a batch goes as one array per column through
 * `unnest`, so a statement is short and the same whatever the batch size (one parse and plan),
 * instead of one bind parameter per cell. Measured on 100,000 leads: inserts 2.6 times and key
 * lookups 3 times faster than the rows-of-parameters statements that SQLite gets.
 */
import type { SqlClient } from "@effect/sql/SqlClient"
import type { CampaignId, LeadId, LeadInput } from "@leadfactory/core"
import { dbDateOrNull } from "./dbValues.js"
import { type ArrayElement, pgArrayLiteral, pgTextArray } from "./pgArrayLiteral.js"

/** The LeadInput columns in unnest's order: each column's name, element type and value. */
const INPUT_COLUMNS: ReadonlyArray<readonly [string, string, (lead: LeadInput) => ArrayElement]> = [
  ["name", "text", (lead) => lead.name],
  ["email", "text", (lead) => lead.email],
  ["email_status", "text", (lead) => lead.email_status],
  ["email_source", "text", (lead) => lead.email_source],
  ["email_verified", "boolean", (lead) => lead.email_verified],
  ["linkedin", "text", (lead) => lead.linkedin],
  ["phone", "text", (lead) => lead.phone],
  ["fund", "text", (lead) => lead.fund],
  ["role", "text", (lead) => lead.role],
  ["website", "text", (lead) => lead.website],
  ["sectors", "text", (lead) => lead.sectors],
  ["check_size", "text", (lead) => lead.check_size],
  ["stage", "text", (lead) => lead.stage],
  ["hq", "text", (lead) => lead.hq],
  ["score", "float8", (lead) => lead.score],
  ["tier", "text", (lead) => lead.tier],
  ["source", "text", (lead) => lead.source],
  ["scraped_at", "timestamptz", (lead) => dbDateOrNull(lead.scraped_at)]
]

/**
 * `unnest(...) AS u(...)` over `leading` columns (name, element type, values) and then the LeadInput
 * columns, each array sent as one text parameter (pgArrayLiteral).
 */
const unnestInputs = (
  sql: SqlClient,
  leads: ReadonlyArray<LeadInput>,
  leading: ReadonlyArray<readonly [string, string, ReadonlyArray<string>]>
) => {
  const arrays = [
    ...leading.map(([, type, values]) => sql`${pgTextArray(values)}::${sql.literal(type)}[]`),
    ...INPUT_COLUMNS.map(([, type, valueOf]) => sql`${pgArrayLiteral(leads, valueOf)}::${sql.literal(type)}[]`)
  ]
  const names = [...leading.map(([name]) => name), ...INPUT_COLUMNS.map(([name]) => name)]
  return sql`unnest(${sql.csv(arrays)}) AS u(${sql.literal(names.join(", "))})`
}

/** Existing leads of the campaign among `keys`: id, dedupe_key, scraped_at. */
export const findByKeysPg = (sql: SqlClient, campaignId: CampaignId, keys: ReadonlyArray<string>) =>
  sql`SELECT id, dedupe_key, scraped_at FROM leads WHERE campaign_id = ${campaignId} AND dedupe_key = ANY(${pgTextArray(keys)}::text[])`

/** Inserts the leads with the given ids; a key the campaign has already is left alone. Returns those inserted. */
export const insertManyPg = (
  sql: SqlClient,
  campaignId: CampaignId,
  leads: ReadonlyArray<{ readonly id: string; readonly key: string; readonly lead: LeadInput }>
) =>
  sql`INSERT INTO leads (id, campaign_id, dedupe_key, name, email, email_status, email_source, email_verified, linkedin,
      phone, fund, role, website, sectors, check_size, stage, hq, score, tier, source, opted_out, scraped_at,
      last_verified, last_crawled_at)
    SELECT u.id, ${campaignId}, u.dedupe_key, u.name, u.email, u.email_status, u.email_source, u.email_verified,
      u.linkedin, u.phone, u.fund, u.role, u.website, u.sectors, u.check_size, u.stage, u.hq, u.score, u.tier, u.source,
      false, u.scraped_at, NULL, u.scraped_at
    FROM ${
    unnestInputs(sql, leads.map((entry) => entry.lead), [
      ["id", "uuid", leads.map((entry) => entry.id)],
      ["dedupe_key", "text", leads.map((entry) => entry.key)]
    ])
  }
    ON CONFLICT (campaign_id, dedupe_key) DO NOTHING
    RETURNING id, dedupe_key`

/** Overwrites every LeadInput column of the given leads (scraped_at is also the crawl time). */
export const updateManyPg = (sql: SqlClient, updates: ReadonlyArray<{ readonly id: LeadId; readonly lead: LeadInput }>) =>
  sql`UPDATE leads AS l SET name = u.name, email = u.email, email_status = u.email_status,
      email_source = u.email_source, email_verified = u.email_verified, linkedin = u.linkedin, phone = u.phone,
      fund = u.fund, role = u.role, website = u.website, sectors = u.sectors, check_size = u.check_size,
      stage = u.stage, hq = u.hq, score = u.score, tier = u.tier, source = u.source, scraped_at = u.scraped_at,
      last_crawled_at = u.scraped_at
    FROM ${unnestInputs(sql, updates.map((update) => update.lead), [["id", "uuid", updates.map((update) => update.id)]])}
    WHERE l.id = u.id`
