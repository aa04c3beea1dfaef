/**
 * A turn of node's event loop, for a long read made of many chunks on SQLite. Its driver reads on
 * the event loop's own thread, and when the client keeps up, each chunk's write to the socket ends
 * before the next chunk is read: the read goes on from callback to callback without the loop ever
 * polling for other connections. Without a turn between chunks, a health check sent during an export
 * of 1M leads was answered after 7.8 s instead of 2 ms.
 */
import { Effect } from "effect"

export const eventLoopTurn: Effect.Effect<void> = Effect.async<void>((resume) => {
  const immediate = setImmediate(() => resume(Effect.void))
  return Effect.sync(() => clearImmediate(immediate))
})
