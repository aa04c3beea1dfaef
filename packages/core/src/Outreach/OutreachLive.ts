/**
 * The Outreach service over the stores and the provider adapters. The outreach store is looked up
 * at construction: a store layer without it (an in-memory test double) gives a service whose calls
 * die with a clear message instead of a server that cannot start.
 */
import { randomUUID } from "node:crypto"
import { Clock, Effect, Layer, Option, Redacted, Stream } from "effect"
import { LeadFactoryConfig } from "../Config.js"
import { InvalidInput, NotFound } from "../Errors.js"
import type { Lead, LeadFilter } from "../Lead.js"
import { CampaignStore } from "../ports/CampaignStore.js"
import { LeadStore } from "../ports/LeadStore.js"
import { SuppressionStore } from "../ports/SuppressionStore.js"
import type { UserId } from "../User.js"
import { Outreach } from "./Outreach.js"
import {
  Integration,
  LaunchResult,
  OutreachCampaign,
  type OutreachCampaignId,
  type OutreachCampaignRecord,
  type OutreachProviderName,
  OutreachStats,
  type ProviderError,
  type SequenceStep
} from "./OutreachCampaign.js"
import { type OutreachLead, OutreachProviders, type ProviderCredentials } from "./OutreachProvider.js"
import { type OutreachProgress, OutreachStore, type StoredIntegration } from "./OutreachStore.js"
import { makeSecretBox } from "./SecretBox.js"
import { TEMPLATES } from "./Templates.js"

const validEmail = /^[^\s@]+@[^\s@]+\.[^\s@]+$/

const toPublic = (record: OutreachCampaignRecord): OutreachCampaign =>
  new OutreachCampaign({
    id: record.id,
    campaign_id: record.campaign_id,
    name: record.name,
    provider: record.provider,
    provider_campaign_id: record.provider_campaign_id,
    status: record.status,
    leads_pushed: record.leads_pushed,
    error_message: record.error_message,
    created_at: record.created_at,
    updated_at: record.updated_at
  })

const toIntegration = (stored: StoredIntegration): Integration =>
  new Integration({
    provider: stored.provider,
    key_last4: stored.key_last4,
    url: stored.webhook_url,
    updated_at: stored.updated_at
  })

/** The last four characters, all the API ever shows of a key. */
const lastFour = (key: string) => key.slice(-4)

const toOutreachLead = (lead: Lead & { readonly email: string }): OutreachLead => {
  const [first = "", ...rest] = lead.name.trim().split(/\s+/)
  return {
    lead_id: lead.id,
    email: lead.email,
    first_name: first,
    last_name: rest.join(" "),
    name: lead.name,
    fund: lead.fund,
    role: lead.role,
    score: lead.score,
    tier: lead.tier
  }
}

const isUrl = (value: string) => {
  if (!URL.canParse(value)) return false
  const protocol = new URL(value).protocol
  return protocol === "https:" || protocol === "http:"
}

