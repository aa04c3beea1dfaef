/**
 * Follows a queued or running campaign until it stops: its event stream first; when the stream is
 * missing (an older server, a buffering proxy) or ends, GET the campaign every 2 s while it is
 * queued or running.
 */
import type { ApiClient } from "./ApiClient.js"
import type { ServerSentEvent } from "./sse.js"
import { isActive, type Campaign } from "./types.js"

/** How often a running campaign is fetched again when its event stream is not available. */
export const POLL_MS = 2000

const sleep = (ms: number, signal: AbortSignal) =>
  new Promise<void>((resolve) => {
    const timer = setTimeout(resolve, ms)
    signal.addEventListener("abort", () => (clearTimeout(timer), resolve()), { once: true })
  })

/** The campaign fields a progress event carries (it may carry the whole campaign). */
const progressOf = (event: ServerSentEvent): Partial<Campaign> | undefined => {
  try {
    const data: unknown = JSON.parse(event.data)
    return typeof data === "object" && data !== null && !Array.isArray(data) ? (data as Partial<Campaign>) : undefined
  } catch {
    return undefined
  }
}

/**
 * Calls `onProgress` with each change (partial from the stream, whole from polling) until the
 * campaign is no longer active or `signal` aborts. Rejects only when polling fails.
 */
export const followCampaign = async (
  api: ApiClient,
  id: string,
  onProgress: (progress: Partial<Campaign>) => void,
  signal: AbortSignal
): Promise<void> => {
  try {
    await api.campaignEvents(
      id,
      (event) => {
        const progress = progressOf(event)
        if (progress !== undefined) onProgress(progress)
      },
      signal
    )
  } catch {
    // No stream: polling below keeps the status current.
  }
  while (!signal.aborted) {
    const campaign = await api.campaign(id, signal)
    onProgress(campaign)
    if (!isActive(campaign.status)) return
    await sleep(POLL_MS, signal)
  }
}
