/**
 * The LeadFactory HTTP API, defined once: every endpoint of api.md under /api with its payload,
 * answers and error statuses. The server, the OpenAPI document and the docs page come from it.
 */
import * as HttpApi from "@effect/platform/HttpApi"
import * as OpenApi from "@effect/platform/OpenApi"
import { CampaignsApi } from "./CampaignsApi.js"
import { Errors } from "./HttpErrors.js"
import { LeadsApi, OptOutApi } from "./LeadsApi.js"
import { IntegrationsApi, OutreachApi } from "./OutreachApi.js"
import { RunsApi } from "./RunsApi.js"
import { HealthApi, StatsApi } from "./StatsApi.js"
import { SessionApi, UsersApi } from "./UsersApi.js"
import { VerticalsApi } from "./VerticalsApi.js"

export class LeadFactoryApi extends HttpApi.make("leadfactory")
  .add(SessionApi)
  .add(UsersApi)
  .add(CampaignsApi)
  .add(RunsApi)
  .add(LeadsApi)
  .add(OptOutApi)
  .add(VerticalsApi)
  .add(StatsApi)
  .add(HealthApi)
  .add(OutreachApi)
  .add(IntegrationsApi)
  .addError(Errors.InvalidInput)
  .addError(Errors.InternalError)
  .addError(Errors.DatabaseUnavailable)
  .prefix("/api")
  .annotate(OpenApi.Title, "LeadFactory API")
  .annotate(OpenApi.Version, "1.0.0")
  .annotate(
    OpenApi.Description,
    "Accounts, campaigns, leads and credits. Errors are `{detail, code}` (plus `errors` for invalid input)."
  )
  .annotate(OpenApi.Transform, (spec) => withoutDecodeErrorSchema(spec))
{}

const DECODE_ERROR_REF = "#/components/schemas/HttpApiDecodeError"

/** A copy of a JSON value without the platform's decode error and without duplicate built-in `$id`s. */
const strip = (node: unknown): unknown => {
  if (Array.isArray(node)) return node.map(strip)
  if (node === null || typeof node !== "object") return node
  const object: Record<string, unknown> = Object.fromEntries(
    Object.entries(node).map(([key, value]) => [key, strip(value)])
  )
  // Effect names `unknown` and `any` with a fixed $id; two of them in one document are invalid.
  if (typeof object.$id === "string" && object.$id.startsWith("/schemas/")) delete object.$id
  for (const key of ["anyOf", "oneOf"]) {
    const members = object[key]
    if (!Array.isArray(members)) continue
    const kept = members.filter((member) => (member as { $ref?: unknown } | null)?.$ref !== DECODE_ERROR_REF)
    if (kept.length === 1 && Object.keys(object).length === 1) return kept[0]
    object[key] = kept
  }
  return object
}

/**
 * The platform declares its own decode error on every endpoint; the server answers those failures
 * with the InvalidInput body instead (see ErrorAnswers), so the document drops that schema.
 */
const withoutDecodeErrorSchema = (spec: Record<string, unknown>): Record<string, unknown> => {
  const stripped = strip(spec) as OpenApi.OpenAPISpec
  for (const operations of Object.values(stripped.paths)) {
    for (const operation of Object.values(operations)) {
      const invalid = operation?.responses[400]
      if (invalid !== undefined) invalid.description = "The request is malformed or a field is invalid."
    }
  }
  delete stripped.components.schemas.HttpApiDecodeError
  delete stripped.components.schemas.Issue
  return stripped as unknown as Record<string, unknown>
}
