/**
 * What a run pays for its leads, inside each import batch's transaction: 1 credit for every new
 * lead with an email, taken from the balance as far as it goes; the new leads with an email that
 * the balance cannot pay for are held back. The charge, the campaign's credits_used and the leads
 * commit or roll back together, so there is no lead without its charge and no charge without its lead.
 */
import { Effect, Option } from "effect"
import type { CampaignId } from "../Campaign.js"
import type { LeadId } from "../Lead.js"
import type { CampaignStore } from "../ports/CampaignStore.js"
import type { CreditStore } from "../ports/CreditStore.js"
import type { KeyedLead } from "../ports/LeadStore.js"
import type { UserId } from "../User.js"

const hasEmail = (lead: KeyedLead) => lead.lead.email !== null

export const makeRunCharges = (
  credits: CreditStore,
  campaigns: CampaignStore,
  userId: UserId,
  campaignId: CampaignId
) => ({
  /** Charges for the batch's new leads; returns those paid for, plus every new lead without an email (free). */
  admitNewLeads: (leads: ReadonlyArray<KeyedLead>): Effect.Effect<ReadonlyArray<KeyedLead>> =>
    Effect.gen(function*() {
      const billable = leads.filter(hasEmail).length
      if (billable === 0) return leads
      // debitUpTo holds the user's row until the batch commits: concurrent runs of one user queue here.
      const charge = yield* credits.debitUpTo(userId, billable, "campaign_run", campaignId)
      const paid = Option.match(charge, { onNone: () => 0, onSome: (transaction) => -transaction.amount })
      if (paid > 0) yield* campaigns.addCreditsUsed(campaignId, paid)
      if (paid === billable) return leads
      let unpaid = paid
      return leads.filter((lead) => !hasEmail(lead) || unpaid-- > 0)
    }),

  /** Gives back the credit of each paid lead that another import inserted first (so this one did not). */
  settleNewLeads: (admitted: ReadonlyArray<KeyedLead>, inserted: ReadonlyMap<string, LeadId>): Effect.Effect<void> =>
    Effect.gen(function*() {
      const unused = admitted.filter((lead) => hasEmail(lead) && !inserted.has(lead.key)).length
      if (unused === 0) return
      yield* credits.credit(userId, unused, "campaign_run", campaignId)
      yield* campaigns.addCreditsUsed(campaignId, -unused)
    })
})

/** The campaign's message when leads were held back. */
export const heldBackMessage = (count: number) =>
  `${count} new ${count === 1 ? "lead with an email was" : "leads with an email were"} held back: the credit balance ran out. ` +
  "Add credits and run the campaign again to get them."
