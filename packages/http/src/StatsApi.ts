/** The overview figures of the dashboard, and the health check. */
import * as HttpApiEndpoint from "@effect/platform/HttpApiEndpoint"
import * as HttpApiGroup from "@effect/platform/HttpApiGroup"
import * as OpenApi from "@effect/platform/OpenApi"
import { Overview } from "@leadfactory/core"
import { Schema } from "effect"
import { Authentication } from "./Authentication.js"

export class StatsApi extends HttpApiGroup.make("stats")
  .add(
    HttpApiEndpoint.get("overview", "/stats")
      .addSuccess(Overview)
      .annotate(OpenApi.Summary, "The caller's totals and recent campaigns")
  )
  .middleware(Authentication)
  .annotate(OpenApi.Title, "Stats")
{}

export class HealthStatus extends Schema.Class<HealthStatus>("HealthStatus")({
  status: Schema.Literal("ok"),
  database: Schema.Literal("ok")
}) {}

export class HealthApi extends HttpApiGroup.make("health")
  .add(
    HttpApiEndpoint.get("health", "/health")
      .addSuccess(HealthStatus)
      .annotate(OpenApi.Summary, "Checks the database (503 when it cannot be reached)")
  )
  .annotate(OpenApi.Title, "Health")
{}
