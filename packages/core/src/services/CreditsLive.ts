/** The Credits service on the CreditStore: balances, the ledger, and guarded grants and charges. */
import { Effect, Layer } from "effect"
import { InvalidInput } from "../Errors.js"
import { clampPage } from "../internal/paging.js"
import { withServiceSpan } from "../internal/serviceSpan.js"
import { CreditStore } from "../ports/CreditStore.js"
import { Credits } from "./Credits.js"

/** Credits are whole units; zero, negative or fractional amounts would corrupt the ledger. */
const requirePositiveAmount = (amount: number) =>
  Number.isSafeInteger(amount) && amount > 0
    ? Effect.void
    : Effect.fail(InvalidInput.field("amount", "must be a positive whole number"))

/** The ledger pages like the API's lists: at most this many rows per page. */
const MAX_HISTORY_PER_PAGE = 100

export const CreditsLive: Layer.Layer<Credits, never, CreditStore> = Layer.effect(
  Credits,
  Effect.gen(function*() {
    const store = yield* CreditStore
    return Credits.of({
      balance: (userId) => store.balance(userId).pipe(withServiceSpan("Credits.balance")),
      history: (userId, page, perPage) => {
        const paging = clampPage(page, perPage, MAX_HISTORY_PER_PAGE)
        return store.history(userId, paging.page, paging.per_page).pipe(withServiceSpan("Credits.history"))
      },
      grant: (userId, amount, reason) =>
        requirePositiveAmount(amount).pipe(
          Effect.zipRight(store.credit(userId, amount, reason, null)),
          withServiceSpan("Credits.grant")
        ),
      charge: (userId, amount, reason, campaignId) =>
        requirePositiveAmount(amount).pipe(
          Effect.zipRight(store.debitIfSufficient(userId, amount, reason, campaignId)),
          withServiceSpan("Credits.charge")
        )
    })
  })
)
