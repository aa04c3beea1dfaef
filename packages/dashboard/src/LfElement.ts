/**
 * The base of every data component: where the API is (`api-base`), which token to send (the
 * `token` property, else localStorage under `token-key`), and how a failure is reported.
 */
import { LitElement, type PropertyValues } from "lit"
import { property } from "lit/decorators.js"
import { ApiClient, ApiError } from "./api/ApiClient.js"
import { lfEvent } from "./events.js"

/** The localStorage key of the token unless an element's `token-key` says otherwise. */
export const DEFAULT_TOKEN_KEY = "lf_token"

/** Storage may be unavailable (a sandboxed frame, a privacy mode): the token is then not kept. */
export const readStoredToken = (key: string): string | null => {
  try {
    return localStorage.getItem(key)
  } catch {
    return null
  }
}

export const storeToken = (key: string, token: string | null): void => {
  try {
    if (token === null) localStorage.removeItem(key)
    else localStorage.setItem(key, token)
  } catch {
    // Nothing to do: the token then lives only in the element's property.
  }
}

export abstract class LfElement extends LitElement {
  /** Origin of the API, without `/api`; empty for the page's own origin. */
  @property({ attribute: "api-base" }) apiBase = ""

  /** localStorage key that holds the token when the `token` property is not set. */
  @property({ attribute: "token-key" }) tokenKey = DEFAULT_TOKEN_KEY

  /** A JWT or an API key; when null the element reads localStorage under `token-key`. */
  @property({ attribute: false }) token: string | null = null

  protected get api(): ApiClient {
    return new ApiClient({ baseUrl: this.apiBase, token: this.token ?? readStoredToken(this.tokenKey) })
  }

  /** Loads what the element shows; runs first and again when the API or the token changes. */
  protected abstract load(): Promise<void>

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has("apiBase") || changed.has("token") || changed.has("tokenKey")) void this.load()
  }

  /**
   * Turns a failure into an ApiError, tells the host page (`lf-error`) and returns the message to
   * show; an aborted request is no failure and gives "".
   */
  protected fail(error: unknown): string {
    if (error instanceof DOMException && error.name === "AbortError") return ""
    const apiError =
      error instanceof ApiError
        ? error
        : new ApiError(0, "ClientError", error instanceof Error ? error.message : String(error))
    this.dispatchEvent(
      lfEvent("lf-error", { status: apiError.status, code: apiError.code, message: apiError.message, error: apiError })
    )
    return apiError.message
  }
}
