/** The body size limits of the API: JSON bodies, and CSV uploads. */
import { Context, Layer } from "effect"

export interface Limits {
  /** JSON bodies (every endpoint but the upload); 1 MB by default. */
  readonly maxJsonBytes: number
  /** CSV uploads; 200 MB by default (LF_MAX_UPLOAD_BYTES). */
  readonly maxUploadBytes: number
}

export const DEFAULT_MAX_JSON_BYTES = 1024 * 1024
export const DEFAULT_MAX_UPLOAD_BYTES = 200 * 1024 * 1024

export const Limits = Context.GenericTag<Limits>("@leadfactory/http/Limits")

export const layerLimits = (limits: Limits) => Layer.succeed(Limits, limits)
