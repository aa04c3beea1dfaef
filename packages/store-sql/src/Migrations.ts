/**
 * The versioned schema of LeadFactory, the same tables and indexes on SQLite and PostgreSQL. Each
 * migration runs once and is recorded in `effect_sql_migrations`, so applying them again is a no-op.
 * New versions are appended here; a recorded migration is never edited.
 */
import * as Migrator from "@effect/sql/Migrator"
import { SqlClient } from "@effect/sql/SqlClient"
import type { SqlError } from "@effect/sql/SqlError"
import { Effect } from "effect"
import { rebuildLeadCounts } from "./internal/leadCounts.js"
import { searchedText } from "./internal/leadQuery.js"
import { createSqliteSearchIndex } from "./internal/sqliteSearchIndex.js"
import { createOutreachTables } from "./OutreachMigration.js"

/** Column types that differ by dialect: uuid/timestamptz/boolean/jsonb in PG, TEXT/INTEGER in SQLite. */
const columnTypes = (sql: SqlClient) =>
  sql.onDialectOrElse({
    pg: () => ({
      id: sql.literal("uuid"),
      time: sql.literal("timestamptz"),
      boolean: sql.literal("boolean"),
      real: sql.literal("double precision"),
      json: sql.literal("jsonb"),
      sequence: sql.literal("bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY")
    }),
    orElse: () => ({
      id: sql.literal("TEXT"),
      time: sql.literal("TEXT"),
      boolean: sql.literal("INTEGER"),
      real: sql.literal("REAL"),
      json: sql.literal("TEXT"),
      sequence: sql.literal("INTEGER PRIMARY KEY AUTOINCREMENT")
    })
  })

const createTables = Effect.gen(function*() {
  const sql = yield* SqlClient
  const t = columnTypes(sql)

  yield* sql`CREATE TABLE users (
    id ${t.id} PRIMARY KEY,
    email TEXT NOT NULL,
    password_hash TEXT NOT NULL,
    name TEXT NOT NULL,
    company TEXT,
    plan TEXT NOT NULL DEFAULT 'starter',
    credits_remaining INTEGER NOT NULL CHECK (credits_remaining >= 0),
    credits_monthly INTEGER NOT NULL,
    is_active ${t.boolean} NOT NULL DEFAULT TRUE,
    is_admin ${t.boolean} NOT NULL DEFAULT FALSE,
    created_at ${t.time} NOT NULL,
    last_login ${t.time}
  )`
  // Callers store emails lower-cased already; the index on lower(email) keeps two spellings of one
  // address from ever becoming two accounts, also when two sign-ups race.
  yield* sql`CREATE UNIQUE INDEX users_email_lower ON users (lower(email))`

  yield* sql`CREATE TABLE api_keys (
    id ${t.id} PRIMARY KEY,
    user_id ${t.id} NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    key_hash TEXT NOT NULL,
    name TEXT NOT NULL,
    start TEXT NOT NULL,
    is_active ${t.boolean} NOT NULL DEFAULT TRUE,
    created_at ${t.time} NOT NULL,
    last_used ${t.time}
  )`
  yield* sql`CREATE UNIQUE INDEX api_keys_key_hash ON api_keys (key_hash)`
  yield* sql`CREATE INDEX api_keys_user_created ON api_keys (user_id, created_at)`

  yield* sql`CREATE TABLE campaigns (
    id ${t.id} PRIMARY KEY,
    user_id ${t.id} NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    name TEXT NOT NULL,
    vertical TEXT NOT NULL,
    status TEXT NOT NULL,
    config ${t.json} NOT NULL,
    total_leads INTEGER NOT NULL DEFAULT 0,
    total_emails INTEGER NOT NULL DEFAULT 0,
    credits_used INTEGER NOT NULL DEFAULT 0,
    error_message TEXT,
    progress_stage TEXT NOT NULL,
    progress_pct ${t.real} NOT NULL DEFAULT 0,
    started_at ${t.time},
    completed_at ${t.time},
    created_at ${t.time} NOT NULL
  )`
  yield* sql`CREATE INDEX campaigns_user_created ON campaigns (user_id, created_at)`
  yield* sql`CREATE INDEX campaigns_user_status ON campaigns (user_id, status)`

  yield* sql`CREATE TABLE leads (
    id ${t.id} PRIMARY KEY,
    campaign_id ${t.id} NOT NULL REFERENCES campaigns (id) ON DELETE CASCADE,
    dedupe_key TEXT NOT NULL,
    name TEXT NOT NULL,
    email TEXT,
    email_status TEXT NOT NULL,
    email_source TEXT,
    email_verified ${t.boolean} NOT NULL DEFAULT FALSE,
    linkedin TEXT,
    phone TEXT,
    fund TEXT,
    role TEXT,
    website TEXT,
    sectors TEXT,
    check_size TEXT,
    stage TEXT,
    hq TEXT,
    score ${t.real} NOT NULL,
    tier TEXT NOT NULL,
    source TEXT,
    opted_out ${t.boolean} NOT NULL DEFAULT FALSE,
    scraped_at ${t.time},
    last_verified ${t.time},
    last_crawled_at ${t.time}
  )`
  // One lead per dedupe key and campaign: concurrent imports of one file cannot duplicate leads.
  yield* sql`CREATE UNIQUE INDEX leads_campaign_dedupe_key ON leads (campaign_id, dedupe_key)`
  // The default listing, the export and keyset paging: score desc, then id.
  yield* sql`CREATE INDEX leads_campaign_score ON leads (campaign_id, score DESC, id)`
  yield* sql`CREATE INDEX leads_campaign_tier ON leads (campaign_id, tier)`
  // Public opt-out finds an address in every campaign.
  yield* sql`CREATE INDEX leads_email_lower ON leads (lower(email))`

  // `seq` orders the ledger: several rows can share one millisecond, never one seq. campaign_id
  // has no foreign key: the ledger keeps the id of a campaign that was deleted since.
  yield* sql`CREATE TABLE credit_transactions (
    seq ${t.sequence},
    id ${t.id} NOT NULL UNIQUE,
    user_id ${t.id} NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    campaign_id ${t.id},
    amount INTEGER NOT NULL,
    reason TEXT NOT NULL,
    balance_after INTEGER NOT NULL,
    created_at ${t.time} NOT NULL
  )`
  yield* sql`CREATE INDEX credit_transactions_user_created ON credit_transactions (user_id, created_at)`

  yield* sql`CREATE TABLE suppressions (
    email TEXT PRIMARY KEY,
    created_at ${t.time} NOT NULL
  )`
})

