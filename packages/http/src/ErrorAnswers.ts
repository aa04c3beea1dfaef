/**
 * Turns every failure of a request into its answer: domain and HTTP errors into their status and
 * `{detail, code}` body, the platform's decode failures into InvalidInput, an unknown route into a
 * 404, a lost database into a 503, and any other defect into a logged 500 that shows nothing of it.
 */
import * as HttpApiError from "@effect/platform/HttpApiError"
import * as HttpServerError from "@effect/platform/HttpServerError"
import * as HttpServerResponse from "@effect/platform/HttpServerResponse"
import { FieldIssue, InvalidInput } from "@leadfactory/core"
import { Cause, Effect, Option, Predicate } from "effect"
import { isDatabaseUnreachable } from "./DatabaseFailure.js"
import {
  DatabaseUnavailable,
  type ErrorBody,
  type ErrorTag,
  errorStatus,
  InternalError,
  isErrorTag,
  PayloadTooLarge,
  RateLimited,
  RouteNotFound,
  toErrorBody
} from "./HttpErrors.js"

type KnownError = { readonly _tag: ErrorTag; readonly message: string }

const isKnownError = (u: unknown): u is KnownError =>
  Predicate.hasProperty(u, "_tag") && isErrorTag(u._tag) && Predicate.hasProperty(u, "message") &&
  typeof u.message === "string"

/** The JSON answer of a known error, with the headers its status calls for. */
export const answerWith = (error: KnownError): HttpServerResponse.HttpServerResponse => {
  const { status } = errorStatus[error._tag]
  const headers: Record<string, string> = {}
  if (status === 401) headers["www-authenticate"] = "Bearer"
  if (error instanceof RateLimited) headers["retry-after"] = String(error.retry_after)
  return HttpServerResponse.unsafeJson(toErrorBody(error) satisfies ErrorBody, { status, headers })
}

/** Effect's parse messages, rewritten for people and without echoing the value (it may be a password). */
const humanMessage = (message: string): string => {
  if (message === "is missing") return "is required"
  if (message === "is unexpected") return "is not allowed"
  const expected = /^Expected (.+?), actual /s.exec(message)?.[1]
  if (expected === undefined) return message.split("\n")[0]!
  if (/^"[^"]*"( \| "[^"]*")*$/.test(expected)) return `must be one of ${expected.replaceAll("\"", "").replaceAll(" | ", ", ")}`
  const kinds: Record<string, string> = {
    string: "must be text",
    number: "must be a number",
    boolean: "must be true or false",
    UUID: "must be a UUID",
    Date: "must be a date",
    null: "must be null",
    object: "must be an object",
    ReadonlyArray: "must be a list"
  }
  for (const [kind, text] of Object.entries(kinds)) if (expected.startsWith(kind)) return text
  if (/^\{/.test(expected) || /^[A-Z]\w*( \(Encoded side\))?$/.test(expected)) return "must be a JSON object"
  return "has an invalid value"
}

/**
 * One message per field: a value that fails every member of a union (`null` or text) yields one
 * issue per member, said here as "must be text or null".
 */
const mergeMessages = (messages: ReadonlyArray<string>): string => {
  const distinct = [...new Set(messages)]
  if (distinct.length === 1) return distinct[0]!
  const kinds = distinct.filter((message) => message.startsWith("must be ")).map((message) => message.slice(8))
  return kinds.length > 0 ? `must be ${kinds.join(" or ")}` : distinct.join("; ")
}

/** The platform's decode failure of a body, path or query, as InvalidInput with one issue per field. */
export const invalidInputFromDecodeError = (error: HttpApiError.HttpApiDecodeError): InvalidInput => {
  const byField = new Map<string, Array<string>>()
  for (const issue of error.issues) {
    const field = issue.path.map(String).join(".") || "body"
    byField.set(field, [...(byField.get(field) ?? []), humanMessage(issue.message)])
  }
  const errors = [...byField].map(([field, messages]) => new FieldIssue({ field, message: mergeMessages(messages) }))
  const summary = errors.map((issue) => `${issue.field} ${issue.message}`)
  return new InvalidInput({ message: `Invalid request: ${summary.join("; ")}.`, errors })
}

const malformedBody = (reason: string) =>
  new InvalidInput({ message: `The request body is not valid ${reason}.`, errors: [new FieldIssue({ field: "body", message: `is not valid ${reason}` })] })

const isRequestError = (u: unknown): u is HttpServerError.RequestError =>
  HttpServerError.isServerError(u) && u._tag === "RequestError"

/** The answer to a failed request, and whether its cause must be logged. */
const classify = (
  squashed: unknown,
  maxJsonBytes: number
): { readonly error: KnownError; readonly log: "none" | "warning" | "error" } => {
  if (HttpServerError.isServerError(squashed) && squashed._tag === "RouteNotFound") {
    const path = squashed.request.url.split("?")[0]
    return { error: new RouteNotFound({ message: `There is no endpoint ${squashed.request.method} ${path}.` }), log: "none" }
  }
  if (isKnownError(squashed)) return { error: squashed, log: "none" }
  if (squashed instanceof HttpApiError.HttpApiDecodeError) return { error: invalidInputFromDecodeError(squashed), log: "none" }
  if (isRequestError(squashed)) {
    const cause = squashed.cause
    if (cause instanceof Error && cause.message === "maxBytes exceeded") return { error: PayloadTooLarge.of(maxJsonBytes), log: "none" }
    if (cause instanceof SyntaxError) return { error: malformedBody("JSON"), log: "none" }
    return { error: malformedBody("for its content type"), log: "warning" }
  }
  if (isDatabaseUnreachable(squashed)) return { error: DatabaseUnavailable.default(), log: "error" }
  return { error: InternalError.default(), log: "error" }
}

/** Wraps the API: every failure becomes an answer (interruption by a client that left stays as is). */
export const answerFailures = (maxJsonBytes: number) =>
<E, R>(app: Effect.Effect<HttpServerResponse.HttpServerResponse, E, R>) =>
  Effect.catchAllCause(app, (cause) => {
    if (Cause.isInterruptedOnly(cause)) return Effect.failCause(cause as Cause.Cause<never>)
    const squashed = Option.getOrElse(Cause.failureOption(cause), () => Cause.squash(cause))
    const { error, log } = classify(squashed, maxJsonBytes)
    const response = answerWith(error)
    if (log === "none") return Effect.succeed(response)
    const logged = log === "warning"
      ? Effect.logWarning(`Request failed: ${error._tag}`, cause)
      : Effect.logError(`Request failed: ${error._tag}`, cause)
    return Effect.as(logged, response)
  })
