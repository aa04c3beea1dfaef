/**
 * The databases the adversarial files run on: a SQLite file, and PostgreSQL (LF_TEST_PG_URL when set,
 * else the in-process PGlite of @leadfactory/store-pg/testing). Cases with several server processes on
 * one database need a real PostgreSQL: LF_TEST_PG_URL, else postgres://postgres@127.0.0.1:5432.
 * LF_ADVERSARIAL_DATABASES=sqlite (or postgres) narrows a run to one of them while debugging.
 * Every function here registers its cleanup with afterAll: call it at the top level of a test file.
 */
import { makeTestDatabaseUrl } from "@leadfactory/store-pg/testing"
import { mkdtempSync, rmSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { afterAll } from "vitest"
import { findRealPostgres, scratchDatabase } from "../../../packages/core/test/runs/support.js"

export type BackendName = "SQLite" | "PostgreSQL"

export interface Backend {
  readonly name: BackendName
  /** A DATABASE_URL of an empty database, migrated by the first server that opens it. */
  readonly url: string
}

const wanted = (name: BackendName) => {
  const only = process.env.LF_ADVERSARIAL_DATABASES?.trim().toLowerCase()
  return only === undefined || only === "" || only.includes(name === "SQLite" ? "sqlite" : "postgres")
}

/** A temporary folder, removed when the file ends. */
export const scratchFolder = (label: string): string => {
  const folder = mkdtempSync(join(tmpdir(), `lf-adversarial-${label}-`))
  afterAll(() => rmSync(folder, { recursive: true, force: true }))
  return folder
}

let sqliteFiles = 0
export const sqliteUrl = (folder: string) => `sqlite:${join(folder, `leadfactory-${++sqliteFiles}.db`)}`

/**
 * One SQLite database and one PostgreSQL database (LF_TEST_PG_URL, else PGlite) for a server in the
 * test's process, or for one server process at a time (the PGlite socket serves other processes too).
 */
export const databases = async (label: string): Promise<ReadonlyArray<Backend>> => {
  const list: Array<Backend> = []
  if (wanted("SQLite")) list.push({ name: "SQLite", url: sqliteUrl(scratchFolder(label)) })
  if (wanted("PostgreSQL")) list.push({ name: "PostgreSQL", url: await makeTestDatabaseUrl() })
  return list
}

/**
 * One SQLite database and one PostgreSQL database for server processes of their own: a real
 * PostgreSQL when one answers (as in production), else the PGlite harness (its socket serves them).
 */
export const processDatabases = async (label: string): Promise<ReadonlyArray<Backend>> => {
  const list: Array<Backend> = []
  if (wanted("SQLite")) list.push({ name: "SQLite", url: sqliteUrl(scratchFolder(label)) })
  if (wanted("PostgreSQL")) list.push({ name: "PostgreSQL", url: (await realPostgresDatabase()) ?? await makeTestDatabaseUrl() })
  return list
}

/**
 * A fresh database on a real PostgreSQL server, for several server processes at once (PGlite has one
 * backend and no real concurrency); undefined, with a warning, when no server answers.
 */
export const realPostgresDatabase = async (): Promise<string | undefined> => {
  if (!wanted("PostgreSQL")) return undefined
  const server = await findRealPostgres()
  return server === undefined ? undefined : scratchDatabase(server)
}

export const NO_REAL_POSTGRES =
  "needs a real PostgreSQL (LF_TEST_PG_URL, or one answering at 127.0.0.1:5432): PGlite's single backend cannot serve two processes racing"
