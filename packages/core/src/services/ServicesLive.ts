/** Every core service in one layer, given a store layer and the settings. */
import { Layer } from "effect"
import type { LeadFactoryConfig } from "../Config.js"
import type { Stores } from "../ports/index.js"
import type { Accounts } from "./Accounts.js"
import { AccountsLive } from "./AccountsLive.js"
import type { Campaigns } from "./Campaigns.js"
import { CampaignsLive } from "./CampaignsLive.js"
import type { Credits } from "./Credits.js"
import { CreditsLive } from "./CreditsLive.js"
import type { Leads } from "./Leads.js"
import { LeadsLive } from "./LeadsLive.js"
import type { Stats } from "./Stats.js"
import { StatsLive } from "./StatsLive.js"
import type { Verticals } from "./Verticals.js"
import { VerticalsLive } from "./VerticalsLive.js"

export type Services = Accounts | Campaigns | Leads | Credits | Verticals | Stats

export const servicesLayer: Layer.Layer<Services, never, Stores | LeadFactoryConfig> = Layer.mergeAll(
  AccountsLive,
  CampaignsLive,
  LeadsLive,
  CreditsLive,
  StatsLive
).pipe(Layer.provideMerge(VerticalsLive))
