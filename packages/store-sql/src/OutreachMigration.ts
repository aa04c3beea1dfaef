/**
 * The outreach tables (a migration of Migrations.ts): the user's provider keys, encrypted; the
 * outreach campaigns; and one row per lead pushed to one, whose primary key keeps a lead from being
 * pushed to the same outreach campaign twice.
 */
import { SqlClient } from "@effect/sql/SqlClient"
import { Effect } from "effect"

export const createOutreachTables = Effect.gen(function*() {
  const sql = yield* SqlClient
  const t = sql.onDialectOrElse({
    pg: () => ({ id: sql.literal("uuid"), time: sql.literal("timestamptz"), json: sql.literal("jsonb") }),
    orElse: () => ({ id: sql.literal("TEXT"), time: sql.literal("TEXT"), json: sql.literal("TEXT") })
  })

  yield* sql`CREATE TABLE user_integrations (
    user_id ${t.id} NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    provider TEXT NOT NULL,
    api_key_encrypted TEXT NOT NULL,
    key_last4 TEXT NOT NULL,
    webhook_url TEXT,
    webhook_secret_encrypted TEXT,
    updated_at ${t.time} NOT NULL,
    PRIMARY KEY (user_id, provider)
  )`

  yield* sql`CREATE TABLE outreach_campaigns (
    id ${t.id} PRIMARY KEY,
    user_id ${t.id} NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    campaign_id ${t.id} NOT NULL REFERENCES campaigns (id) ON DELETE CASCADE,
    name TEXT NOT NULL,
    provider TEXT NOT NULL,
    provider_campaign_id TEXT,
    status TEXT NOT NULL,
    leads_pushed INTEGER NOT NULL DEFAULT 0,
    error_message TEXT,
    from_email TEXT NOT NULL,
    from_name TEXT NOT NULL,
    steps ${t.json} NOT NULL,
    created_at ${t.time} NOT NULL,
    updated_at ${t.time} NOT NULL
  )`
  // A launch with the same campaign, provider and name resumes the outreach campaign, even when two race.
  yield* sql`CREATE UNIQUE INDEX outreach_campaigns_launch_key ON outreach_campaigns (campaign_id, provider, name)`
  yield* sql`CREATE INDEX outreach_campaigns_user ON outreach_campaigns (user_id, created_at)`

  yield* sql`CREATE TABLE outreach_pushed_leads (
    outreach_campaign_id ${t.id} NOT NULL REFERENCES outreach_campaigns (id) ON DELETE CASCADE,
    lead_id ${t.id} NOT NULL REFERENCES leads (id) ON DELETE CASCADE,
    pushed_at ${t.time} NOT NULL,
    PRIMARY KEY (outreach_campaign_id, lead_id)
  )`
})
