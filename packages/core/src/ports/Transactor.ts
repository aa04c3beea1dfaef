/** Port: runs several store operations as one database transaction. */
import { Context, type Effect } from "effect"

export interface Transactor {
  /** Commits when `self` succeeds, rolls back on failure or interruption; nests as a savepoint. */
  readonly withTransaction: <A, E, R>(self: Effect.Effect<A, E, R>) => Effect.Effect<A, E, R>
  /** Pings the database; fails (as a defect) when it cannot be reached. For health checks. */
  readonly ping: Effect.Effect<void>
}

export const Transactor = Context.GenericTag<Transactor>("@leadfactory/core/Transactor")
