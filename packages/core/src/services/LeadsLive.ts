/** The Leads service: every read goes through a campaign the caller owns; opt-outs also feed the suppression list. */
import { DateTime, Effect, Layer, Option, Schema } from "effect"
import type { CampaignId } from "../Campaign.js"
import { NotFound } from "../Errors.js"
import { decodeInput } from "../internal/decodeInput.js"
import { clampPage } from "../internal/paging.js"
import { toCampaign } from "../internal/projections.js"
import { withServiceSpan } from "../internal/serviceSpan.js"
import { LeadPage } from "../Lead.js"
import { CampaignStore } from "../ports/CampaignStore.js"
import { LeadStore } from "../ports/LeadStore.js"
import { SuppressionStore } from "../ports/SuppressionStore.js"
import { Transactor } from "../ports/Transactor.js"
import { Email, type UserId } from "../User.js"
import { Leads, OptOutResult, PublicOptOutResult } from "./Leads.js"

/** The API's limit for `GET /api/leads`. */
export const MAX_LEADS_PER_PAGE = 200

const decodeOptOutRequest = decodeInput(Schema.Struct({ email: Email }))

const PUBLIC_OPT_OUT_MESSAGE = "This address has been opted out and will not be contacted again."

export const LeadsLive: Layer.Layer<Leads, never, LeadStore | CampaignStore | SuppressionStore | Transactor> = Layer
  .effect(
    Leads,
    Effect.gen(function*() {
      const leads = yield* LeadStore
      const campaigns = yield* CampaignStore
      const suppression = yield* SuppressionStore
      const transactor = yield* Transactor

      /** Someone else's campaign is NotFound, exactly like a missing one. */
      const ownedCampaign = (userId: UserId, campaignId: CampaignId) =>
        campaigns.findForUser(campaignId, userId).pipe(
          Effect.flatMap(Option.match({
            onNone: () => Effect.fail(NotFound.of("Campaign")),
            onSome: Effect.succeed
          }))
        )

      /** ownedCampaign where only the answer matters, not the campaign: nothing is read but the owner. */
      const checkOwned = (userId: UserId, campaignId: CampaignId) =>
        campaigns.isOwnedBy(campaignId, userId).pipe(
          Effect.flatMap((owned) => (owned ? Effect.void : Effect.fail(NotFound.of("Campaign"))))
        )

      return Leads.of({
        list: (userId, campaignId, filter, page) =>
          Effect.gen(function*() {
            const request = { ...page, ...clampPage(page.page, page.per_page, MAX_LEADS_PER_PAGE) }
            // The store checks the owner in the page's own statement: one statement less per page.
            const read = yield* leads.queryOwned(userId, campaignId, filter, request)
            if (Option.isNone(read)) return yield* NotFound.of("Campaign")
            const result = read.value
            // The leads come typed from the store; validating every row again would only cost time.
            return new LeadPage({
              leads: result.leads,
              total: result.total,
              page: request.page,
              per_page: request.per_page,
              next_cursor: result.next_cursor
            }, true)
          }).pipe(withServiceSpan("Leads.list")),

        export: (userId, campaignId, filter) =>
          ownedCampaign(userId, campaignId).pipe(
            Effect.map((campaign) => ({
              campaign: toCampaign(campaign),
              leads: leads.stream(campaignId, filter),
              rows: leads.exportRows(campaignId, filter),
              csvLines: leads.exportCsv(campaignId, filter)
            })),
            withServiceSpan("Leads.export")
          ),

        stats: (userId, campaignId) =>
          checkOwned(userId, campaignId).pipe(
            Effect.zipRight(leads.stats(campaignId)),
            withServiceSpan("Leads.stats")
          ),

        freshness: (userId, campaignId) =>
          checkOwned(userId, campaignId).pipe(
            Effect.zipRight(DateTime.nowAsDate),
            Effect.flatMap((now) => leads.freshness(campaignId, now)),
            withServiceSpan("Leads.freshness")
          ),

        optOut: (userId, leadId) =>
          Effect.gen(function*() {
            const found = yield* leads.findForUser(leadId, userId)
            if (Option.isNone(found)) return yield* NotFound.of("Lead")
            const lead = found.value
            yield* transactor.withTransaction(Effect.gen(function*() {
              yield* leads.setOptedOut(lead.id)
              if (lead.email !== null) yield* suppression.add(lead.email.toLowerCase())
              yield* campaigns.recomputeTotals(lead.campaign_id)
            }))
            return new OptOutResult({
              email: lead.email,
              opted_out: true,
              message: lead.email === null
                ? "The lead has been opted out."
                : `${lead.email} has been opted out and will not be contacted again.`
            })
          }).pipe(withServiceSpan("Leads.optOut")),

        optOutByEmail: (address) =>
          Effect.gen(function*() {
            const { email } = yield* decodeOptOutRequest({ email: address })
            yield* transactor.withTransaction(Effect.gen(function*() {
              yield* suppression.add(email)
              const touched = yield* leads.optOutByEmail(email)
              yield* Effect.forEach(touched, campaigns.recomputeTotals, { discard: true })
            }))
            // The same answer whether or not the address was known: it reveals nothing.
            return new PublicOptOutResult({ opted_out: true, message: PUBLIC_OPT_OUT_MESSAGE })
          }).pipe(withServiceSpan("Leads.optOutByEmail"))
      })
    })
  )
