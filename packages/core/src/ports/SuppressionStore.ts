/** Port: addresses that asked not to be contacted. Imports skip them; opt-out adds to it. */
import { Context, type Effect } from "effect"

export interface SuppressionStore {
  /** Adds a lower-cased address; adding it twice is a no-op. */
  readonly add: (email: string) => Effect.Effect<void>
  /** The subset of the lower-cased `emails` that is suppressed. */
  readonly filterSuppressed: (emails: ReadonlyArray<string>) => Effect.Effect<ReadonlySet<string>>
}

export const SuppressionStore = Context.GenericTag<SuppressionStore>("@leadfactory/core/SuppressionStore")
