/** @leadfactory/store-sqlite: LeadFactory's storage ports on SQLite, e.g. `layer({ filename: "./data/leadfactory.db" })`. */
export * from "./SqliteStore.js"
