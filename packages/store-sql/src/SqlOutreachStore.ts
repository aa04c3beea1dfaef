/** OutreachStore over SqlClient: provider keys (stored sealed), outreach campaigns and pushed leads. */
import { SqlClient } from "@effect/sql/SqlClient"
import {
  CampaignId,
  OutreachCampaignId,
  type OutreachCampaignRecord,
  OutreachProviderName,
  OutreachStatus,
  OutreachStore,
  SequenceStep,
  type StoredIntegration,
  UserId
} from "@leadfactory/core"
import { Array as Arr, Effect, Layer, Option, Schema } from "effect"
import { DbDate, dbDate, DbJson, DbNumber } from "./internal/dbValues.js"
import { isUniqueViolation, orDieOnDatabaseFailure } from "./internal/failures.js"

/** Lead ids per `IN (…)` lookup or insert, far below either database's parameter limit. */
const CHUNK = 500

const IntegrationRow = Schema.Struct({
  user_id: UserId,
  provider: OutreachProviderName,
  api_key_encrypted: Schema.String,
  key_last4: Schema.String,
  webhook_url: Schema.NullOr(Schema.String),
  webhook_secret_encrypted: Schema.NullOr(Schema.String),
  updated_at: DbDate
})

const OutreachRow = Schema.Struct({
  id: OutreachCampaignId,
  user_id: UserId,
  campaign_id: CampaignId,
  name: Schema.String,
  provider: OutreachProviderName,
  provider_campaign_id: Schema.NullOr(Schema.String),
  status: OutreachStatus,
  leads_pushed: DbNumber,
  error_message: Schema.NullOr(Schema.String),
  from_email: Schema.String,
  from_name: Schema.String,
  steps: DbJson(Schema.Array(SequenceStep)),
  created_at: DbDate,
  updated_at: DbDate
})

const decodeIntegrations = Schema.decodeUnknown(Schema.Array(IntegrationRow))
const decodeOutreach = Schema.decodeUnknown(Schema.Array(OutreachRow))
const encodeSteps = Schema.encodeSync(Schema.parseJson(Schema.Array(SequenceStep)))
const decodeLeadIds = Schema.decodeUnknown(Schema.Array(Schema.Struct({ lead_id: Schema.String })))

const first = <A>(rows: ReadonlyArray<A>): Option.Option<A> => Option.fromNullable(rows[0])

