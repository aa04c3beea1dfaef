/**
 * Which database a DATABASE_URL names, read from its scheme alone. It imports nothing, so that
 * main.ts can ask before it loads the server (HeapSettings sizes the heap by database);
 * DatabaseUrl.ts parses the rest.
 */
export type DatabaseKind = "sqlite" | "postgres"

/** The database when DATABASE_URL is unset or blank. */
export const DEFAULT_DATABASE_URL = "sqlite:./data/leadfactory.db"

const SCHEMES: ReadonlyMap<string, DatabaseKind> = new Map([
  ["sqlite", "sqlite"],
  ["sqlite+aiosqlite", "sqlite"],
  ["postgres", "postgres"],
  ["postgresql", "postgres"],
  ["postgresql+asyncpg", "postgres"]
])

/** DATABASE_URL as given, or the default when it is unset or blank. */
export const givenDatabaseUrl = (url: string | undefined): string =>
  url === undefined || url.trim() === "" ? DEFAULT_DATABASE_URL : url.trim()

/** A URL's scheme, lower-cased (`sqlite`, `postgresql+asyncpg`), and what follows its colon. */
export const splitScheme = (url: string): { readonly scheme: string; readonly rest: string } => {
  const colon = url.indexOf(":")
  return { scheme: colon > 0 ? url.slice(0, colon).toLowerCase() : "", rest: url.slice(colon + 1) }
}

/** The database that a scheme (lower-cased, as splitScheme gives it) names; undefined for an unknown one. */
export const kindOfScheme = (scheme: string): DatabaseKind | undefined => SCHEMES.get(scheme)

/** The database that DATABASE_URL's scheme names; undefined for an unknown scheme. */
export const databaseKind = (url: string | undefined): DatabaseKind | undefined =>
  kindOfScheme(splitScheme(givenDatabaseUrl(url)).scheme)
