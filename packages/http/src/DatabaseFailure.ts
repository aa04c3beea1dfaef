/**
 * Tells a database that cannot be reached (503: try again later) from any other defect (500: a bug),
 * by the driver's error codes and messages along the chain of causes.
 */
import { Predicate } from "effect"

/** Node socket errors, PostgreSQL connection-class and shutdown codes, SQLite open and I/O failures. */
const UNREACHABLE_CODES = new Set([
  "ECONNREFUSED",
  "ECONNRESET",
  "ETIMEDOUT",
  "EHOSTUNREACH",
  "ENETUNREACH",
  "ENOTFOUND",
  "EPIPE",
  "57P01", // admin_shutdown
  "57P02", // crash_shutdown
  "57P03", // cannot_connect_now
  "53300", // too_many_connections
  "3D000", // invalid_catalog_name: the database is gone
  "08000",
  "08001",
  "08003",
  "08004",
  "08006",
  "SQLITE_CANTOPEN",
  "SQLITE_IOERR",
  "SQLITE_BUSY",
  "SQLITE_READONLY",
  "SQLITE_NOTADB",
  "SQLITE_CORRUPT"
])

const UNREACHABLE_MESSAGE =
  /acquire connection|connection terminated|connection refused|terminating connection|timeout exceeded when trying to connect|Connection ended|database connection is not open|The database connection is not open|Client has encountered a connection error/i

export const isDatabaseUnreachable = (defect: unknown): boolean => {
  let current: unknown = defect
  for (let depth = 0; depth < 8 && current !== null && typeof current === "object"; depth++) {
    if (Predicate.hasProperty(current, "_tag") && current._tag === "StoreUnavailable") return true
    if (Predicate.hasProperty(current, "code") && typeof current.code === "string") {
      const code = current.code
      if (UNREACHABLE_CODES.has(code) || code.startsWith("SQLITE_IOERR")) return true
    }
    if (Predicate.hasProperty(current, "message") && typeof current.message === "string" && UNREACHABLE_MESSAGE.test(current.message)) {
      return true
    }
    current = Predicate.hasProperty(current, "cause") ? current.cause : undefined
  }
  return false
}
