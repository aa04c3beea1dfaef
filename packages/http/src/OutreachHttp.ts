/** Handlers of the outreach and integrations groups: each calls the Outreach service for the caller. */
import * as HttpApiBuilder from "@effect/platform/HttpApiBuilder"
import { Outreach } from "@leadfactory/core"
import { Effect } from "effect"
import { LeadFactoryApi } from "./Api.js"
import { CurrentUser } from "./Authentication.js"

export const OutreachHttp = HttpApiBuilder.group(LeadFactoryApi, "outreach", (handlers) =>
  Effect.gen(function*() {
    const outreach = yield* Outreach
    return handlers
      .handle("list", ({ urlParams }) => Effect.flatMap(CurrentUser, (user) => outreach.list(user.id, urlParams.campaign_id)))
      .handle("launch", ({ payload }) => Effect.flatMap(CurrentUser, (user) => outreach.launch(user.id, payload)))
      .handle("start", ({ path }) => Effect.flatMap(CurrentUser, (user) => outreach.start(user.id, path.id)))
      .handle("pause", ({ path }) => Effect.flatMap(CurrentUser, (user) => outreach.pause(user.id, path.id)))
      .handle("stats", ({ path }) => Effect.flatMap(CurrentUser, (user) => outreach.stats(user.id, path.id)))
      .handle("templates", () => Effect.succeed(outreach.templates()))
  }))

export const IntegrationsHttp = HttpApiBuilder.group(LeadFactoryApi, "integrations", (handlers) =>
  Effect.gen(function*() {
    const outreach = yield* Outreach
    return handlers
      .handle("put", ({ path, payload }) =>
        Effect.flatMap(CurrentUser, (user) => outreach.putIntegration(user.id, path.provider, payload)))
      .handle("list", () => Effect.flatMap(CurrentUser, (user) => outreach.listIntegrations(user.id)))
  }))
