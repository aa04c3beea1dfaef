/**
 * @leadfactory/store-sql: the storage ports of @leadfactory/core over @effect/sql, written once for
 * SQLite and PostgreSQL (dialect differences go through `sql.onDialectOrElse`).
 */
/** COPY … TO STDOUT, which a PostgreSQL client layer provides for the CSV export (see store-pg). */
export { CopyOut } from "./CopyOut.js"
/** A connection of its own for the stores' frequent reads, which a client layer may provide (see store-sqlite, store-pg). */
export { makeReadConnection, ReadConnection, readsThroughClient, type RunCompiled } from "./ReadConnection.js"
export * as Migrations from "./Migrations.js"
export * as SqlApiKeyStore from "./SqlApiKeyStore.js"
export * as SqlCampaignStore from "./SqlCampaignStore.js"
export * as SqlCreditStore from "./SqlCreditStore.js"
export * as SqlLeadStore from "./SqlLeadStore.js"
export * as SqlOutreachStore from "./SqlOutreachStore.js"
export * as SqlRunQueue from "./SqlRunQueue.js"
export * as SqlStores from "./SqlStores.js"
export * as SqlSuppressionStore from "./SqlSuppressionStore.js"
export * as SqlTransactor from "./SqlTransactor.js"
export * as SqlUserStore from "./SqlUserStore.js"
/** Recomputes the lead counts from the leads: run it after loading leads with a tool that bypasses the stores. */
export { rebuildLeadCounts } from "./internal/leadCounts.js"
/** A turn of the event loop, which SQLite's long work takes between its steps (its driver blocks the thread). */
export { eventLoopTurn } from "./internal/eventLoopTurn.js"
