/**
 * A turn of node's event loop, for long work made of many steps on SQLite, whose driver reads and
 * writes on the event loop's own thread. Work whose input is already at hand (an export to a client
 * that keeps up, an upload already received) goes on from callback to callback without the loop
 * ever polling for other connections: a health check sent during an export of 1M leads was answered
 * after 7.8 s instead of 2 ms. A turn before each chunk of an export, and before each write
 * transaction (store-sqlite's WriteTransactions), lets other requests in between.
 */
import { Effect } from "effect"

export const eventLoopTurn: Effect.Effect<void> = Effect.async<void>((resume) => {
  const immediate = setImmediate(() => resume(Effect.void))
  return Effect.sync(() => clearImmediate(immediate))
})
