/**
 * How many API requests LeadFactory works on at once; the others wait, in the order they came, as
 * node's bare request objects.
 *
 * Why (docs/benchmarks.md, "Requests worked on at once"): an admitted request makes its fibers,
 * contexts and rows, and holds them while it waits for the database. With 50 clients on PostgreSQL
 * every request lived about 100 ms, long enough for V8 to move most of what it held to the old
 * generation (160–170 KB a request), where only mark-compact frees it. Four at a time, a request
 * lives a few milliseconds and 67 KB of it is moved: in alternating runs, 2.4–2.7 ms of CPU a request
 * instead of 3.2–4.0, and a third more requests a second. SQLite's reads block the thread, so its
 * requests never overlapped and the limit changes nothing there.
 *
 * A request holds its place for at most `holdMs`: an upload, an export or an event stream goes on
 * past it and lets the next request start, so that a few long requests never stall the others.
 */
import type { ServerResponse } from "node:http"

export interface RequestAdmissionSettings {
  /** Requests worked on at once. */
  readonly maxActive: number
  /** How long, in milliseconds, a request holds its place at most. */
  readonly holdMs: number
}

export const DEFAULT_MAX_ACTIVE_REQUESTS = 4

/** Longer than a page, a login or an import's answer takes on an idle server; shorter than a stream. */
export const DEFAULT_HOLD_MS = 50

/**
 * A gate in front of a node:http handler: `admit(response, run)` calls `run` at once when fewer
 * than `maxActive` requests hold a place, else once one of them has finished or held its place for
 * `holdMs`. A request whose client left while it waited is not run.
 */
export const makeRequestAdmission = ({ holdMs, maxActive }: RequestAdmissionSettings) => {
  if (!Number.isInteger(maxActive) || maxActive <= 0) {
    throw new RangeError(`maxActiveRequests must be a positive whole number, got ${maxActive}.`)
  }
  let active = 0
  const waiting: Array<() => void> = []

  const startWaiting = () => {
    while (active < maxActive && waiting.length > 0) waiting.shift()!()
  }

  const admit = (response: ServerResponse, run: () => void) => {
    const start = () => {
      if (response.destroyed) return
      active++
      let holding = true
      const release = () => {
        if (!holding) return
        holding = false
        clearTimeout(timer)
        active--
        startWaiting()
      }
      const timer = setTimeout(release, holdMs)
      // "close" comes once the response is sent or the connection is gone, whichever is first.
      response.once("close", release)
      run()
    }
    if (active < maxActive) start()
    else waiting.push(start)
  }

  return { admit }
}
