/**
 * @leadfactory/http: LeadFactory's HTTP API (defined once with @effect/platform HttpApi, OpenAPI at
 * /api/openapi.json), the express router that mounts it, and the reference server.
 */
export { LeadFactoryApi } from "./Api.js"
export { DEFAULT_CORS_ORIGINS } from "./ApiMiddleware.js"
export { Authentication, CurrentUser } from "./Authentication.js"
export { attachmentHeader, CSV_HEADER, csvCell, csvRow } from "./CsvExport.js"
export { DEFAULT_DATABASE_URL } from "./DatabaseScheme.js"
export * from "./DatabaseUrl.js"
export {
  DatabaseUnavailable,
  type ErrorBody,
  errorStatus,
  InternalError,
  PayloadTooLarge,
  RateLimited,
  RouteNotFound,
  VerticalNotFound
} from "./HttpErrors.js"
export {
  createLeadFactory,
  createLeadFactoryRouter,
  DEFAULT_AUTH_RATE_LIMIT,
  layerLeadFactory,
  type LeadFactory,
  LeadFactoryStartError,
  type LeadFactoryOptions
} from "./LeadFactory.js"
export { DEFAULT_MAX_JSON_BYTES, DEFAULT_MAX_UPLOAD_BYTES } from "./Limits.js"
export { parseRateLimit, parseTrustProxy, type RateLimitSettings, type TrustProxy } from "./RateLimit.js"
export { jsonLine, layerJsonLogger } from "./LogLines.js"
export { requestLog } from "./RequestLog.js"
export { EventStreamAuthentication, RunsApi } from "./RunsApi.js"
export { layerRuns, type RunsOptions } from "./RunsHttp.js"
export { makeApp, type RunningServer, startServer } from "./Server.js"
export { type ServerConfig, serverConfigFromEnv } from "./ServerConfig.js"
