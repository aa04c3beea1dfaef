/**
 * One JSON request to a provider, retried with backoff on 429, 5xx and network failures (honouring
 * Retry-After), and turned into a ProviderError that carries the provider's own message otherwise.
 * Messages never contain the URL: a Smartlead URL holds the API key.
 */
import { ProviderError } from "@leadfactory/core"
import { Duration, Effect } from "effect"

export interface RetryPolicy {
  /** Attempts in all, the first included. */
  readonly maxAttempts: number
  /** The first backoff; each retry doubles it. */
  readonly baseDelayMs: number
  /** No wait is longer, whatever Retry-After asks for. */
  readonly maxDelayMs: number
  /** One attempt's time limit. */
  readonly timeoutMs: number
}

export const DEFAULT_RETRY: RetryPolicy = { maxAttempts: 5, baseDelayMs: 500, maxDelayMs: 30_000, timeoutMs: 30_000 }

export interface ProviderRequest {
  readonly method: "GET" | "POST" | "PATCH"
  readonly url: string
  readonly headers?: Record<string, string>
  /** The JSON text to send, serialised by the caller (a webhook signs these exact bytes). */
  readonly body?: string
}

const MAX_MESSAGE = 300

/** Retry-After in milliseconds: delta-seconds or an HTTP date; undefined when absent or unreadable. */
export const retryAfterMs = (header: string | null, now: number): number | undefined => {
  if (header === null || header.trim() === "") return undefined
  const trimmed = header.trim()
  if (/^\d+$/.test(trimmed)) return Number(trimmed) * 1000
  const date = Date.parse(trimmed)
  return Number.isNaN(date) ? undefined : Math.max(0, date - now)
}

/** The provider's message from an error body: JSON `message`, `error`, `detail`, or the text itself. */
const providerMessage = (text: string): string => {
  try {
    const parsed: unknown = JSON.parse(text)
    if (parsed !== null && typeof parsed === "object") {
      const fields = parsed as Record<string, unknown>
      for (const key of ["message", "error", "detail", "msg"]) {
        const value = fields[key]
        if (typeof value === "string" && value !== "") return value.slice(0, MAX_MESSAGE)
        if (value !== null && typeof value === "object" && typeof (value as { message?: unknown }).message === "string") {
          return String((value as { message: string }).message).slice(0, MAX_MESSAGE)
        }
      }
    }
  } catch {
    // Not JSON: the text is the message.
  }
  return text.trim().slice(0, MAX_MESSAGE) || "no message"
}

type Attempt =
  | { readonly _tag: "Done"; readonly body: unknown }
  | { readonly _tag: "Retry"; readonly waitMs: number | undefined; readonly error: ProviderError }
  | { readonly _tag: "Fail"; readonly error: ProviderError }

const attempt = (provider: string, label: string, request: ProviderRequest, timeoutMs: number) =>
  Effect.tryPromise({
    try: async (signal): Promise<Attempt> => {
      const response = await fetch(request.url, {
        method: request.method,
        headers: {
          accept: "application/json",
          ...(request.body === undefined ? {} : { "content-type": "application/json" }),
          ...request.headers
        },
        ...(request.body === undefined ? {} : { body: request.body }),
        signal: AbortSignal.any([signal, AbortSignal.timeout(timeoutMs)])
      })
      const text = await response.text()
      if (response.ok) {
        let body: unknown = null
        try {
          body = text === "" ? null : JSON.parse(text)
        } catch {
          body = text
        }
        return { _tag: "Done", body }
      }
      const error = new ProviderError({
        provider,
        status: response.status,
        message: `${label} answered ${response.status}: ${providerMessage(text)}`
      })
      return response.status === 429 || response.status >= 500
        ? { _tag: "Retry", waitMs: retryAfterMs(response.headers.get("retry-after"), Date.now()), error }
        : { _tag: "Fail", error }
    },
    catch: (cause) =>
      new ProviderError({
        provider,
        status: 0,
        message: `${label} could not be reached: ${cause instanceof Error ? cause.message : String(cause)}`
      })
  }).pipe(
    // An unreachable provider is retried like a 503.
    Effect.catchAll((error): Effect.Effect<Attempt> => Effect.succeed({ _tag: "Retry", waitMs: undefined, error }))
  )

/** Sends the request; the parsed JSON body (or null) on a 2xx answer. */
export const sendJson = (
  provider: string,
  label: string,
  policy: RetryPolicy,
  request: ProviderRequest
): Effect.Effect<unknown, ProviderError> => {
  const loop = (attemptNumber: number): Effect.Effect<unknown, ProviderError> =>
    Effect.flatMap(attempt(provider, label, request, policy.timeoutMs), (result) => {
      switch (result._tag) {
        case "Done":
          return Effect.succeed(result.body)
        case "Fail":
          return Effect.fail(result.error)
        case "Retry": {
          if (attemptNumber >= policy.maxAttempts) return Effect.fail(result.error)
          const backoff = policy.baseDelayMs * 2 ** (attemptNumber - 1)
          const wait = Math.min(result.waitMs ?? backoff, policy.maxDelayMs)
          return Effect.sleep(Duration.millis(wait)).pipe(Effect.zipRight(loop(attemptNumber + 1)))
        }
      }
    })
  return loop(1)
}

/** A field of a JSON object, or undefined. */
export const field = (body: unknown, key: string): unknown =>
  body !== null && typeof body === "object" ? (body as Record<string, unknown>)[key] : undefined

/** A count as the providers send it: a number or a numeric string; null otherwise. */
export const count = (value: unknown): number | null => {
  if (typeof value === "number" && Number.isFinite(value)) return value
  if (typeof value === "string" && value.trim() !== "" && Number.isFinite(Number(value))) return Number(value)
  return null
}
