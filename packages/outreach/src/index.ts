/**
 * @leadfactory/outreach: the outreach-provider adapters of @leadfactory/core: Instantly (API v2),
 * Smartlead (API v1) and a signed webhook, with retries on 429 and 5xx.
 */
export * as InstantlyProvider from "./InstantlyProvider.js"
export * as OutreachProvidersLive from "./OutreachProvidersLive.js"
export * as SmartleadProvider from "./SmartleadProvider.js"
export * as WebhookProvider from "./WebhookProvider.js"
export { DEFAULT_RETRY, retryAfterMs, type RetryPolicy } from "./internal/providerRequest.js"
