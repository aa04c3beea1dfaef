/**
 * Every storage port of LeadFactory over one SqlClient, with the schema migrated first. The dialect
 * packages (store-sqlite, store-pg) provide the client; this layer is the same for both.
 */
import type { SqlClient } from "@effect/sql/SqlClient"
import { StoreUnavailable, type Stores } from "@leadfactory/core"
import { Effect, Layer } from "effect"
import * as Migrations from "./Migrations.js"
import * as SqlApiKeyStore from "./SqlApiKeyStore.js"
import * as SqlCampaignStore from "./SqlCampaignStore.js"
import * as SqlCreditStore from "./SqlCreditStore.js"
import * as SqlLeadStore from "./SqlLeadStore.js"
import * as SqlOutreachStore from "./SqlOutreachStore.js"
import * as SqlRunQueue from "./SqlRunQueue.js"
import * as SqlSuppressionStore from "./SqlSuppressionStore.js"
import * as SqlTransactor from "./SqlTransactor.js"
import * as SqlUserStore from "./SqlUserStore.js"

/** The stores, without migrating: for a database whose schema is known to be current. */
export const layerWithoutMigrations: Layer.Layer<Stores, never, SqlClient> = Layer.mergeAll(
  SqlUserStore.layer,
  SqlApiKeyStore.layer,
  SqlCampaignStore.layer,
  SqlLeadStore.layer,
  SqlCreditStore.layer,
  SqlSuppressionStore.layer,
  SqlRunQueue.layer,
  SqlTransactor.layer,
  SqlOutreachStore.layer
)

/**
 * Migrates, then provides the stores. A function, not a constant: each call is a layer of its own,
 * so building it again on one database runs the (no-op) migration again instead of sharing.
 */
export const layer = (): Layer.Layer<Stores, StoreUnavailable, SqlClient> =>
  layerWithoutMigrations.pipe(
    Layer.provide(
      Layer.effectDiscard(
        Migrations.migrate.pipe(
          Effect.mapError(
            (cause) => new StoreUnavailable({ message: "The database schema could not be migrated.", cause })
          )
        )
      )
    )
  )
