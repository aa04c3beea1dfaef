/**
 * The API's documentation: its OpenAPI document at /api/openapi.json, and the Swagger UI at
 * /api/docs. The Swagger page carries 2 MB of script; its module is loaded, and the page built, on
 * the first request for it, not at start: a server nobody reads the docs of keeps 15 MB less
 * resident memory.
 */
import * as HttpApiBuilder from "@effect/platform/HttpApiBuilder"
import { Effect, Layer } from "effect"
import { LeadFactoryApi } from "./Api.js"

export const OPENAPI_PATH = "/api/openapi.json"
export const DOCS_PATH = "/api/docs"

/** The Swagger UI as an app of one route, built once and then kept. */
const loadSwaggerApp = Effect.promise(() =>
  Promise.all([import("@effect/platform/HttpApiSwagger"), import("@effect/platform/HttpLayerRouter")])
).pipe(
  Effect.flatMap(([HttpApiSwagger, HttpLayerRouter]) =>
    HttpLayerRouter.toHttpEffect(HttpApiSwagger.layerHttpLayerRouter({ api: LeadFactoryApi, path: DOCS_PATH }))
  ),
  // The page's router holds no resource that needs closing.
  Effect.scoped
)

export const layerApiDocs = Layer.mergeAll(
  HttpApiBuilder.middlewareOpenApi({ path: OPENAPI_PATH }),
  HttpApiBuilder.Router.use((router) =>
    Effect.flatMap(Effect.cached(loadSwaggerApp), (swaggerApp) => router.get(DOCS_PATH, Effect.scoped(Effect.flatten(swaggerApp))))
  )
)
