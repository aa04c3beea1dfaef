/** The campaigns endpoints: create, list, read and delete a caller's campaigns, and import a CSV into one. */
import * as HttpApiEndpoint from "@effect/platform/HttpApiEndpoint"
import * as HttpApiGroup from "@effect/platform/HttpApiGroup"
import * as HttpApiSchema from "@effect/platform/HttpApiSchema"
import * as OpenApi from "@effect/platform/OpenApi"
import { Campaign, CampaignId, CampaignStatus, ImportSummary, NewCampaign, VerticalSlug } from "@leadfactory/core"
import { Schema } from "effect"
import { Authentication } from "./Authentication.js"
import { Errors } from "./HttpErrors.js"
import { IntParam, OneOfParam, reportingAllIssues, withDefault } from "./QueryParams.js"

export const CampaignPath = Schema.Struct({ id: CampaignId.annotations({ message: () => "must be a UUID" }) })

export const CampaignListParams = Schema.Struct({
  status: Schema.optional(OneOfParam(CampaignStatus.literals)),
  vertical: Schema.optional(OneOfParam(VerticalSlug.literals)),
  page: withDefault(IntParam(1, 1_000_000), 1),
  per_page: withDefault(IntParam(1, 100), 20)
})

export class CampaignList extends Schema.Class<CampaignList>("CampaignList")({
  campaigns: Schema.Array(Campaign),
  total: Schema.Number
}) {}

/** The upload's body as documented: the CSV itself, or a form with the CSV in field `file`. */
const CsvUpload = Schema.Union(
  HttpApiSchema.Text({ contentType: "text/csv" }).annotations({ description: "The crawler's CSV file." }),
  HttpApiSchema.Multipart(
    Schema.Struct({ file: Schema.String.annotations({ jsonSchema: { type: "string", format: "binary" } }) })
  ).annotations({ description: "A form whose field `file` is the CSV file." })
)

export class CampaignsApi extends HttpApiGroup.make("campaigns")
  .add(
    HttpApiEndpoint.post("create", "/")
      .setPayload(reportingAllIssues(NewCampaign))
      .addSuccess(Campaign, { status: 201 })
      .addError(Errors.UnknownVertical)
      .addError(Errors.InsufficientCredits)
      .addError(Errors.PayloadTooLarge)
      .annotate(OpenApi.Summary, "Create a campaign (status pending)")
  )
  .add(
    HttpApiEndpoint.get("list", "/")
      .setUrlParams(reportingAllIssues(CampaignListParams))
      .addSuccess(CampaignList)
      .annotate(OpenApi.Summary, "The caller's campaigns, newest first")
  )
  .add(
    HttpApiEndpoint.get("get", "/:id")
      .setPath(CampaignPath)
      .addSuccess(Campaign)
      .addError(Errors.NotFound)
      .annotate(OpenApi.Summary, "One campaign")
  )
  .add(
    HttpApiEndpoint.del("delete", "/:id")
      .setPath(CampaignPath)
      .addSuccess(HttpApiSchema.NoContent)
      .addError(Errors.NotFound)
      .addError(Errors.CampaignRunning)
      .annotate(OpenApi.Summary, "Delete a campaign and its leads")
  )
  .add(
    HttpApiEndpoint.post("import", "/:id/import")
      .setPath(CampaignPath)
      .setPayload(CsvUpload)
      .addSuccess(ImportSummary)
      .addError(Errors.InvalidCsv)
      .addError(Errors.NotFound)
      .addError(Errors.CampaignRunning)
      .addError(Errors.PayloadTooLarge)
      .annotate(OpenApi.Summary, "Import the crawler's CSV into the campaign")
      .annotate(
        OpenApi.Description,
        "Streams the file into the import pipeline (200 MB by default). Leads are deduplicated by email, else by name and fund; re-importing a file changes nothing."
      )
  )
  .middleware(Authentication)
  .prefix("/campaigns")
  .annotate(OpenApi.Title, "Campaigns")
{}
