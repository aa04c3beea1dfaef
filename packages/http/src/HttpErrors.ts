/**
 * The errors of the HTTP layer and their wire format: every failure is answered with
 * `{"detail": "<human sentence>", "code": "<Tag>"}` (plus `errors` for invalid input) and the one
 * status its tag maps to. Endpoints declare errors with the schemas of `Errors`, so the OpenAPI document
 * shows the body that is actually sent.
 */
import * as HttpApiSchema from "@effect/platform/HttpApiSchema"
import {
  AccountDisabled,
  CampaignRunning,
  EmailTaken,
  InsufficientCredits,
  InvalidCredentials,
  InvalidCsv,
  InvalidInput,
  NotFound,
  ProviderError,
  Unauthorized,
  UnknownVertical
} from "@leadfactory/core"
import { ParseResult, Schema } from "effect"

/** A request body over the size limit of its endpoint. */
export class PayloadTooLarge extends Schema.TaggedError<PayloadTooLarge>()("PayloadTooLarge", {
  message: Schema.String
}) {
  static of(limitBytes: number) {
    return new PayloadTooLarge({ message: `The request body is larger than the limit of ${formatBytes(limitBytes)}.` })
  }
}

/** Too many attempts from one client address; `retry_after` is in whole seconds. */
export class RateLimited extends Schema.TaggedError<RateLimited>()("RateLimited", {
  message: Schema.String,
  retry_after: Schema.Number
}) {
  static of(retryAfterSeconds: number) {
    return new RateLimited({
      message: `Too many attempts; try again in ${retryAfterSeconds} seconds.`,
      retry_after: retryAfterSeconds
    })
  }
}

/** The database cannot be reached; the cause is logged, never sent. */
export class DatabaseUnavailable extends Schema.TaggedError<DatabaseUnavailable>()("DatabaseUnavailable", {
  message: Schema.String
}) {
  static readonly default = () => new DatabaseUnavailable({ message: "The database is unreachable; try again later." })
}

/** GET /api/verticals/{slug} of a slug that does not exist: a 404 with api.md's code UnknownVertical. */
export class VerticalNotFound extends Schema.TaggedError<VerticalNotFound>()("VerticalNotFound", {
  message: Schema.String
}) {}

/** A path under /api that no endpoint serves. */
export class RouteNotFound extends Schema.TaggedError<RouteNotFound>()("RouteNotFound", {
  message: Schema.String
}) {}

/** A defect: a bug or an unexpected failure. The body never carries the cause. */
export class InternalError extends Schema.TaggedError<InternalError>()("InternalError", {
  message: Schema.String
}) {
  static readonly default = () => new InternalError({ message: "Internal error" })
}

/** How each error tag is answered: its status and the `code` clients switch on. */
export const errorStatus = {
  InvalidInput: { status: 400, code: "InvalidInput" },
  InvalidCsv: { status: 400, code: "InvalidCsv" },
  UnknownVertical: { status: 400, code: "UnknownVertical" },
  InvalidCredentials: { status: 401, code: "InvalidCredentials" },
  Unauthorized: { status: 401, code: "Unauthorized" },
  InsufficientCredits: { status: 402, code: "InsufficientCredits" },
  AccountDisabled: { status: 403, code: "AccountDisabled" },
  NotFound: { status: 404, code: "NotFound" },
  RouteNotFound: { status: 404, code: "NotFound" },
  VerticalNotFound: { status: 404, code: "UnknownVertical" },
  EmailTaken: { status: 409, code: "EmailTaken" },
  CampaignRunning: { status: 409, code: "CampaignRunning" },
  PayloadTooLarge: { status: 413, code: "PayloadTooLarge" },
  RateLimited: { status: 429, code: "RateLimited" },
  InternalError: { status: 500, code: "InternalError" },
  ProviderError: { status: 502, code: "ProviderError" },
  DatabaseUnavailable: { status: 503, code: "DatabaseUnavailable" }
} as const

export type ErrorTag = keyof typeof errorStatus

/** The JSON body of every error answer. */
export interface ErrorBody {
  readonly detail: string
  readonly code: string
  readonly errors?: ReadonlyArray<{ readonly field: string; readonly message: string }>
}

const bodyFields = (code: string) => ({
  detail: Schema.String.annotations({ description: "A sentence for people." }),
  code: Schema.Literal(code).annotations({ description: "A stable code for programs." })
})

const IssueBody = Schema.Struct({ field: Schema.String, message: Schema.String }).annotations({ identifier: "FieldIssue" })

/** The class of an error, for `instanceof`. */
type ErrorClass<A> = new (...args: never) => A

/**
 * The schema to declare an error on an endpoint with: its type side is the error class (so handlers
 * stay type-checked), its encoded side is the body that is sent, annotated with the status.
 */
