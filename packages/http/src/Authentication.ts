/**
 * Authentication of API calls: a bearer credential (a JWT from register or login, or an API key
 * `lf_…`) in `Authorization: Bearer`, or an API key in `X-API-Key`, resolved to the signed-in user.
 */
import * as HttpApiMiddleware from "@effect/platform/HttpApiMiddleware"
import * as HttpApiSecurity from "@effect/platform/HttpApiSecurity"
import * as OpenApi from "@effect/platform/OpenApi"
import { Accounts, Unauthorized, type User } from "@leadfactory/core"
import { Context, Effect, Layer, Redacted } from "effect"
import { Errors } from "./HttpErrors.js"

/** The user behind the request's credential, provided to every authenticated handler. */
export class CurrentUser extends Context.Tag("@leadfactory/http/CurrentUser")<CurrentUser, User>() {}

/** The credentials every authenticated endpoint takes, in headers. */
export const headerCredentials = {
  bearer: HttpApiSecurity.bearer.pipe(
    HttpApiSecurity.annotate(OpenApi.Description, "A JWT from register or login, or an API key (lf_…).")
  ),
  apiKey: HttpApiSecurity.apiKey({ key: "X-API-Key", in: "header" }).pipe(
    HttpApiSecurity.annotate(OpenApi.Description, "An API key (lf_…).")
  )
}

export class Authentication extends HttpApiMiddleware.Tag<Authentication>()("Authentication", {
  failure: Errors.Unauthorized,
  provides: CurrentUser,
  security: headerCredentials
}) {}

export const AuthenticationLive = Layer.effect(
  Authentication,
  Effect.gen(function*() {
    const accounts = yield* Accounts
    const authenticate = (credential: Redacted.Redacted<string>) => {
      const value = Redacted.value(credential).trim()
      return value === "" ? Effect.fail(Unauthorized.default()) : accounts.authenticate(value)
    }
    return { bearer: authenticate, apiKey: authenticate }
  })
)
