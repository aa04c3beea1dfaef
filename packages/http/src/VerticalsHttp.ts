/** Handlers of the verticals group. */
import * as HttpApiBuilder from "@effect/platform/HttpApiBuilder"
import { Verticals } from "@leadfactory/core"
import { Effect } from "effect"
import { LeadFactoryApi } from "./Api.js"
import { VerticalNotFound } from "./HttpErrors.js"

export const VerticalsHttp = HttpApiBuilder.group(LeadFactoryApi, "verticals", (handlers) =>
  Effect.gen(function*() {
    const verticals = yield* Verticals
    return handlers
      .handle("list", () => verticals.list)
      .handle("get", ({ path }) =>
        verticals.get(path.slug).pipe(
          Effect.catchTag("UnknownVertical", (error) => new VerticalNotFound({ message: error.message }))
        ))
  }))
