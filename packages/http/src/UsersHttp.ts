/** Handlers of the session and users groups: each calls the Accounts or Credits service. */
import * as HttpApiBuilder from "@effect/platform/HttpApiBuilder"
import { Accounts, Credits } from "@leadfactory/core"
import { Effect } from "effect"
import { LeadFactoryApi } from "./Api.js"
import { CurrentUser } from "./Authentication.js"
import { CreditHistory } from "./UsersApi.js"

export const SessionHttp = HttpApiBuilder.group(LeadFactoryApi, "session", (handlers) =>
  Effect.gen(function*() {
    const accounts = yield* Accounts
    return handlers
      .handle("register", ({ payload }) => accounts.register(payload))
      .handle("login", ({ payload }) => accounts.login(payload))
  }))

export const UsersHttp = HttpApiBuilder.group(LeadFactoryApi, "users", (handlers) =>
  Effect.gen(function*() {
    const accounts = yield* Accounts
    const credits = yield* Credits
    return handlers
      .handle("me", () => Effect.flatMap(CurrentUser, (user) => accounts.me(user.id)))
      .handle("credits", () => Effect.flatMap(CurrentUser, (user) => credits.balance(user.id)))
      .handle("creditHistory", ({ urlParams }) =>
        Effect.flatMap(CurrentUser, (user) => credits.history(user.id, urlParams.page, urlParams.per_page)).pipe(
          Effect.map((history) => new CreditHistory(history))
        ))
      .handle("createApiKey", ({ payload }) =>
        Effect.flatMap(CurrentUser, (user) => accounts.createApiKey(user.id, payload?.name || undefined)))
      .handle("listApiKeys", () => Effect.flatMap(CurrentUser, (user) => accounts.listApiKeys(user.id)))
      .handle("revokeApiKey", ({ path }) => Effect.flatMap(CurrentUser, (user) => accounts.revokeApiKey(user.id, path.id)))
  }))
