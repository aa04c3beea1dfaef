/** The Runs service over the run queue, the campaigns, the balance and the configured lead sources. */
import { Effect, Either, Layer, Option, Schedule, Stream } from "effect"
import { ACTIVE_STATUSES, type Campaign, type CampaignId } from "../Campaign.js"
import { CampaignRunning, InsufficientCredits, NotFound } from "../Errors.js"
import { toCampaign } from "../internal/projections.js"
import { withServiceSpan } from "../internal/serviceSpan.js"
import { CampaignStore } from "../ports/CampaignStore.js"
import { CreditStore } from "../ports/CreditStore.js"
import type { UserId } from "../User.js"
import { LeadSources } from "./LeadSource.js"
import { RunQueue } from "./RunQueue.js"
import { Runs } from "./Runs.js"

/** How often the event stream reads the campaign: changes made by any process show within this. */
export const EVENTS_POLL_MS = 500

const isActive = (campaign: Campaign) => ACTIVE_STATUSES.includes(campaign.status)

const sameState = (a: Campaign, b: Campaign) =>
  a.status === b.status && a.progress_stage === b.progress_stage && a.progress_pct === b.progress_pct &&
  a.error_message === b.error_message && a.total_leads === b.total_leads && a.total_emails === b.total_emails &&
  a.credits_used === b.credits_used

export const RunsLive: Layer.Layer<Runs, never, CampaignStore | CreditStore | RunQueue | LeadSources> = Layer.effect(
  Runs,
  Effect.gen(function*() {
    const campaigns = yield* CampaignStore
    const credits = yield* CreditStore
    const queue = yield* RunQueue
    const sources = yield* LeadSources

    const get = (userId: UserId, id: CampaignId) =>
      campaigns.findForUser(id, userId).pipe(
        Effect.flatMap(Option.match({
          onNone: () => Effect.fail(NotFound.of("Campaign")),
          onSome: (record) => Effect.succeed(toCampaign(record))
        }))
      )

    return Runs.of({
      request: (userId, id) =>
        Effect.gen(function*() {
          const campaign = yield* get(userId, id)
          // A fast answer for the common case; enqueue checks again in its UPDATE for the races.
          if (isActive(campaign)) return yield* CampaignRunning.default()
          yield* Either.match(sources.forCampaign(campaign), { onLeft: Effect.fail, onRight: () => Effect.void })
          // The caller was authenticated, so a missing account is a bug, not a user error.
          const { credits_remaining } = yield* credits.balance(userId).pipe(Effect.orDie)
          if (credits_remaining <= 0) return yield* InsufficientCredits.of(credits_remaining)
          yield* queue.enqueue(id, userId)
          return yield* get(userId, id)
        }).pipe(withServiceSpan("Runs.request")),

      cancel: (userId, id) =>
        queue.requestCancel(id, userId).pipe(Effect.zipRight(get(userId, id)), withServiceSpan("Runs.cancel")),

      events: (userId, id) =>
        Stream.repeatEffectWithSchedule(get(userId, id), Schedule.spaced(EVENTS_POLL_MS)).pipe(
          Stream.changesWith(sameState),
          Stream.takeUntil((campaign) => !isActive(campaign))
        )
    })
  })
)
