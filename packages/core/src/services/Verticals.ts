/** Service: the four verticals, shipped as data in this package. */
import { Context, type Effect } from "effect"
import type { UnknownVertical } from "../Errors.js"
import type { Vertical } from "../Vertical.js"

export interface Verticals {
  readonly list: Effect.Effect<ReadonlyArray<Vertical>>
  readonly get: (slug: string) => Effect.Effect<Vertical, UnknownVertical>
}

export const Verticals = Context.GenericTag<Verticals>("@leadfactory/core/Verticals")
