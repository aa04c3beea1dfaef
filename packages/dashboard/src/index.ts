/**
 * LeadFactory's dashboard components. Importing this module defines every `lf-*` element; the
 * classes, the API client and the event types are exported for hosts written in TypeScript.
 */
export { ApiClient, ApiError, type ApiClientOptions, type Download, type FieldError } from "./api/ApiClient.js"
export { makeSseParser, type ServerSentEvent } from "./api/sse.js"
export type * from "./api/types.js"
export * from "./events.js"
export { DEFAULT_TOKEN_KEY, LfElement } from "./LfElement.js"
export { LfApp, parseRoute, type Route } from "./components/lf-app.js"
export { LfBarChart, type Bar } from "./components/lf-bar-chart.js"
export { LfCampaignDetail } from "./components/lf-campaign-detail.js"
export { LfCampaignList } from "./components/lf-campaign-list.js"
export { LfConfirmDialog, type ConfirmQuestion } from "./components/lf-confirm-dialog.js"
export { LfDialog } from "./components/lf-dialog.js"
export { LfImportDialog } from "./components/lf-import-dialog.js"
export { LfLeadTable } from "./components/lf-lead-table.js"
export { LfLogin } from "./components/lf-login.js"
export { LfIntegrations } from "./components/lf-integrations.js"
export { LfOutreachPanel } from "./components/lf-outreach-panel.js"
export { LfOverview } from "./components/lf-overview.js"
export type * from "./api/outreach.js"
export { outreachApi, OUTREACH_PROVIDERS } from "./api/outreach.js"
export { LfSettings } from "./components/lf-settings.js"
