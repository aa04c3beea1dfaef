/**
 * The endpoints of campaign runs: queue a run (202), cancel it, and follow its progress as
 * server-sent events. The event stream also takes the credential as `?access_token=`, because a
 * browser's EventSource cannot send headers; no other endpoint does.
 */
import * as HttpApiEndpoint from "@effect/platform/HttpApiEndpoint"
import * as HttpApiGroup from "@effect/platform/HttpApiGroup"
import * as HttpApiMiddleware from "@effect/platform/HttpApiMiddleware"
import * as HttpApiSchema from "@effect/platform/HttpApiSchema"
import * as HttpApiSecurity from "@effect/platform/HttpApiSecurity"
import * as OpenApi from "@effect/platform/OpenApi"
import { Campaign } from "@leadfactory/core"
import { Authentication, CurrentUser, headerCredentials } from "./Authentication.js"
import { CampaignPath } from "./CampaignsApi.js"
import { Errors } from "./HttpErrors.js"

/** The Authentication of every endpoint, plus the token in the query string, for the event stream only. */
export class EventStreamAuthentication extends HttpApiMiddleware.Tag<EventStreamAuthentication>()(
  "EventStreamAuthentication",
  {
    failure: Errors.Unauthorized,
    provides: CurrentUser,
    security: {
      ...headerCredentials,
      accessToken: HttpApiSecurity.apiKey({ key: "access_token", in: "query" }).pipe(
        HttpApiSecurity.annotate(
          OpenApi.Description,
          "The same credential in the query string, for EventSource, which cannot send headers. Only this endpoint takes it; request logs leave query strings out."
        )
      )
    }
  }
) {}

export const EventStream = HttpApiSchema.Text({ contentType: "text/event-stream" }).annotations({
  description: "`event: campaign` with the campaign as JSON in `data`, each time it changes; the stream ends with the " +
    "first state that is not queued or running. Comment lines keep the connection alive."
})

export class RunsApi extends HttpApiGroup.make("runs")
  .add(
    HttpApiEndpoint.post("run", "/:id/run")
      .setPath(CampaignPath)
      .addSuccess(Campaign, { status: 202 })
      .addError(Errors.NotFound)
      .addError(Errors.CampaignRunning)
      .addError(Errors.InsufficientCredits)
      .middleware(Authentication)
      .annotate(OpenApi.Summary, "Queue a run of the campaign")
      .annotate(
        OpenApi.Description,
        "A worker runs the configured lead source (the crawl command, or a CSV of the import folder) and imports its " +
          "leads, 1 credit per new lead with an email. 400 when no lead source is configured, 402 when the balance is 0, " +
          "409 while the campaign is queued or running."
      )
  )
  .add(
    HttpApiEndpoint.post("cancel", "/:id/cancel")
      .setPath(CampaignPath)
      .addSuccess(Campaign)
      .addError(Errors.NotFound)
      .middleware(Authentication)
      .annotate(OpenApi.Summary, "Cancel the campaign's run")
      .annotate(
        OpenApi.Description,
        "A queued run is cancelled at once; a running one within about a second (its crawl is stopped). Without a run, nothing changes."
      )
  )
  .add(
    HttpApiEndpoint.get("events", "/:id/events")
      .setPath(CampaignPath)
      .addSuccess(EventStream)
      .addError(Errors.NotFound)
      .middleware(EventStreamAuthentication)
      .annotate(OpenApi.Summary, "The campaign's progress as server-sent events")
  )
  .prefix("/campaigns")
  .annotate(OpenApi.Title, "Campaign runs")
{}
