/** Small pieces of markup that several components show the same way. */
import { html, nothing } from "lit"
import { isActive, type Campaign, type Tier } from "./api/types.js"

/** Where a campaign's page is: `template` with `{id}` replaced, e.g. "#/campaigns/{id}". */
export const campaignHref = (template: string, id: string): string => template.replaceAll("{id}", encodeURIComponent(id))

export const tierBadge = (tier: Tier) => html`<span class="badge tier-${tier}">${tier}</span>`

/** The campaign's status, and while it runs its stage and a progress bar. */
export const campaignStatus = (campaign: Campaign) =>
  html`<span class="badge status-${campaign.status}">${campaign.status}</span>
    ${isActive(campaign.status)
      ? html`<span class="progress">
          <progress max="100" value=${campaign.progress_pct} aria-label="Progress of ${campaign.name}"></progress>
          <span class="muted">${campaign.progress_stage} · ${Math.round(campaign.progress_pct)} %</span>
        </span>`
      : nothing}`