export const make = Effect.gen(function*() {
  const sql = yield* SqlClient

  const findOutreach = (id: OutreachCampaignId, userId: UserId) =>
    sql`SELECT * FROM outreach_campaigns WHERE id = ${id} AND user_id = ${userId}`.pipe(
      Effect.flatMap(decodeOutreach),
      Effect.map((rows): Option.Option<OutreachCampaignRecord> => first(rows))
    )

  /** leads_pushed from the records, so that a lead is never counted twice. */
  const recount = (id: OutreachCampaignId, at: Date) =>
    sql`UPDATE outreach_campaigns SET
        leads_pushed = (SELECT COUNT(*) FROM outreach_pushed_leads WHERE outreach_campaign_id = ${id}),
        updated_at = ${dbDate(at)}
      WHERE id = ${id}`.pipe(Effect.asVoid)

  return OutreachStore.of({
    putIntegration: (integration: StoredIntegration) =>
      sql`INSERT INTO user_integrations ${sql.insert({ ...integration, updated_at: dbDate(integration.updated_at) })}
          ON CONFLICT (user_id, provider) DO UPDATE SET
            api_key_encrypted = excluded.api_key_encrypted,
            key_last4 = excluded.key_last4,
            webhook_url = excluded.webhook_url,
            webhook_secret_encrypted = excluded.webhook_secret_encrypted,
            updated_at = excluded.updated_at`.pipe(Effect.asVoid, orDieOnDatabaseFailure),

    findIntegration: (userId, provider) =>
      sql`SELECT * FROM user_integrations WHERE user_id = ${userId} AND provider = ${provider}`.pipe(
        Effect.flatMap(decodeIntegrations),
        Effect.map(first),
        orDieOnDatabaseFailure
      ),

    listIntegrations: (userId) =>
      sql`SELECT * FROM user_integrations WHERE user_id = ${userId} ORDER BY provider`.pipe(
        Effect.flatMap(decodeIntegrations),
        orDieOnDatabaseFailure
      ),

    insertOrFind: (record) => {
      const existing = sql`SELECT * FROM outreach_campaigns
        WHERE campaign_id = ${record.campaign_id} AND provider = ${record.provider} AND name = ${record.name}`.pipe(
        Effect.flatMap(decodeOutreach),
        Effect.map((rows): Option.Option<OutreachCampaignRecord> => first(rows))
      )
      const insert = sql`INSERT INTO outreach_campaigns ${sql.insert({
        ...record,
        steps: encodeSteps(record.steps),
        created_at: dbDate(record.created_at),
        updated_at: dbDate(record.updated_at)
      })}`.pipe(
        Effect.as<OutreachCampaignRecord>(record),
        // A concurrent launch inserted it first: resume that one.
        Effect.catchIf(
          (error) =>
            isUniqueViolation(error, "outreach_campaigns_launch_key") ||
            isUniqueViolation(error, "outreach_campaigns.campaign_id"),
          () => Effect.flatMap(existing, Option.match({ onNone: () => Effect.dieMessage("The outreach campaign vanished."), onSome: Effect.succeed }))
        )
      )
      return existing.pipe(
        Effect.flatMap(Option.match({ onNone: () => insert, onSome: Effect.succeed })),
        orDieOnDatabaseFailure
      )
    },

    findForUser: (id, userId) => findOutreach(id, userId).pipe(orDieOnDatabaseFailure),

    listForCampaign: (campaignId, userId) =>
      sql`SELECT * FROM outreach_campaigns WHERE campaign_id = ${campaignId} AND user_id = ${userId}
          ORDER BY created_at DESC, id`.pipe(Effect.flatMap(decodeOutreach), orDieOnDatabaseFailure),

    updateProgress: (id, progress) => {
      const changes: Record<string, string | null> = { updated_at: dbDate(progress.updated_at) }
      if (progress.status !== undefined) changes.status = progress.status
      if (progress.provider_campaign_id !== undefined) changes.provider_campaign_id = progress.provider_campaign_id
      if (progress.error_message !== undefined) changes.error_message = progress.error_message
      return sql`UPDATE outreach_campaigns SET ${sql.update(changes)} WHERE id = ${id}`.pipe(
        Effect.asVoid,
        orDieOnDatabaseFailure
      )
    },

    claimLeads: (id, leadIds, at) =>
      sql.withTransaction(
        Effect.forEach(Arr.chunksOf([...new Set(leadIds)], CHUNK), (chunk) =>
          sql`INSERT INTO outreach_pushed_leads ${
            sql.insert(chunk.map((lead_id) => ({ outreach_campaign_id: id, lead_id, pushed_at: dbDate(at) })))
          } ON CONFLICT DO NOTHING RETURNING lead_id`.pipe(Effect.flatMap(decodeLeadIds))).pipe(
          Effect.tap(() => recount(id, at)),
          Effect.map((chunks): ReadonlySet<string> => new Set(chunks.flat().map((row) => row.lead_id)))
        )
      ).pipe(orDieOnDatabaseFailure),

    releaseLeads: (id, leadIds, at) =>
      sql.withTransaction(
        Effect.forEach(Arr.chunksOf([...new Set(leadIds)], CHUNK), (chunk) =>
          sql`DELETE FROM outreach_pushed_leads WHERE outreach_campaign_id = ${id} AND lead_id IN ${sql.in(chunk)}`, {
          discard: true
        }).pipe(Effect.zipRight(recount(id, at)))
      ).pipe(orDieOnDatabaseFailure)
  })
})

export const layer = Layer.effect(OutreachStore, make)
