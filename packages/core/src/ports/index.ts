/** The storage ports: every store package provides all of them from one layer. */
import type { ApiKeyStore } from "./ApiKeyStore.js"
import type { CampaignStore } from "./CampaignStore.js"
import type { CreditStore } from "./CreditStore.js"
import type { LeadStore } from "./LeadStore.js"
import type { SuppressionStore } from "./SuppressionStore.js"
import type { Transactor } from "./Transactor.js"
import type { UserStore } from "./UserStore.js"
import type { RunQueue } from "../Runs/RunQueue.js"

export * from "./ApiKeyStore.js"
export * from "./CampaignStore.js"
export * from "./CreditStore.js"
export * from "./LeadStore.js"
export * from "./SuppressionStore.js"
export * from "./Transactor.js"
export * from "./UserStore.js"

/** Everything a store layer provides. */
export type Stores =
  | UserStore
  | ApiKeyStore
  | CampaignStore
  | LeadStore
  | CreditStore
  | SuppressionStore
  | Transactor
  | RunQueue
