/**
 * DATABASE_URL: every form of api.md (and of the original's SQLAlchemy URLs) parsed into the store
 * it names, SQLite or PostgreSQL, and the store layer for it.
 */
import type { Stores, StoreUnavailable } from "@leadfactory/core"
import { Data, Effect, Either, Layer } from "effect"
import { givenDatabaseUrl, kindOfScheme, splitScheme } from "./DatabaseScheme.js"

/** Where the stores live: a SQLite file (or ":memory:"), or a PostgreSQL server. */
export type DatabaseUrl = Data.TaggedEnum<{
  Sqlite: { readonly filename: string }
  /** A `postgres://` URL that node-postgres understands, whatever driver prefix it came with. */
  Postgres: { readonly url: string }
}>
export const DatabaseUrl = Data.taggedEnum<DatabaseUrl>()

export class InvalidDatabaseUrl extends Data.TaggedError("InvalidDatabaseUrl")<{ readonly message: string }> {}

const accepted =
  "sqlite:<path>, sqlite:///<path>, sqlite+aiosqlite:///<path>, postgres://…, postgresql://… or postgresql+asyncpg://…"

/**
 * The SQLite file of `rest` (what follows "sqlite:"). As in SQLAlchemy, `sqlite:///x.db` is the
 * relative path x.db and `sqlite:////var/x.db` the absolute /var/x.db; `sqlite:x.db` is x.db too.
 */
const sqliteFilename = (rest: string): Either.Either<string, InvalidDatabaseUrl> => {
  const path = rest.startsWith("///") ? rest.slice(3) : rest.startsWith("//") ? undefined : rest
  if (path === undefined) {
    return Either.left(new InvalidDatabaseUrl({ message: "A sqlite:// URL has no host part: write sqlite:///<path>." }))
  }
  if (path === "") {
    return Either.left(
      new InvalidDatabaseUrl({ message: "The sqlite URL names no file (use sqlite::memory: for a throwaway database)." })
    )
  }
  return Either.right(path)
}

/** The PostgreSQL URL with its scheme made `postgres:`; it must name a host. */
const postgresUrl = (rest: string): Either.Either<string, InvalidDatabaseUrl> => {
  const normalised = `postgres:${rest}`
  const parsed = URL.canParse(normalised) ? new URL(normalised) : undefined
  return parsed !== undefined && rest.startsWith("//") && parsed.hostname !== ""
    ? Either.right(normalised)
    : Either.left(new InvalidDatabaseUrl({ message: "The PostgreSQL URL is not valid: expected postgres://user@host/database." }))
}

/** Parses DATABASE_URL; `undefined` or blank means the default, SQLite at ./data/leadfactory.db. */
export const parseDatabaseUrl = (url: string | undefined): Either.Either<DatabaseUrl, InvalidDatabaseUrl> => {
  const given = givenDatabaseUrl(url)
  const { rest, scheme } = splitScheme(given)
  const kind = kindOfScheme(scheme)
  if (kind === "sqlite") return Either.map(sqliteFilename(rest), (filename) => DatabaseUrl.Sqlite({ filename }))
  if (kind === "postgres") return Either.map(postgresUrl(rest), (pgUrl) => DatabaseUrl.Postgres({ url: pgUrl }))
  // Only the scheme is quoted: the rest of a URL can hold a password.
  return Either.left(
    new InvalidDatabaseUrl({
      message: `DATABASE_URL has an unknown scheme "${scheme === "" ? given.slice(0, 20) : scheme}"; expected ${accepted}.`
    })
  )
}

/**
 * The stores of the database that `url` names (migrated on construction); see parseDatabaseUrl.
 * Only that database's driver is loaded: each is several megabytes of resident memory, which a
 * short-lived process such as lf-import would otherwise pay for both.
 */
export const storeLayerFromUrl = (
  url: string | undefined
): Layer.Layer<Stores, InvalidDatabaseUrl | StoreUnavailable> =>
  Either.match(parseDatabaseUrl(url), {
    onLeft: (error) => Layer.fail(error),
    onRight: DatabaseUrl.$match({
      Sqlite: ({ filename }) =>
        Layer.unwrapEffect(Effect.promise(() => import("@leadfactory/store-sqlite")).pipe(
          Effect.map((StoreSqlite) => StoreSqlite.layer({ filename }))
        )),
      Postgres: ({ url: pgUrl }) =>
        Layer.unwrapEffect(Effect.promise(() => import("@leadfactory/store-pg")).pipe(
          Effect.map((StorePg) => StorePg.layer({ url: pgUrl }))
        ))
    })
  })
