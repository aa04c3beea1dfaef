/** The OutreachProviders of core over the three adapters, with base URLs and retry policy to override in tests. */
import { OutreachProviders } from "@leadfactory/core"
import { Layer } from "effect"
import * as InstantlyProvider from "./InstantlyProvider.js"
import { DEFAULT_RETRY, type RetryPolicy } from "./internal/providerRequest.js"
import * as SmartleadProvider from "./SmartleadProvider.js"
import * as WebhookProvider from "./WebhookProvider.js"

export interface OutreachProvidersOptions {
  /** Default https://api.instantly.ai. */
  readonly instantlyBaseUrl?: string | undefined
  /** Default https://server.smartlead.ai/api/v1. */
  readonly smartleadBaseUrl?: string | undefined
  /** Retries on 429/5xx; default 5 attempts from 0.5 s doubling, waits capped at 30 s. */
  readonly retry?: RetryPolicy | undefined
  /**
   * Let webhooks reach loopback and private addresses. Off by default, so that a user's webhook URL
   * cannot make the server call into its own network; `LF_WEBHOOK_ALLOW_PRIVATE=1` turns it on.
   */
  readonly allowPrivateWebhooks?: boolean | undefined
}

export const layer = (options: OutreachProvidersOptions = {}): Layer.Layer<OutreachProviders> =>
  Layer.succeed(
    OutreachProviders,
    OutreachProviders.of({
      forProvider: (name, credentials) => {
        const retry = options.retry ?? DEFAULT_RETRY
        switch (name) {
          case "instantly":
            return InstantlyProvider.make(credentials, { baseUrl: options.instantlyBaseUrl, retry })
          case "smartlead":
            return SmartleadProvider.make(credentials, { baseUrl: options.smartleadBaseUrl, retry })
          case "webhook":
            return WebhookProvider.make(credentials, retry, {
              allowPrivateAddresses: options.allowPrivateWebhooks ?? process.env["LF_WEBHOOK_ALLOW_PRIVATE"] === "1"
            })
        }
      }
    })
  )
