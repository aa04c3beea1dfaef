/**
 * The webhook adapter: POSTs events and batches of leads as JSON to the user's URL, signed with
 * HMAC-SHA256 so that any tool (n8n, Zapier, a CRM) can check that LeadFactory sent them.
 *
 * Headers: `X-LeadFactory-Timestamp: <unix seconds>` and `X-LeadFactory-Signature: sha256=<hex>`,
 * the HMAC of `<timestamp>.<body>` under the webhook secret (see docs/outreach.md to verify it).
 */
import type { OutreachLead, OutreachProvider, ProviderCredentials } from "@leadfactory/core"
import { ProviderError } from "@leadfactory/core"
import { Clock, Effect, Redacted } from "effect"
import { createHmac } from "node:crypto"
import { DEFAULT_RETRY, type RetryPolicy, sendJson } from "./internal/providerRequest.js"
import { ensurePublicDestination } from "./internal/publicDestination.js"

export const BATCH_SIZE = 100

export const SIGNATURE_HEADER = "X-LeadFactory-Signature"
export const TIMESTAMP_HEADER = "X-LeadFactory-Timestamp"

/** `sha256=<hex>` over `<timestamp>.<body>`: what a receiver recomputes and compares. */
export const signature = (secret: string, timestamp: string, body: string): string =>
  `sha256=${createHmac("sha256", secret).update(`${timestamp}.${body}`).digest("hex")}`

export interface WebhookOptions {
  /** Allow URLs that resolve to loopback or private addresses (tests, on-premise receivers). */
  readonly allowPrivateAddresses?: boolean | undefined
}

export const make = (
  credentials: ProviderCredentials,
  retry: RetryPolicy = DEFAULT_RETRY,
  options: WebhookOptions = {}
): OutreachProvider => {
  const post = (payload: Record<string, unknown>) =>
    Effect.gen(function*() {
      if (credentials.url === null || credentials.secret === null) {
        return yield* new ProviderError({ provider: "webhook", status: 0, message: "The webhook has no url or secret stored." })
      }
      if (options.allowPrivateAddresses !== true) yield* ensurePublicDestination(credentials.url)
      const timestamp = String(Math.floor((yield* Clock.currentTimeMillis) / 1000))
      const body = JSON.stringify(payload)
      const apiKey = Redacted.value(credentials.apiKey)
      yield* sendJson("webhook", "The webhook", retry, {
        method: "POST",
        url: credentials.url,
        headers: {
          [TIMESTAMP_HEADER]: timestamp,
          [SIGNATURE_HEADER]: signature(Redacted.value(credentials.secret), timestamp, body),
          ...(apiKey === "" ? {} : { authorization: `Bearer ${apiKey}` })
        },
        body
      })
    })

  return {
    batchSize: BATCH_SIZE,
    // The receiver has no campaign of its own: our outreach campaign's id stands for it.
    createCampaign: (campaign) =>
      post({ event: "campaign.created", ...campaign }).pipe(Effect.as(campaign.outreach_campaign_id)),
    addLeads: (id, leads: ReadonlyArray<OutreachLead>) =>
      post({ event: "leads.added", outreach_campaign_id: id, leads }),
    start: (id) => post({ event: "campaign.started", outreach_campaign_id: id }),
    pause: (id) => post({ event: "campaign.paused", outreach_campaign_id: id }),
    // A webhook reports nothing back.
    stats: () => Effect.succeed({ sent: null, opened: null, replied: null, bounced: null })
  }
}
