/** @leadfactory/store-pg/testing: PostgreSQL databases for tests (LF_TEST_PG_URL, else PGlite). */
export * from "./TestDatabase.js"