/**
 * The queue of campaign runs. At most one queued or running run per campaign (a partial unique
 * index, on both dialects); the queue is read oldest first among queued runs.
 */
const createCampaignRuns = Effect.gen(function*() {
  const sql = yield* SqlClient
  const t = columnTypes(sql)

  yield* sql`CREATE TABLE campaign_runs (
    id ${t.id} PRIMARY KEY,
    campaign_id ${t.id} NOT NULL REFERENCES campaigns (id) ON DELETE CASCADE,
    user_id ${t.id} NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    status TEXT NOT NULL,
    cancel_requested ${t.boolean} NOT NULL DEFAULT FALSE,
    worker_id TEXT,
    attempts INTEGER NOT NULL DEFAULT 0,
    held_back INTEGER NOT NULL DEFAULT 0,
    message TEXT,
    created_at ${t.time} NOT NULL,
    started_at ${t.time},
    heartbeat_at ${t.time},
    finished_at ${t.time}
  )`
  yield* sql`CREATE UNIQUE INDEX campaign_runs_one_active ON campaign_runs (campaign_id)
    WHERE status IN ('queued', 'running')`
  yield* sql`CREATE INDEX campaign_runs_status_created ON campaign_runs (status, created_at)`
  yield* sql`CREATE INDEX campaign_runs_campaign_created ON campaign_runs (campaign_id, created_at)`
})

/**
 * The lead counts kept beside the leads (internal/leadCounts.ts), filled from the leads there are;
 * and the listing by tier in score order from one index, which replaces the index on (campaign, tier).
 */
