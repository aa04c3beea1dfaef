/** Test helpers for LeadFactory stores and apps: the shared contract suites and in-memory doubles. */
export * from "./serviceContract.js"
export * from "./storeContract.js"
export * from "./leadFixtures.js"
