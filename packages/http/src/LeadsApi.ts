/** The leads endpoints: list with filters and paging, export as CSV, stats, freshness and opt-outs. */
import * as HttpApiEndpoint from "@effect/platform/HttpApiEndpoint"
import * as HttpApiGroup from "@effect/platform/HttpApiGroup"
import * as HttpApiSchema from "@effect/platform/HttpApiSchema"
import * as OpenApi from "@effect/platform/OpenApi"
import {
  CampaignId,
  EmailStatus,
  LeadFreshness,
  LeadId,
  LeadPage,
  LeadSortBy,
  LeadStats,
  OptOutResult,
  PublicOptOutResult,
  SortDir,
  Tier
} from "@leadfactory/core"
import { Schema } from "effect"
import { Authentication } from "./Authentication.js"
import { Errors } from "./HttpErrors.js"
import {
  BooleanParam,
  IntParam,
  ListOfParam,
  NumberParam,
  OneOfParam,
  reportingAllIssues,
  TextParam,
  withDefault
} from "./QueryParams.js"

const CampaignIdParam = CampaignId.annotations({ message: () => "must be a UUID", description: "The campaign's id." })

/** The filters shared by the list and the export (api.md). */
const LeadFilterParams = {
  campaign_id: CampaignIdParam,
  tier: Schema.optional(ListOfParam(Tier.literals)),
  min_score: Schema.optional(NumberParam(0, 100)),
  has_email: Schema.optional(BooleanParam),
  email_verified: Schema.optional(BooleanParam),
  email_status: Schema.optional(OneOfParam(EmailStatus.literals)),
  fund: Schema.optional(TextParam),
  sector: Schema.optional(TextParam),
  stage: Schema.optional(TextParam),
  check_size: Schema.optional(TextParam),
  hq: Schema.optional(TextParam),
  search: Schema.optional(TextParam)
}

export const LeadListParams = Schema.Struct({
  ...LeadFilterParams,
  sort_by: withDefault(OneOfParam(LeadSortBy.literals), "score"),
  sort_dir: withDefault(OneOfParam(SortDir.literals), "desc"),
  page: withDefault(IntParam(1, 1_000_000), 1),
  per_page: withDefault(IntParam(1, 200), 50),
  cursor: Schema.optional(Schema.String.pipe(Schema.maxLength(1000, { message: () => "is not a valid cursor" })))
})

export const LeadExportParams = Schema.Struct(LeadFilterParams)

export const CampaignParams = reportingAllIssues(Schema.Struct({
  campaign_id: CampaignIdParam
}))

export const OptOutParams = reportingAllIssues(Schema.Struct({
  email: Schema.String.pipe(Schema.maxLength(254, { message: () => "must be at most 254 characters" }))
}))

const LeadPath = Schema.Struct({ id: LeadId.annotations({ message: () => "must be a UUID" }) })

export class LeadsApi extends HttpApiGroup.make("leads")
  .add(
    HttpApiEndpoint.get("list", "/")
      .setUrlParams(reportingAllIssues(LeadListParams))
      .addSuccess(LeadPage)
      .addError(Errors.NotFound)
      .annotate(OpenApi.Summary, "A page of a campaign's leads")
      .annotate(
        OpenApi.Description,
        "Page with `page` (OFFSET) or with `cursor` (the previous page's `next_cursor`; keyset, stable under inserts). Opted-out leads are hidden."
      )
  )
  .add(
    HttpApiEndpoint.get("export", "/export")
      .setUrlParams(reportingAllIssues(LeadExportParams))
      .addSuccess(HttpApiSchema.Text({ contentType: "text/csv" }).annotations({ description: "The crawler's CSV." }))
      .addError(Errors.NotFound)
      .annotate(OpenApi.Summary, "Export a campaign's leads as CSV, streamed, ordered by score")
  )
  .add(
    HttpApiEndpoint.get("stats", "/stats")
      .setUrlParams(CampaignParams)
      .addSuccess(LeadStats)
      .addError(Errors.NotFound)
      .annotate(OpenApi.Summary, "Lead counts and tiers of a campaign")
  )
  .add(
    HttpApiEndpoint.get("freshness", "/freshness")
      .setUrlParams(CampaignParams)
      .addSuccess(LeadFreshness)
      .addError(Errors.NotFound)
      .annotate(OpenApi.Summary, "How recently a campaign's leads were verified and crawled")
  )
  .add(
    HttpApiEndpoint.post("optOut", "/:id/optout")
      .setPath(LeadPath)
      .addSuccess(OptOutResult)
      .addError(Errors.NotFound)
      .annotate(OpenApi.Summary, "Opt a lead out; its address is suppressed from later imports")
  )
  .middleware(Authentication)
  .prefix("/leads")
  .annotate(OpenApi.Title, "Leads")
{}

export class OptOutApi extends HttpApiGroup.make("optout")
  .add(
    HttpApiEndpoint.get("optOutByEmail", "/optout")
      .setUrlParams(OptOutParams)
      .addSuccess(PublicOptOutResult)
      .annotate(OpenApi.Summary, "Public opt-out by email address (no sign-in)")
      .annotate(OpenApi.Description, "The answer is the same whether or not the address is known.")
  )
  .prefix("/leads")
  .annotate(OpenApi.Title, "Opt-out")
{}
