/** Port: runs several store operations as one database transaction. */
import { Context, type Effect } from "effect"
import type { Concurrency } from "effect/Types"

export interface Transactor {
  /** Commits when `self` succeeds, rolls back on failure or interruption; nests as a savepoint. */
  readonly withTransaction: <A, E, R>(self: Effect.Effect<A, E, R>) => Effect.Effect<A, E, R>
  /** Pings the database; fails (as a defect) when it cannot be reached. For health checks. */
  readonly ping: Effect.Effect<void>
  /**
   * How many of one request's independent reads to run at once: as many as the database serves at
   * the same time. Where it serves one at a time (SQLite's one connection), reads run one after
   * another: forking a fiber for each only costs time, about 0.1 ms of CPU per fork.
   */
  readonly readConcurrency: Concurrency
  /**
   * Whether the database does its work outside this process (PostgreSQL's server), so that a batch
   * can be written while the caller parses the next one. SQLite works on the caller's thread: there
   * a second batch in memory buys no time and costs its memory.
   */
  readonly worksApart: boolean
}

export const Transactor = Context.GenericTag<Transactor>("@leadfactory/core/Transactor")