export const OutreachLive = Layer.effect(
  Outreach,
  Effect.gen(function*() {
    const config = yield* LeadFactoryConfig
    const campaigns = yield* CampaignStore
    const leads = yield* LeadStore
    const suppressions = yield* SuppressionStore
    const providers = yield* OutreachProviders
    const storeOption = yield* Effect.serviceOption(OutreachStore)
    const box = makeSecretBox(config.secretKey)
    // One launch at a time per outreach campaign in this process, so that a double click cannot
    // create the provider's campaign twice; claimed leads keep pushes apart across processes too.
    const launchLocks = new Map<string, Effect.Semaphore>()
    const launchLock = (id: OutreachCampaignId) => {
      let lock = launchLocks.get(id)
      if (lock === undefined) {
        lock = Effect.unsafeMakeSemaphore(1)
        launchLocks.set(id, lock)
      }
      return lock
    }

    const store: Effect.Effect<OutreachStore> = Option.match(storeOption, {
      onNone: () => Effect.dieMessage("The store layer does not provide the OutreachStore (use @leadfactory/store-sql)."),
      onSome: Effect.succeed
    })
    const now = Effect.map(Clock.currentTimeMillis, (millis) => new Date(millis))

    const credentialsFor = (userId: UserId, provider: OutreachProviderName) =>
      Effect.flatMap(store, (s) => s.findIntegration(userId, provider)).pipe(
        Effect.flatMap(
          Option.match({
            onNone: () =>
              Effect.fail(
                InvalidInput.field("provider", `No ${provider} key is stored; PUT /api/users/integrations/${provider} first.`)
              ),
            onSome: (stored): Effect.Effect<ProviderCredentials> =>
              Effect.sync(() => ({
                apiKey: box.open(stored.api_key_encrypted),
                url: stored.webhook_url,
                secret: stored.webhook_secret_encrypted === null ? null : box.open(stored.webhook_secret_encrypted)
              }))
          })
        )
      )

    const owned = (userId: UserId, id: OutreachCampaignId) =>
      Effect.flatMap(store, (s) => s.findForUser(id, userId)).pipe(
        Effect.flatMap(Option.match({ onNone: () => Effect.fail(NotFound.of("Outreach campaign")), onSome: Effect.succeed }))
      )

    const progress = (id: OutreachCampaignId, change: Omit<OutreachProgress, "updated_at">) =>
      Effect.all([store, now]).pipe(Effect.flatMap(([s, at]) => s.updateProgress(id, { ...change, updated_at: at })))

    /** The record with its provider id, or InvalidInput when the provider never created it. */
    const created = (record: OutreachCampaignRecord) =>
      record.provider_campaign_id === null
        ? Effect.fail(InvalidInput.field("id", "The provider has not created this campaign yet; launch it again."))
        : Effect.succeed(record.provider_campaign_id)

    const resolveSteps = (steps: ReadonlyArray<SequenceStep> | undefined, template: string | undefined) => {
      if (steps !== undefined && template !== undefined) {
        return Effect.fail(InvalidInput.field("template", "Give either steps or template, not both."))
      }
      if (steps !== undefined) return Effect.succeed(steps)
      if (template === undefined) return Effect.fail(InvalidInput.field("steps", "Give steps or a template."))
      const found = TEMPLATES.find((candidate) => candidate.id === template)
      return found === undefined
        ? Effect.fail(InvalidInput.field("template", `Unknown template "${template}"; see GET /api/outreach/templates.`))
        : Effect.succeed(found.steps)
    }

    const setStatus = (userId: UserId, id: OutreachCampaignId, action: "start" | "pause") =>
      Effect.gen(function*() {
        const record = yield* owned(userId, id)
        const providerId = yield* created(record)
        const adapter = providers.forProvider(record.provider, yield* credentialsFor(userId, record.provider))
        yield* action === "start" ? adapter.start(providerId) : adapter.pause(providerId)
        yield* progress(id, { status: action === "start" ? "active" : "paused", error_message: null })
        return toPublic(yield* owned(userId, id))
      })

    return Outreach.of({
      putIntegration: (userId, provider, input) =>
        Effect.gen(function*() {
          if (provider === "webhook") {
            if (input.url === undefined || !isUrl(input.url)) {
              return yield* InvalidInput.field("url", "A webhook needs an http(s) url.")
            }
            if (input.secret === undefined) return yield* InvalidInput.field("secret", "A webhook needs a secret to sign with.")
          } else if (input.api_key === undefined) {
            return yield* InvalidInput.field("api_key", `A ${provider} integration needs its api_key.`)
          }
          const shown = input.api_key ?? input.secret ?? ""
          const stored: StoredIntegration = {
            user_id: userId,
            provider,
            api_key_encrypted: box.seal(Redacted.make(input.api_key ?? "")),
            key_last4: lastFour(shown),
            webhook_url: provider === "webhook" ? input.url ?? null : null,
            webhook_secret_encrypted: provider === "webhook" && input.secret !== undefined
              ? box.seal(Redacted.make(input.secret))
              : null,
            updated_at: yield* now
          }
          yield* Effect.flatMap(store, (s) => s.putIntegration(stored))
          return toIntegration(stored)
        }),

      listIntegrations: (userId) =>
        Effect.flatMap(store, (s) => s.listIntegrations(userId)).pipe(Effect.map((all) => all.map(toIntegration))),

      launch: (userId, request) =>
        Effect.gen(function*() {
          const s = yield* store
          const campaign = yield* campaigns.findForUser(request.campaign_id, userId)
          if (Option.isNone(campaign)) return yield* NotFound.of("Campaign")
          const steps = yield* resolveSteps(request.steps, request.template)
          const adapter = providers.forProvider(request.provider, yield* credentialsFor(userId, request.provider))
          const at = yield* now
          const inserted = yield* s.insertOrFind({
            id: randomUUID() as OutreachCampaignId,
            user_id: userId,
            campaign_id: request.campaign_id,
            name: request.name,
            provider: request.provider,
            provider_campaign_id: null,
            status: "pushing",
            leads_pushed: 0,
            error_message: null,
            from_email: request.from_email,
            from_name: request.from_name,
            steps,
            created_at: at,
            updated_at: at
          })
          return yield* launchLock(inserted.id).withPermits(1)(
            Effect.gen(function*() {
              // Read again under the lock: the launch that held it may have created the provider's campaign.
              const record = yield* owned(userId, inserted.id)
              // A failure is recorded with how far the push got, then answered; the next launch resumes.
              const recordFailure = (error: ProviderError) =>
                progress(record.id, { status: "failed", error_message: error.message })

              let providerId = record.provider_campaign_id
              if (providerId === null) {
                providerId = yield* adapter.createCampaign({
                  outreach_campaign_id: record.id,
                  name: record.name,
                  from_email: record.from_email,
                  from_name: record.from_name,
                  steps: record.steps
                }).pipe(Effect.tapError(recordFailure))
                yield* progress(record.id, { provider_campaign_id: providerId })
              }
              const sending = record.status === "active" || record.status === "paused"
              if (!sending) yield* progress(record.id, { status: "pushing", error_message: null })

              const filter: LeadFilter = {
                has_email: true,
                min_score: request.min_score,
                tier: request.tiers !== undefined && request.tiers.length > 0 ? request.tiers : undefined
              }
              const target = providerId
              const pushBatch = (batch: ReadonlyArray<Lead & { readonly email: string }>) =>
                Effect.gen(function*() {
                  const suppressed = yield* suppressions.filterSuppressed(batch.map((lead) => lead.email.toLowerCase()))
                  const allowed = batch.filter((lead) => !suppressed.has(lead.email.toLowerCase()))
                  // Claimed before the push: a launch running at the same time skips these leads.
                  const claimed = yield* s.claimLeads(record.id, allowed.map((lead) => lead.id), yield* now)
                  const fresh = allowed.filter((lead) => claimed.has(lead.id))
                  if (fresh.length === 0) return 0
                  yield* adapter.addLeads(target, fresh.map(toOutreachLead)).pipe(
                    Effect.tapError(() => Effect.flatMap(now, (at) => s.releaseLeads(record.id, fresh.map((lead) => lead.id), at)))
                  )
                  return fresh.length
                })
              const added = yield* leads.stream(request.campaign_id, filter).pipe(
                Stream.filter((lead): lead is Lead & { readonly email: string } =>
                  !lead.opted_out && lead.email !== null && validEmail.test(lead.email)
                ),
                Stream.grouped(adapter.batchSize),
                Stream.mapEffect((chunk) => pushBatch([...chunk])),
                Stream.runFold(0, (total, count) => total + count),
                Effect.tapError(recordFailure)
              )
              yield* progress(record.id, { status: sending ? record.status : "ready", error_message: null })
              return new LaunchResult({ outreach_campaign: toPublic(yield* owned(userId, record.id)), leads_added: added })
            })
          )
        }),

      list: (userId, campaignId) =>
        Effect.gen(function*() {
          if (Option.isNone(yield* campaigns.findForUser(campaignId, userId))) return yield* NotFound.of("Campaign")
          const records = yield* Effect.flatMap(store, (s) => s.listForCampaign(campaignId, userId))
          return records.map(toPublic)
        }),

      start: (userId, id) => setStatus(userId, id, "start"),
      pause: (userId, id) => setStatus(userId, id, "pause"),

      stats: (userId, id) =>
        Effect.gen(function*() {
          const record = yield* owned(userId, id)
          const providerId = yield* created(record)
          const adapter = providers.forProvider(record.provider, yield* credentialsFor(userId, record.provider))
          const figures = yield* adapter.stats(providerId)
          return new OutreachStats({ outreach_campaign: toPublic(record), ...figures })
        }),

      templates: () => TEMPLATES
    })
  })
)
