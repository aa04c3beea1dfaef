/** Whether a user owns a campaign, as a statement the campaign store and the lead store share. */
import type { SqlClient } from "@effect/sql/SqlClient"
import type { CampaignId, UserId } from "@leadfactory/core"
import { Effect } from "effect"

/** One row when `userId` owns `campaignId`, none otherwise (or when the campaign does not exist). */
export const ownerRow = (sql: SqlClient, campaignId: CampaignId, userId: UserId) =>
  sql`SELECT 1 AS owned FROM campaigns WHERE id = ${campaignId} AND user_id = ${userId}`

export const isCampaignOwnedBy = (sql: SqlClient, campaignId: CampaignId, userId: UserId) =>
  Effect.map(ownerRow(sql, campaignId, userId), (rows) => rows.length > 0)
