/**
 * The outreach endpoints: launch a campaign's leads into a provider, start, pause and read the stats
 * of an outreach campaign, the built-in templates; and the user's provider keys under /users/integrations.
 */
import * as HttpApiEndpoint from "@effect/platform/HttpApiEndpoint"
import * as HttpApiGroup from "@effect/platform/HttpApiGroup"
import * as OpenApi from "@effect/platform/OpenApi"
import {
  CampaignId,
  Integration,
  LaunchRequest,
  LaunchResult,
  OutreachCampaign,
  OutreachCampaignId,
  OutreachProviderName,
  OutreachStats,
  OutreachTemplate,
  PutIntegration
} from "@leadfactory/core"
import { Schema } from "effect"
import { Authentication } from "./Authentication.js"
import { Errors } from "./HttpErrors.js"
import { reportingAllIssues } from "./QueryParams.js"

const OutreachPath = Schema.Struct({ id: OutreachCampaignId.annotations({ message: () => "must be a UUID" }) })

export class OutreachApi extends HttpApiGroup.make("outreach")
  .add(
    HttpApiEndpoint.get("list", "/")
      .setUrlParams(reportingAllIssues(Schema.Struct({ campaign_id: CampaignId.annotations({ message: () => "must be a UUID" }) })))
      .addSuccess(Schema.Array(OutreachCampaign))
      .addError(Errors.NotFound)
      .annotate(OpenApi.Summary, "The outreach campaigns of a campaign, newest first")
  )
  .add(
    HttpApiEndpoint.post("launch", "/launch")
      .setPayload(reportingAllIssues(LaunchRequest))
      .addSuccess(LaunchResult)
      .addError(Errors.NotFound)
      .addError(Errors.ProviderError)
      .addError(Errors.PayloadTooLarge)
      .annotate(OpenApi.Summary, "Push a campaign's leads into an outreach provider")
      .annotate(
        OpenApi.Description,
        "Leads with a valid email, not opted out or suppressed, matching min_score and tiers. Launching again with the same campaign, provider and name resumes: no lead is pushed twice."
      )
  )
  .add(
    HttpApiEndpoint.post("start", "/:id/start")
      .setPath(OutreachPath)
      .addSuccess(OutreachCampaign)
      .addError(Errors.NotFound)
      .addError(Errors.ProviderError)
      .annotate(OpenApi.Summary, "Start sending")
  )
  .add(
    HttpApiEndpoint.post("pause", "/:id/pause")
      .setPath(OutreachPath)
      .addSuccess(OutreachCampaign)
      .addError(Errors.NotFound)
      .addError(Errors.ProviderError)
      .annotate(OpenApi.Summary, "Pause sending")
  )
  .add(
    HttpApiEndpoint.get("stats", "/:id/stats")
      .setPath(OutreachPath)
      .addSuccess(OutreachStats)
      .addError(Errors.NotFound)
      .addError(Errors.ProviderError)
      .annotate(OpenApi.Summary, "The provider's figures for an outreach campaign")
  )
  .add(
    HttpApiEndpoint.get("templates", "/templates")
      .addSuccess(Schema.Array(OutreachTemplate))
      .annotate(OpenApi.Summary, "Built-in sequences per vertical, with {first_name}, {fund} and {role}")
  )
  .middleware(Authentication)
  .prefix("/outreach")
  .annotate(OpenApi.Title, "Outreach")
{}

export class IntegrationsApi extends HttpApiGroup.make("integrations")
  .add(
    HttpApiEndpoint.put("put", "/integrations/:provider")
      .setPath(Schema.Struct({ provider: OutreachProviderName }))
      .setPayload(reportingAllIssues(PutIntegration))
      .addSuccess(Integration)
      .addError(Errors.PayloadTooLarge)
      .annotate(OpenApi.Summary, "Store the key for a provider (encrypted; only its last four characters are shown)")
  )
  .add(
    HttpApiEndpoint.get("list", "/integrations")
      .addSuccess(Schema.Array(Integration))
      .annotate(OpenApi.Summary, "The caller's provider keys (never the keys themselves)")
  )
  .middleware(Authentication)
  .prefix("/users")
  .annotate(OpenApi.Title, "Integrations")
{}
