/** The Campaigns service on the CampaignStore: creation against the verticals and the balance, reads scoped to the owner. */
import { randomUUID } from "node:crypto"
import { DateTime, Effect, Layer, Option } from "effect"
import { CampaignId, NewCampaign, newCampaignRecord } from "../Campaign.js"
import { InsufficientCredits, NotFound } from "../Errors.js"
import { decodeInput } from "../internal/decodeInput.js"
import { clampPage } from "../internal/paging.js"
import { toCampaign } from "../internal/projections.js"
import { withServiceSpan } from "../internal/serviceSpan.js"
import { CampaignStore } from "../ports/CampaignStore.js"
import { CreditStore } from "../ports/CreditStore.js"
import { Campaigns } from "./Campaigns.js"
import { Verticals } from "./Verticals.js"

/** The API's limit for `GET /api/campaigns`. */
export const MAX_CAMPAIGNS_PER_PAGE = 100

const decodeNewCampaign = decodeInput(NewCampaign)

export const CampaignsLive: Layer.Layer<Campaigns, never, CampaignStore | CreditStore | Verticals> = Layer.effect(
  Campaigns,
  Effect.gen(function*() {
    const campaigns = yield* CampaignStore
    const credits = yield* CreditStore
    const verticals = yield* Verticals

    return Campaigns.of({
      create: (userId, request) =>
        Effect.gen(function*() {
          const { config, name, vertical: slug } = yield* decodeNewCampaign(request)
          const vertical = yield* verticals.get(slug)
          // The caller was authenticated, so a missing account here is a bug, not a user error.
          const { credits_remaining } = yield* credits.balance(userId).pipe(Effect.orDie)
          if (credits_remaining <= 0) return yield* InsufficientCredits.of(credits_remaining)
          const record = newCampaignRecord({
            id: CampaignId.make(randomUUID()),
            user_id: userId,
            name,
            vertical: vertical.slug,
            config,
            created_at: yield* DateTime.nowAsDate
          })
          yield* campaigns.insert(record)
          return toCampaign(record)
        }).pipe(withServiceSpan("Campaigns.create")),

      list: (userId, query) =>
        campaigns.list(userId, { ...query, ...clampPage(query.page, query.per_page, MAX_CAMPAIGNS_PER_PAGE) }).pipe(
          Effect.map(({ campaigns, total }) => ({ campaigns: campaigns.map(toCampaign), total })),
          withServiceSpan("Campaigns.list")
        ),

      get: (userId, id) =>
        campaigns.findForUser(id, userId).pipe(
          Effect.flatMap(Option.match({
            onNone: () => Effect.fail(NotFound.of("Campaign")),
            onSome: (record) => Effect.succeed(toCampaign(record))
          })),
          withServiceSpan("Campaigns.get")
        ),

      delete: (userId, id) => campaigns.delete(id, userId).pipe(withServiceSpan("Campaigns.delete"))
    })
  })
)
