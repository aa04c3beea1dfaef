/** The reference server's settings, read from environment variables (docs/http.md lists them). */
import { RunSettings } from "@leadfactory/core"
import { DEFAULT_CORS_ORIGINS } from "./ApiMiddleware.js"
import { givenDatabaseUrl } from "./DatabaseScheme.js"
import { DEFAULT_AUTH_RATE_LIMIT, type LeadFactoryOptions } from "./LeadFactory.js"
import { DEFAULT_MAX_JSON_BYTES, DEFAULT_MAX_UPLOAD_BYTES } from "./Limits.js"
import { parseRateLimit, parseTrustProxy } from "./RateLimit.js"
import { DEFAULT_MAX_ACTIVE_REQUESTS } from "./RequestAdmission.js"

export interface ServerConfig {
  readonly port: number
  readonly host: string
  readonly databaseUrl: string
  /** The dashboard build to serve at `/`, when the folder exists. */
  readonly dashboardDir: string
  /** How long SIGTERM waits for requests in flight before closing their connections. */
  readonly shutdownGraceMs: number
  readonly leadFactory: LeadFactoryOptions
}

const positiveInteger = (name: string, text: string | undefined, fallback: number): number => {
  if (text === undefined || text.trim() === "") return fallback
  const value = Number(text)
  if (!Number.isInteger(value) || value <= 0) throw new Error(`${name} must be a positive whole number, got "${text}".`)
  return value
}

export const serverConfigFromEnv = (
  env: Readonly<Record<string, string | undefined>>,
  defaultDashboardDir: string
): ServerConfig => {
  const databaseUrl = givenDatabaseUrl(env.DATABASE_URL)
  const corsOrigins = env.LF_CORS_ORIGINS?.trim()
    ? env.LF_CORS_ORIGINS.split(",").map((origin) => origin.trim().replace(/\/$/, "")).filter((origin) => origin !== "")
    : DEFAULT_CORS_ORIGINS
  return {
    port: positiveInteger("PORT", env.PORT, 8000),
    host: env.HOST?.trim() || "127.0.0.1",
    databaseUrl,
    dashboardDir: env.LF_DASHBOARD_DIR?.trim() || defaultDashboardDir,
    shutdownGraceMs: positiveInteger("LF_SHUTDOWN_GRACE_MS", env.LF_SHUTDOWN_GRACE_MS, 10_000),
    leadFactory: {
      database: databaseUrl,
      corsOrigins,
      authRateLimit: env.LF_RATE_LIMIT_AUTH === undefined ? DEFAULT_AUTH_RATE_LIMIT : parseRateLimit(env.LF_RATE_LIMIT_AUTH),
      trustProxy: parseTrustProxy(env.LF_TRUST_PROXY),
      maxJsonBytes: positiveInteger("LF_MAX_JSON_BYTES", env.LF_MAX_JSON_BYTES, DEFAULT_MAX_JSON_BYTES),
      maxUploadBytes: positiveInteger("LF_MAX_UPLOAD_BYTES", env.LF_MAX_UPLOAD_BYTES, DEFAULT_MAX_UPLOAD_BYTES),
      maxActiveRequests: positiveInteger("LF_MAX_ACTIVE_REQUESTS", env.LF_MAX_ACTIVE_REQUESTS, DEFAULT_MAX_ACTIVE_REQUESTS),
      runs: { settings: RunSettings.optionsFromEnv(env), worker: env.LF_WORKER?.trim() !== "0" }
    }
  }
}
