/** The Stats service: the caller's overview, from their campaigns, lead counts and balance. */
import { Effect, Layer } from "effect"
import { toCampaign } from "../internal/projections.js"
import { withServiceSpan } from "../internal/serviceSpan.js"
import { CampaignStore } from "../ports/CampaignStore.js"
import { CreditStore } from "../ports/CreditStore.js"
import { LeadStore } from "../ports/LeadStore.js"
import { Transactor } from "../ports/Transactor.js"
import { emailRate, Overview, Stats } from "./Stats.js"

const RECENT_CAMPAIGNS = 5

export const StatsLive: Layer.Layer<Stats, never, CampaignStore | LeadStore | CreditStore | Transactor> = Layer.effect(
  Stats,
  Effect.gen(function*() {
    const campaigns = yield* CampaignStore
    const leads = yield* LeadStore
    const credits = yield* CreditStore
    const transactor = yield* Transactor
    return Stats.of({
      overview: (userId) =>
        Effect.all({
          recent: campaigns.list(userId, { page: 1, per_page: RECENT_CAMPAIGNS }),
          counts: leads.countsForUser(userId),
          // The caller was authenticated, so a missing account here is a bug, not a user error.
          balance: credits.balance(userId).pipe(Effect.orDie)
        }, { concurrency: transactor.readConcurrency }).pipe(
          Effect.map(({ balance, counts, recent }) =>
            new Overview({
              total_campaigns: recent.total,
              total_leads: counts.total_leads,
              total_emails: counts.total_emails,
              email_rate: emailRate(counts.total_emails, counts.total_leads),
              credits_remaining: balance.credits_remaining,
              hot_leads: counts.hot_leads,
              warm_leads: counts.warm_leads,
              recent_campaigns: recent.campaigns.map(toCampaign)
            })
          ),
          withServiceSpan("Stats.overview")
        )
    })
  })
)
