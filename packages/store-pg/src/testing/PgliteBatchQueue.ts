/**
 * The order in which PGlite's one backend runs the messages of several socket connections.
 *
 * pglite-socket 0.2.17 queues every protocol message on its own and keeps one connection's messages
 * together only inside a transaction. Outside one, node-postgres sends each query as Parse, Bind,
 * Describe, Execute, Sync, and two connections' messages interleave: one connection then binds the
 * other's unnamed statement (PostgreSQL error 26000, or the wrong statement run with its values).
 * This queue gives a connection the backend from its first message until its Sync or simple Query,
 * and for as long as it holds a transaction open; otherwise it is first come, first served.
 */
import type { PGlite } from "@electric-sql/pglite"

interface QueuedMessage {
  readonly handlerId: number
  readonly message: Uint8Array
  readonly onData: (data: Uint8Array) => void
  readonly resolve: (bytes: number) => void
  readonly reject: (error: Error) => void
}

/** Extended-protocol messages after which the same connection's Sync is still to come. */
const batchContinues = new Set(["P", "B", "D", "E", "C", "H"].map((type) => type.charCodeAt(0)))

export class PgliteBatchQueue {
  private queue: Array<QueuedMessage> = []
  /** The connection whose batch or transaction is in progress; null when any may go next. */
  private owner: number | null = null
  private processing = false

  constructor(private readonly db: PGlite) {}

  enqueue(handlerId: number, message: Uint8Array, onData: (data: Uint8Array) => void): Promise<number> {
    return new Promise((resolve, reject) => {
      this.queue.push({ handlerId, message, onData, resolve, reject })
      void this.process()
    })
  }

  getQueueLength(): number {
    return this.queue.length
  }

  /** A connection went away: its queued messages fail, and it gives up its turn. */
  clearQueueForHandler(handlerId: number): void {
    for (const queued of this.queue.filter((message) => message.handlerId === handlerId)) {
      queued.reject(new Error("Handler disconnected"))
    }
    this.queue = this.queue.filter((message) => message.handlerId !== handlerId)
  }

  /** A connection went away: roll back the transaction it left open, and let the others go on. */
  async clearTransactionIfNeeded(handlerId: number): Promise<void> {
    if (this.owner !== handlerId) return
    if (this.db.isInTransaction()) await this.db.exec("ROLLBACK")
    this.owner = null
    await this.process()
  }

  private async process(): Promise<void> {
    if (this.processing) return
    this.processing = true
    try {
      for (;;) {
        const index = this.owner === null
          ? 0
          : this.queue.findIndex((message) => message.handlerId === this.owner)
        const next = index === -1 ? undefined : this.queue[index]
        if (next === undefined) break
        this.queue.splice(index, 1)
        let bytes = 0
        try {
          await this.db.runExclusive(() =>
            this.db.execProtocolRawStream(next.message, {
              onRawData: (data) => {
                bytes += data.length
                next.onData(data)
              }
            })
          )
        } catch (error) {
          this.owner = null
          next.reject(error instanceof Error ? error : new Error(String(error)))
          continue
        }
        const type = next.message[0] ?? 0
        this.owner = batchContinues.has(type) || this.db.isInTransaction() ? next.handlerId : null
        next.resolve(bytes)
      }
    } finally {
      this.processing = false
    }
  }
}
