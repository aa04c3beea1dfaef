/** @leadfactory/store-pg: LeadFactory's storage ports on PostgreSQL, e.g. `layer({ url: "postgres://…" })`. */
export * from "./PgStore.js"
