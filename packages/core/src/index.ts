/**
 * @leadfactory/core: LeadFactory's domain, its storage ports, the services built on them, the CSV
 * import pipeline and a Promise facade for apps that do not use Effect.
 */
export * from "./ApiKey.js"
export * from "./Campaign.js"
export * from "./Config.js"
export * from "./CreditTransaction.js"
export * from "./Errors.js"
export * from "./Lead.js"
export * from "./Session.js"
export * from "./User.js"
export * from "./Vertical.js"
export * from "./ports/index.js"
export * from "./services/Accounts.js"
export * from "./services/Campaigns.js"
export * from "./services/Credits.js"
export * from "./services/Leads.js"
export * from "./services/Stats.js"
export * from "./services/Verticals.js"
export * from "./Import/ImportSummary.js"
export * from "./Import/Importer.js"
