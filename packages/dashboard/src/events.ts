/**
 * The events the components dispatch, in one place. All bubble and are composed, so a host page
 * hears them on the element or on `document`, through any shadow roots in between.
 */
import type { ApiError } from "./api/ApiClient.js"
import type { ImportSummary, User } from "./api/types.js"

export interface LfLoginDetail {
  /** The JWT, also stored in localStorage under the element's `token-key`. */
  readonly token: string
  readonly user: User
  /** True after a registration, false after a log-in. */
  readonly registered: boolean
}

export interface LfLogoutDetail {
  /** Why: the user asked, or the API refused the token (401). */
  readonly reason: "user" | "expired"
}

export interface LfErrorDetail {
  /** The HTTP status; 0 when the server could not be reached. */
  readonly status: number
  /** The API's machine code (`InvalidCredentials`, `NotFound`, …). */
  readonly code: string
  readonly message: string
  readonly error: ApiError
}

export interface LfImportedDetail {
  readonly campaignId: string
  readonly summary: ImportSummary
}

export interface LfOptOutDetail {
  readonly leadId: string
  readonly email: string | null
}

export interface LfEventMap {
  "lf-login": LfLoginDetail
  "lf-logout": LfLogoutDetail
  "lf-error": LfErrorDetail
  "lf-imported": LfImportedDetail
  "lf-optout": LfOptOutDetail
}

export type LfEvent<K extends keyof LfEventMap> = CustomEvent<LfEventMap[K]>

export const lfEvent = <K extends keyof LfEventMap>(type: K, detail: LfEventMap[K]): LfEvent<K> =>
  new CustomEvent(type, { detail, bubbles: true, composed: true })

/** The events by name, for listeners on an element or, since they bubble, on the document. */
interface LfEventsByName {
  "lf-login": LfEvent<"lf-login">
  "lf-logout": LfEvent<"lf-logout">
  "lf-error": LfEvent<"lf-error">
  "lf-imported": LfEvent<"lf-imported">
  "lf-optout": LfEvent<"lf-optout">
}

declare global {
  interface HTMLElementEventMap extends LfEventsByName {}
  interface DocumentEventMap extends LfEventsByName {}
}
