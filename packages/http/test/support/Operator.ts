/**
 * What an operator (or a campaign run) does to the database that the API cannot: disable an account,
 * spend a balance, mark a campaign running. Used to provoke 402, 403 and 409 through the API.
 */
import {
  type CampaignId,
  type CampaignStatus,
  CampaignStore,
  Credits,
  LeadFactoryConfig,
  servicesLayer,
  type UserId,
  UserStore
} from "@leadfactory/core"
import { Effect, Layer, ManagedRuntime } from "effect"
import { storeLayerFromUrl } from "../../src/DatabaseUrl.js"
import { TEST_SECRET } from "./TestServer.js"

export const makeOperator = (databaseUrl: string) => {
  const runtime = ManagedRuntime.make(
    servicesLayer.pipe(
      Layer.provideMerge(storeLayerFromUrl(databaseUrl)),
      Layer.provide(LeadFactoryConfig.layer({ secretKey: TEST_SECRET, bcryptCost: 4 }))
    )
  )
  return {
    disable: (userId: string) =>
      runtime.runPromise(Effect.flatMap(UserStore, (users) => users.setActive(userId as UserId, false))),
    /** Takes `amount` credits through the Credits service (a ledger row, guarded against going below 0). */
    charge: (userId: string, amount: number) =>
      runtime.runPromise(Effect.flatMap(Credits, (credits) => credits.charge(userId as UserId, amount, "campaign_run", null))),
    spendAllCredits: (userId: string) =>
      runtime.runPromise(Effect.gen(function*() {
        const credits = yield* Credits
        const { credits_remaining } = yield* credits.balance(userId as UserId)
        if (credits_remaining > 0) yield* credits.charge(userId as UserId, credits_remaining, "campaign_run", null)
      })),
    setStatus: (campaignId: string, status: CampaignStatus) =>
      runtime.runPromise(
        Effect.flatMap(CampaignStore, (campaigns) => campaigns.updateProgress(campaignId as CampaignId, { status }))
      ),
    close: () => runtime.dispose()
  }
}
