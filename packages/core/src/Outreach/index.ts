/** Outreach: the provider and store ports, the service, its live layer and the built-in templates. */
export * from "./Outreach.js"
export * from "./OutreachCampaign.js"
export * from "./OutreachLive.js"
export * from "./OutreachProvider.js"
export * from "./OutreachStore.js"
export * from "./SecretBox.js"
export * from "./Templates.js"
