import { describe, expect, it } from "@effect/vitest"
import { Transactor, UserId, UserStore } from "@leadfactory/core"
import { makeTestDatabaseUrl } from "@leadfactory/store-pg/testing"
import { DatabaseUrl, parseDatabaseUrl, storeLayerFromUrl } from "@leadfactory/http"
import { Effect, Either, Option } from "effect"
import { randomUUID } from "node:crypto"
import { existsSync, mkdtempSync, rmSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { afterAll } from "vitest"

const parsed = (url: string | undefined) => Either.getOrThrow(parseDatabaseUrl(url))
const rejected = (url: string) => Either.flip(parseDatabaseUrl(url)).pipe(Either.getOrThrow)

describe("parseDatabaseUrl", () => {
  it("reads every SQLite form of api.md, paths as SQLAlchemy reads them", () => {
    expect(parsed("sqlite:./data/x.db")).toEqual(DatabaseUrl.Sqlite({ filename: "./data/x.db" }))
    expect(parsed("sqlite:/var/lib/x.db")).toEqual(DatabaseUrl.Sqlite({ filename: "/var/lib/x.db" }))
    expect(parsed("sqlite::memory:")).toEqual(DatabaseUrl.Sqlite({ filename: ":memory:" }))
    expect(parsed("sqlite:///./x.db")).toEqual(DatabaseUrl.Sqlite({ filename: "./x.db" }))
    expect(parsed("sqlite:///x.db")).toEqual(DatabaseUrl.Sqlite({ filename: "x.db" }))
    expect(parsed("sqlite:////var/lib/x.db")).toEqual(DatabaseUrl.Sqlite({ filename: "/var/lib/x.db" }))
    expect(parsed("sqlite+aiosqlite:///./leadfactory.db")).toEqual(DatabaseUrl.Sqlite({ filename: "./leadfactory.db" }))
    expect(parsed("SQLite:./Upper.db")).toEqual(DatabaseUrl.Sqlite({ filename: "./Upper.db" }))
  })

  it("normalises every PostgreSQL form to a postgres:// URL", () => {
    const url = "postgres://lf:s3cret@db.internal:5433/leadfactory?sslmode=require"
    expect(parsed(url)).toEqual(DatabaseUrl.Postgres({ url }))
    expect(parsed("postgresql://lf:s3cret@db.internal:5433/leadfactory?sslmode=require")).toEqual(
      DatabaseUrl.Postgres({ url })
    )
    expect(parsed("postgresql+asyncpg://lf:s3cret@db.internal:5433/leadfactory?sslmode=require")).toEqual(
      DatabaseUrl.Postgres({ url })
    )
  })

  it("uses SQLite at ./data/leadfactory.db when DATABASE_URL is unset or blank", () => {
    const fallback = DatabaseUrl.Sqlite({ filename: "./data/leadfactory.db" })
    expect(parsed(undefined)).toEqual(fallback)
    expect(parsed("  ")).toEqual(fallback)
  })

  it("rejects an unknown scheme with a clear message that never repeats the password", () => {
    const error = rejected("mysql://root:hunter2@db/leadfactory")
    expect(error._tag).toBe("InvalidDatabaseUrl")
    expect(error.message).toContain("\"mysql\"")
    expect(error.message).toContain("postgresql+asyncpg://")
    expect(error.message).not.toContain("hunter2")
    expect(rejected("leadfactory.db").message).toContain("unknown scheme")
  })

  it("rejects SQLite URLs without a file and PostgreSQL URLs without a host", () => {
    expect(rejected("sqlite:").message).toContain("names no file")
    expect(rejected("sqlite:///").message).toContain("names no file")
    expect(rejected("sqlite://host/x.db").message).toContain("sqlite:///<path>")
    expect(rejected("postgres:/leadfactory").message).toContain("not valid")
    expect(rejected("postgresql+asyncpg://").message).toContain("not valid")
  })
})

const folder = mkdtempSync(join(tmpdir(), "lf-database-url-"))
afterAll(() => rmSync(folder, { recursive: true, force: true }))
// LF_TEST_PG_URL's server when it is set (a fresh database), else an in-process PGlite.
const pgUrl = await makeTestDatabaseUrl()

/** Creates a user through the stores of `url` and reads it back. */
const roundTrip = (url: string) =>
  Effect.gen(function*() {
    yield* Effect.flatMap(Transactor, (transactor) => transactor.ping)
    const users = yield* UserStore
    const user = yield* users.insert({
      id: UserId.make(randomUUID()),
      email: `url-${randomUUID().slice(0, 8)}@example.com`,
      password_hash: "x",
      name: "Url",
      company: null,
      credits: 5,
      created_at: new Date()
    })
    return Option.map(yield* users.findById(user.id), (found) => found.email === user.email)
  }).pipe(Effect.provide(storeLayerFromUrl(url)))

describe("storeLayerFromUrl", () => {
  it.effect("opens (and creates) the SQLite file of a sqlite+aiosqlite URL", () =>
    Effect.gen(function*() {
      const filename = join(folder, "made-here", "leadfactory.db")
      expect(yield* roundTrip(`sqlite+aiosqlite:///${filename}`)).toEqual(Option.some(true))
      expect(existsSync(filename)).toBe(true)
    }))

  it.effect("opens the PostgreSQL database of a postgresql+asyncpg URL", () =>
    Effect.gen(function*() {
      expect(yield* roundTrip(pgUrl.replace(/^postgres:/, "postgresql+asyncpg:"))).toEqual(Option.some(true))
    }))

  it.effect("fails with InvalidDatabaseUrl for an unknown scheme", () =>
    Effect.gen(function*() {
      const error = yield* Effect.flip(roundTrip("mongodb://localhost/leadfactory"))
      expect(error._tag).toBe("InvalidDatabaseUrl")
    }))
})
