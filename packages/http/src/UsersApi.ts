/** The users endpoints: register and login (public, rate-limited), the caller's account, credits and API keys. */
import * as HttpApiEndpoint from "@effect/platform/HttpApiEndpoint"
import * as HttpApiGroup from "@effect/platform/HttpApiGroup"
import * as HttpApiSchema from "@effect/platform/HttpApiSchema"
import * as OpenApi from "@effect/platform/OpenApi"
import {
  ApiKey,
  ApiKeyId,
  CreatedApiKey,
  CreditBalance,
  CreditTransaction,
  LoginRequest,
  RegisterRequest,
  Session,
  User
} from "@leadfactory/core"
import { Schema } from "effect"
import { Authentication } from "./Authentication.js"
import { Errors } from "./HttpErrors.js"
import { IntParam, reportingAllIssues, withDefault } from "./QueryParams.js"
import { AuthRateLimit } from "./RateLimit.js"

export class SessionApi extends HttpApiGroup.make("session")
  .add(
    HttpApiEndpoint.post("register", "/register")
      .setPayload(reportingAllIssues(RegisterRequest))
      .addSuccess(Session, { status: 201 })
      .addError(Errors.EmailTaken)
      .addError(Errors.PayloadTooLarge)
      .middleware(AuthRateLimit)
      .annotate(OpenApi.Summary, "Create an account and sign in")
  )
  .add(
    HttpApiEndpoint.post("login", "/login")
      .setPayload(reportingAllIssues(LoginRequest))
      .addSuccess(Session)
      .addError(Errors.InvalidCredentials)
      .addError(Errors.AccountDisabled)
      .addError(Errors.PayloadTooLarge)
      .middleware(AuthRateLimit)
      .annotate(OpenApi.Summary, "Sign in with email and password")
  )
  .prefix("/users")
  .annotate(OpenApi.Title, "Session")
  .annotate(OpenApi.Description, "Register and login; both limited per client address (429 with Retry-After).")
{}

export const CreditHistoryQuery = Schema.Struct({
  page: withDefault(IntParam(1, 1_000_000), 1),
  per_page: withDefault(IntParam(1, 100), 20)
})

export class CreditHistory extends Schema.Class<CreditHistory>("CreditHistory")({
  transactions: Schema.Array(CreditTransaction),
  total: Schema.Number
}) {}

export class NewApiKey extends Schema.Class<NewApiKey>("NewApiKey")({
  name: Schema.optional(Schema.Trim.pipe(Schema.maxLength(100, { message: () => "must be at most 100 characters" })))
}) {}

export class UsersApi extends HttpApiGroup.make("users")
  .add(
    HttpApiEndpoint.get("me", "/me").addSuccess(User).addError(Errors.NotFound).annotate(OpenApi.Summary, "The signed-in user")
  )
  .add(
    HttpApiEndpoint.get("credits", "/credits")
      .addSuccess(CreditBalance)
      .addError(Errors.NotFound)
      .annotate(OpenApi.Summary, "The credit balance")
  )
  .add(
    HttpApiEndpoint.get("creditHistory", "/credits/history")
      .setUrlParams(reportingAllIssues(CreditHistoryQuery))
      .addSuccess(CreditHistory)
      .annotate(OpenApi.Summary, "The credit ledger, newest first")
  )
  .add(
    HttpApiEndpoint.post("createApiKey", "/api-keys")
      .setPayload(reportingAllIssues(Schema.NullOr(NewApiKey)).annotations({ description: "Optional; the name defaults to \"Default\"." }))
      .addSuccess(CreatedApiKey, { status: 201 })
      .addError(Errors.PayloadTooLarge)
      .annotate(OpenApi.Summary, "Create an API key (the key is shown this once)")
  )
  .add(
    HttpApiEndpoint.get("listApiKeys", "/api-keys")
      .addSuccess(Schema.Array(ApiKey))
      .annotate(OpenApi.Summary, "The caller's API keys (never the keys themselves)")
  )
  .add(
    HttpApiEndpoint.del("revokeApiKey", "/api-keys/:id")
      .setPath(Schema.Struct({ id: ApiKeyId.annotations({ message: () => "must be a UUID" }) }))
      .addSuccess(HttpApiSchema.NoContent)
      .addError(Errors.NotFound)
      .annotate(OpenApi.Summary, "Revoke an API key; it stops working at once")
  )
  .middleware(Authentication)
  .prefix("/users")
  .annotate(OpenApi.Title, "Users")
{}