const declareError = <A extends { readonly _tag: ErrorTag; readonly message: string }, B extends ErrorBody>(
  body: Schema.Schema<B>,
  errorClass: ErrorClass<A>,
  tag: A["_tag"],
  description: string,
  toBody: (error: A) => B
): Schema.Schema<A, B> =>
  Schema.transformOrFail(
    body.annotations({ identifier: `${errorStatus[tag].code}Error`, description }),
    Schema.declare((u: unknown): u is A => u instanceof errorClass),
    {
      strict: true,
      // Only the server side is used: bodies are written, never read back into errors.
      decode: (value, _, ast) => ParseResult.fail(new ParseResult.Forbidden(ast, value, "encode only")),
      encode: (error) => ParseResult.succeed(toBody(error))
    }
  ).annotations(HttpApiSchema.annotations({ status: errorStatus[tag].status, description }))

const declareTaggedError = <A extends { readonly _tag: ErrorTag; readonly message: string }>(
  errorClass: ErrorClass<A>,
  tag: A["_tag"],
  description: string
) =>
  declareError(Schema.Struct(bodyFields(errorStatus[tag].code)), errorClass, tag, description, (error) => ({
    detail: error.message,
    code: errorStatus[tag].code
  }))

/** The body for a tagged error of this module or of core. */
export const toErrorBody = (error: { readonly _tag: ErrorTag; readonly message: string }): ErrorBody => {
  const { code } = errorStatus[error._tag]
  return error instanceof InvalidInput
    ? { detail: error.message, code, errors: error.errors.map(({ field, message }) => ({ field, message })) }
    : { detail: error.message, code }
}

/** The body for a tag and a sentence, where no error value exists (outside Effect). */
export const errorResponseBody = (tag: ErrorTag, detail: string): ErrorBody => ({ detail, code: errorStatus[tag].code })

export const isErrorTag = (tag: unknown): tag is ErrorTag => typeof tag === "string" && tag in errorStatus

/** The declared error schemas, one per tag (UnknownVertical and VerticalNotFound differ in status). */
export const Errors = {
  InvalidInput: declareError(
    Schema.Struct({ ...bodyFields("InvalidInput"), errors: Schema.Array(IssueBody) }),
    InvalidInput,
    "InvalidInput",
    "The request is malformed or a field is invalid.",
    (error) => ({ detail: error.message, code: "InvalidInput", errors: error.errors.map(({ field, message }) => ({ field, message })) })
  ),
  InvalidCsv: declareTaggedError(InvalidCsv, "InvalidCsv", "The file cannot be imported at all; nothing was written."),
  UnknownVertical: declareTaggedError(UnknownVertical, "UnknownVertical", "The vertical is not vc, pe, family_office or corp_dev."),
  InvalidCredentials: declareTaggedError(InvalidCredentials, "InvalidCredentials", "The email or password is not correct."),
  Unauthorized: declareTaggedError(Unauthorized, "Unauthorized", "No credentials, or credentials that are invalid, expired or revoked."),
  InsufficientCredits: declareTaggedError(InsufficientCredits, "InsufficientCredits", "Not enough credits."),
  AccountDisabled: declareTaggedError(AccountDisabled, "AccountDisabled", "The account is disabled."),
  NotFound: declareTaggedError(NotFound, "NotFound", "No such resource among the caller's."),
  VerticalNotFound: declareTaggedError(VerticalNotFound, "VerticalNotFound", "No vertical with this slug."),
  EmailTaken: declareTaggedError(EmailTaken, "EmailTaken", "An account with this email exists."),
  CampaignRunning: declareTaggedError(CampaignRunning, "CampaignRunning", "The campaign is queued or running."),
  PayloadTooLarge: declareTaggedError(PayloadTooLarge, "PayloadTooLarge", "The request body is over the limit."),
  RateLimited: declareTaggedError(RateLimited, "RateLimited", "Too many attempts; see the Retry-After header."),
  InternalError: declareTaggedError(InternalError, "InternalError", "An unexpected failure; it has been logged."),
  ProviderError: declareTaggedError(ProviderError, "ProviderError", "The outreach provider refused or failed the request; detail is its message."),
  DatabaseUnavailable: declareTaggedError(DatabaseUnavailable, "DatabaseUnavailable", "The database is unreachable.")
}

const formatBytes = (bytes: number): string =>
  bytes >= 1024 * 1024 && bytes % (1024 * 1024) === 0
    ? `${bytes / (1024 * 1024)} MB`
    : bytes >= 1024 && bytes % 1024 === 0
    ? `${bytes / 1024} KB`
    : `${bytes} bytes`
