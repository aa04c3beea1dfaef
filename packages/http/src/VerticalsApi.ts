/** The verticals endpoints: the four kinds of investor a campaign can crawl for. */
import * as HttpApiEndpoint from "@effect/platform/HttpApiEndpoint"
import * as HttpApiGroup from "@effect/platform/HttpApiGroup"
import * as OpenApi from "@effect/platform/OpenApi"
import { Vertical } from "@leadfactory/core"
import { Schema } from "effect"
import { Errors } from "./HttpErrors.js"

export class VerticalsApi extends HttpApiGroup.make("verticals")
  .add(
    HttpApiEndpoint.get("list", "/")
      .addSuccess(Schema.Array(Vertical))
      .annotate(OpenApi.Summary, "vc, pe, family_office and corp_dev")
  )
  .add(
    HttpApiEndpoint.get("get", "/:slug")
      .setPath(Schema.Struct({ slug: Schema.String }))
      .addSuccess(Vertical)
      .addError(Errors.VerticalNotFound)
      .annotate(OpenApi.Summary, "One vertical")
  )
  .prefix("/verticals")
  .annotate(OpenApi.Title, "Verticals")
{}