const createLeadCounts = Effect.gen(function*() {
  const sql = yield* SqlClient
  const t = columnTypes(sql)
  // SQLite keeps these small tables in their primary key's order.
  const withoutRowid = sql.onDialectOrElse({ sqlite: () => sql.literal("WITHOUT ROWID"), orElse: () => sql.literal("") })

  yield* sql`CREATE TABLE lead_counts (
    campaign_id ${t.id} NOT NULL REFERENCES campaigns (id) ON DELETE CASCADE,
    tier TEXT NOT NULL,
    score_floor INTEGER NOT NULL,
    has_email ${t.boolean} NOT NULL,
    email_verified ${t.boolean} NOT NULL,
    leads INTEGER NOT NULL,
    score_sum ${t.real} NOT NULL,
    PRIMARY KEY (campaign_id, tier, score_floor, has_email, email_verified)
  ) ${withoutRowid}`
  yield* sql`CREATE TABLE lead_fund_counts (
    campaign_id ${t.id} NOT NULL REFERENCES campaigns (id) ON DELETE CASCADE,
    fund TEXT NOT NULL,
    leads INTEGER NOT NULL,
    PRIMARY KEY (campaign_id, fund)
  ) ${withoutRowid}`
  // The top funds of a campaign without sorting its funds.
  yield* sql`CREATE INDEX lead_fund_counts_top ON lead_fund_counts (campaign_id, leads DESC, fund)`
  yield* rebuildLeadCounts(sql)

  yield* sql`CREATE INDEX leads_campaign_tier_score ON leads (campaign_id, tier, score DESC, id)`
  yield* sql`DROP INDEX leads_campaign_tier`
})

/**
 * On PostgreSQL, a pg_trgm index on the searched text (internal/leadQuery.ts searchedText), so that
 * a search for a rare term reads the few leads that hold it. Made only where the extension can be
 * made (it ships with PostgreSQL; creating it needs the CREATE right on the database): without it
 * search still works, by reading the campaign's leads. SQLite has no such index.
 */
const createSearchIndex = Effect.gen(function*() {
  const sql = yield* SqlClient
  yield* sql.onDialectOrElse({
    pg: () =>
      Effect.gen(function*() {
        const available = yield* sql`SELECT 1 FROM pg_available_extensions WHERE name = 'pg_trgm'`
        if (available.length === 0) return
        // In a savepoint: a refused CREATE EXTENSION must not abort the migration.
        const created = yield* sql.withTransaction(sql`CREATE EXTENSION IF NOT EXISTS pg_trgm`).pipe(
          Effect.as(true),
          Effect.catchAll(() => Effect.succeed(false))
        )
        if (!created) return
        yield* sql`CREATE INDEX leads_search_trgm ON leads USING gin ((${sql.literal(searchedText(sql))}) gin_trgm_ops)`
        // The planner knows how common a term is from the statistics of the index's expression, which
        // only ANALYZE gathers: without them it would take every term for rare and read the index.
        yield* sql`ANALYZE leads`
      }),
    orElse: () => Effect.void
  })
})

/**
 * On SQLite, the FTS5 trigram index of the searched text and the triggers that keep it in step with
 * the leads (internal/sqliteSearchIndex.ts): a search for a rare term reads its candidates instead
 * of the campaign. PostgreSQL has its own since 0005.
 */
const createSqliteSearchIndexMigration = Effect.gen(function*() {
  const sql = yield* SqlClient
  yield* sql.onDialectOrElse({ sqlite: () => createSqliteSearchIndex(sql), orElse: () => Effect.void })
})

/** Every migration, keyed `<id>_<name>`. */
const loader = Migrator.fromRecord({
  "0001_create_tables": createTables,
  "0002_create_campaign_runs": createCampaignRuns,
  "0003_create_lead_counts": createLeadCounts,
  "0004_create_outreach": createOutreachTables,
  "0005_create_search_index": createSearchIndex,
  "0006_create_sqlite_search_index": createSqliteSearchIndexMigration
})

const run = Migrator.make({})

/** Applies the migrations that are not recorded yet; returns those it applied. */
export const migrate: Effect.Effect<
  ReadonlyArray<readonly [id: number, name: string]>,
  Migrator.MigrationError | SqlError,
  SqlClient
> = run({ loader })
