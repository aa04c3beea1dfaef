/** CampaignStore over SqlClient: every read and change of a user's campaign names its owner. */
import { SqlClient } from "@effect/sql/SqlClient"
import {
  ACTIVE_STATUSES,
  CampaignConfig,
  CampaignId,
  CampaignRunning,
  CampaignStatus,
  CampaignStore,
  NotFound,
  ProgressStage,
  UserId,
  VerticalSlug,
  type CampaignListQuery,
  type CampaignProgress,
  type CampaignRecord
} from "@leadfactory/core"
import { Effect, Layer, Schema } from "effect"
import { DbDate, DbJson, DbNumber, dbDate, dbDateOrNull } from "./internal/dbValues.js"
import { isCampaignOwnedBy } from "./internal/campaignOwner.js"
import { orDieOnDatabaseFailure } from "./internal/failures.js"

const CampaignRow = Schema.Struct({
  id: CampaignId,
  user_id: UserId,
  name: Schema.String,
  vertical: VerticalSlug,
  status: CampaignStatus,
  config: DbJson(CampaignConfig),
  total_leads: DbNumber,
  total_emails: DbNumber,
  credits_used: DbNumber,
  error_message: Schema.NullOr(Schema.String),
  progress_stage: ProgressStage,
  progress_pct: DbNumber,
  started_at: Schema.NullOr(DbDate),
  completed_at: Schema.NullOr(DbDate),
  created_at: DbDate
})

const decodeCampaign = Schema.decodeUnknown(CampaignRow)
const decodeCampaigns = Schema.decodeUnknown(Schema.Array(CampaignRow))
const decodeCount = Schema.decodeUnknown(Schema.Tuple(Schema.Struct({ count: DbNumber })))

export const make = Effect.gen(function*() {
  const sql = yield* SqlClient

  const findOne = (rows: ReadonlyArray<unknown>) =>
    rows[0] === undefined ? Effect.succeedNone : Effect.asSome(decodeCampaign(rows[0]))

  const list = (userId: UserId, query: CampaignListQuery) => {
    const where = sql.and([
      sql`user_id = ${userId}`,
      ...(query.status === undefined ? [] : [sql`status = ${query.status}`]),
      ...(query.vertical === undefined ? [] : [sql`vertical = ${query.vertical}`])
    ])
    return Effect.all({
      campaigns: sql`SELECT * FROM campaigns WHERE ${where} ORDER BY created_at DESC, id DESC
                     LIMIT ${query.per_page} OFFSET ${(query.page - 1) * query.per_page}`.pipe(
        Effect.flatMap(decodeCampaigns)
      ),
      total: sql`SELECT COUNT(*) AS count FROM campaigns WHERE ${where}`.pipe(
        Effect.flatMap(decodeCount),
        Effect.map(([row]) => row.count)
      )
    }).pipe(orDieOnDatabaseFailure)
  }

  const delete_ = (id: CampaignId, userId: UserId) =>
    sql
      .withTransaction(
        Effect.gen(function*() {
          // The status check and the delete are one statement, so a run that starts meanwhile wins.
          // Leads go with the campaign (ON DELETE CASCADE).
          const deleted = yield* sql`DELETE FROM campaigns
            WHERE id = ${id} AND user_id = ${userId} AND status NOT IN ${sql.in(ACTIVE_STATUSES)}
            RETURNING id`
          if (deleted.length > 0) return
          const existing = yield* sql`SELECT id FROM campaigns WHERE id = ${id} AND user_id = ${userId}`
          return yield* Effect.fail(existing.length > 0 ? CampaignRunning.default() : NotFound.of("Campaign"))
        })
      )
      .pipe(orDieOnDatabaseFailure)

  const updateProgress = (id: CampaignId, progress: CampaignProgress) => {
    const changes = [
      ...(progress.status === undefined ? [] : [sql`status = ${progress.status}`]),
      ...(progress.progress_stage === undefined ? [] : [sql`progress_stage = ${progress.progress_stage}`]),
      ...(progress.progress_pct === undefined ? [] : [sql`progress_pct = ${progress.progress_pct}`]),
      ...(progress.error_message === undefined ? [] : [sql`error_message = ${progress.error_message}`]),
      ...(progress.started_at === undefined ? [] : [sql`started_at = ${dbDateOrNull(progress.started_at)}`]),
      ...(progress.completed_at === undefined ? [] : [sql`completed_at = ${dbDateOrNull(progress.completed_at)}`])
    ]
    if (changes.length === 0) return Effect.void
    return sql`UPDATE campaigns SET ${sql.csv(changes)} WHERE id = ${id}`.pipe(Effect.asVoid, orDieOnDatabaseFailure)
  }

  return CampaignStore.of({
    insert: (campaign: CampaignRecord) =>
      sql`INSERT INTO campaigns ${sql.insert({
        id: campaign.id,
        user_id: campaign.user_id,
        name: campaign.name,
        vertical: campaign.vertical,
        status: campaign.status,
        config: JSON.stringify(campaign.config),
        total_leads: campaign.total_leads,
        total_emails: campaign.total_emails,
        credits_used: campaign.credits_used,
        error_message: campaign.error_message,
        progress_stage: campaign.progress_stage,
        progress_pct: campaign.progress_pct,
        started_at: dbDateOrNull(campaign.started_at),
        completed_at: dbDateOrNull(campaign.completed_at),
        created_at: dbDate(campaign.created_at)
      })}`.pipe(Effect.asVoid, orDieOnDatabaseFailure),

    findForUser: (id, userId) =>
      sql`SELECT * FROM campaigns WHERE id = ${id} AND user_id = ${userId}`.pipe(
        Effect.flatMap(findOne),
        orDieOnDatabaseFailure
      ),

    isOwnedBy: (id, userId) => isCampaignOwnedBy(sql, id, userId).pipe(orDieOnDatabaseFailure),

    findById: (id) => sql`SELECT * FROM campaigns WHERE id = ${id}`.pipe(Effect.flatMap(findOne), orDieOnDatabaseFailure),

    list,
    delete: delete_,
    updateProgress,

    // From lead_counts, which every write of the leads keeps exact (see internal/leadCounts.ts).
    recomputeTotals: (id) =>
      sql`UPDATE campaigns SET
            total_leads = (SELECT COALESCE(SUM(leads), 0) FROM lead_counts WHERE campaign_id = ${id}),
            total_emails = (SELECT COALESCE(SUM(leads), 0) FROM lead_counts WHERE campaign_id = ${id} AND has_email = TRUE)
          WHERE id = ${id}`.pipe(Effect.asVoid, orDieOnDatabaseFailure),

    addTotals: (id, leads, emails) =>
      sql`UPDATE campaigns SET total_leads = total_leads + ${leads}, total_emails = total_emails + ${emails}
          WHERE id = ${id}`.pipe(Effect.asVoid, orDieOnDatabaseFailure),

    addCreditsUsed: (id, amount) =>
      sql`UPDATE campaigns SET credits_used = credits_used + ${amount} WHERE id = ${id}`.pipe(
        Effect.asVoid,
        orDieOnDatabaseFailure
      )
  })
})

export const layer = Layer.effect(CampaignStore, make)
