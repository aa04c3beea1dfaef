/**
 * CopyOut: `COPY … TO STDOUT` as a stream of bytes, for the one store read that is faster when the
 * database writes the file itself (the CSV export). @effect/sql has no COPY, so the PostgreSQL
 * package provides this service beside its SqlClient; without it the stores read rows instead.
 */
import type { SqlError } from "@effect/sql/SqlError"
import { Context, type Stream } from "effect"

export interface CopyOut {
  /**
   * Runs `statement`, a `COPY (…) TO STDOUT` without parameters, on a connection of its own and
   * streams what it writes, chunk by chunk as the consumer pulls (the connection's socket is not
   * read ahead of the consumer). The connection goes back to the pool when the copy has finished; a
   * stream interrupted before that closes it, which ends the query on the server.
   */
  readonly stream: (statement: string) => Stream.Stream<Uint8Array, SqlError>
}

export const CopyOut = Context.GenericTag<CopyOut>("@leadfactory/store-sql/CopyOut")
