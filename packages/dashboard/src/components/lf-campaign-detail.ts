/** One campaign: its figures, tier and score charts, its lead table, and CSV import. */
import { html, nothing, type PropertyValues } from "lit"
import { customElement, property, query, state } from "lit/decorators.js"
import { followCampaign } from "../api/followCampaign.js"
import { isActive, type Campaign, type LeadStats } from "../api/types.js"
import { formatCount, formatDateTime, formatPercent, formatScore } from "../format.js"
import { LfElement } from "../LfElement.js"
import { baseStyles } from "../styles/base.styles.js"
import { campaignStatus } from "../templates.js"
import type { Bar } from "./lf-bar-chart.js"
import { campaignDetailStyles } from "./lf-campaign-detail.styles.js"
import type { LfImportDialog } from "./lf-import-dialog.js"
import type { LfLeadTable } from "./lf-lead-table.js"
import "./lf-bar-chart.js"
import "./lf-import-dialog.js"
import "./lf-lead-table.js"
import "./lf-outreach-panel.js"

/** Lower bounds of the score histogram's buckets: 0-9, 10-19, … 90-100. */
const BUCKETS = [0, 10, 20, 30, 40, 50, 60, 70, 80, 90]

/**
 * @summary A campaign's page: stats, charts, leads, import and export.
 *
 * @event lf-imported - A CSV import into this campaign finished.
 * @event lf-optout - A lead was opted out.
 * @event lf-error - A call failed.
 *
 * @csspart header - The title bar with the campaign's name and actions.
 * @csspart figures - The list of figures.
 *
 * @cssproperty --lf-tier-hot - Chart and badge color of HOT (also WARM, COOL, COLD).
 * @cssproperty --lf-color-primary - Score histogram bars, buttons.
 */
@customElement("lf-campaign-detail")
export class LfCampaignDetail extends LfElement {
  static override styles = [baseStyles, campaignDetailStyles]

  @property({ attribute: "campaign-id" }) campaignId = ""

  /** Link back to the campaign list; no link when empty. */
  @property({ attribute: "back-href" }) backHref = "#/campaigns"

  @state() private campaign: Campaign | undefined
  @state() private stats: LeadStats | undefined
  /** Leads per score bucket of BUCKETS. */
  @state() private histogram: ReadonlyArray<number> | undefined
  @state() private error = ""
  @state() private verticalName = ""

  @query("lf-import-dialog") private importDialog!: LfImportDialog
  @query("lf-lead-table") private leadTable!: LfLeadTable

  /** Live progress while the campaign is queued or running. */
  private follower: AbortController | undefined

  override disconnectedCallback(): void {
    super.disconnectedCallback()
    this.stopFollowing()
  }

  override connectedCallback(): void {
    super.connectedCallback()
    this.followWhileActive()
  }

  private stopFollowing(): void {
    this.follower?.abort()
    this.follower = undefined
  }

  /** Follows a queued or running campaign; when it stops, its figures are loaded again. */
  private followWhileActive(): void {
    const campaign = this.campaign
    if (campaign === undefined || !isActive(campaign.status) || this.follower !== undefined || !this.isConnected) return
    const follower = new AbortController()
    this.follower = follower
    const update = (progress: Partial<Campaign>) => {
      if (this.campaign !== undefined) this.campaign = { ...this.campaign, ...progress }
    }
    followCampaign(this.api, campaign.id, update, follower.signal)
      .then(() => {
        if (!follower.signal.aborted) void this.refresh()
      })
      .catch((error: unknown) => {
        if (!follower.signal.aborted) this.error = this.fail(error)
      })
      .finally(() => {
        if (this.follower === follower) this.follower = undefined
      })
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has("campaignId")) {
      this.stopFollowing()
      this.campaign = undefined
      this.stats = undefined
      this.histogram = undefined
      if (!changed.has("apiBase") && !changed.has("token") && !changed.has("tokenKey")) void this.load()
    }
    super.willUpdate(changed)
  }

  protected override async load(): Promise<void> {
    if (this.campaignId === "") return
    this.error = ""
    try {
      const [campaign, stats, verticals] = await Promise.all([
        this.api.campaign(this.campaignId),
        this.api.leadStats(this.campaignId),
        // Only for the vertical's display name: its slug will do if this fails.
        this.api.verticals().catch(() => [])
      ])
      this.campaign = campaign
      this.stats = stats
      this.verticalName = verticals.find((v) => v.slug === campaign.vertical)?.name ?? campaign.vertical
      this.followWhileActive()
      this.histogram = await this.scoreHistogram(stats.total_leads)
    } catch (error) {
      this.error = this.fail(error)
    }
  }

  /**
   * The score distribution from the lead list's totals: the count at or above each bucket's lower
   * bound (`min_score`, one row per page), differenced. Nine small queries, whatever the size.
   */
  private async scoreHistogram(total: number): Promise<ReadonlyArray<number>> {
    if (total === 0) return BUCKETS.map(() => 0)
    const atLeast = await Promise.all(
      BUCKETS.map((min) =>
        min === 0 ? total : this.api.leads({ campaign_id: this.campaignId, min_score: min, per_page: 1 }).then((p) => p.total)
      )
    )
    return atLeast.map((n, i) => n - (atLeast[i + 1] ?? 0))
  }

  /** After an import or an opt-out: the figures, the charts and the table again. */
  private async refresh(): Promise<void> {
    await Promise.all([this.load(), this.leadTable?.reload()])
  }

  override render() {
    const c = this.campaign
    return html`<div class="stack">
      <div class="alert" role="alert">${this.error}</div>
      ${c === undefined ? (this.error === "" ? html`<p class="loading" role="status">Loading campaign…</p>` : nothing) : this.renderCampaign(c)}
      </div>
      <lf-import-dialog
        .campaignId=${this.campaignId}
        .apiBase=${this.apiBase}
        .token=${this.token}
        .tokenKey=${this.tokenKey}
        @lf-imported=${this.refresh}
      ></lf-import-dialog>`
  }

  private renderCampaign(c: Campaign) {
    const s = this.stats
    return html`<header part="header">
        <div style="flex:1 1 16rem">
          ${this.backHref === "" ? nothing : html`<a href=${this.backHref}>← Campaigns</a>`}
          <h1>${c.name}</h1>
          <div class="row">
            ${campaignStatus(c)}
            <span class="muted">${this.verticalName} · created ${formatDateTime(c.created_at)}</span>
          </div>
          ${c.error_message === null ? nothing : html`<p class="field-error">${c.error_message}</p>`}
        </div>
        <button type="button" @click=${() => this.importDialog.show()}>Import CSV</button>
      </header>
      ${s === undefined ? nothing : this.renderStats(s)}
      <section aria-labelledby="leads-title">
        <h2 id="leads-title">Leads</h2>
        <lf-lead-table
          .campaignId=${c.id}
          .apiBase=${this.apiBase}
          .token=${this.token}
          .tokenKey=${this.tokenKey}
          @lf-optout=${() => this.load()}
        ></lf-lead-table>
      </section>
      <lf-outreach-panel
        .campaignId=${c.id}
        .vertical=${c.vertical}
        .apiBase=${this.apiBase}
        .token=${this.token}
        .tokenKey=${this.tokenKey}
      ></lf-outreach-panel>`
  }

  private renderStats(s: LeadStats) {
    const figures: Array<[string, string, string]> = [
      ["leads", "Leads", formatCount(s.total_leads)],
      ["emails", "With email", formatCount(s.with_email)],
      ["email-rate", "Email rate", formatPercent(s.email_rate)],
      ["verified", "Verified emails", formatCount(s.verified_emails)],
      ["avg-score", "Average score", formatScore(s.avg_score)],
      ["credits", "Credits used", formatCount(this.campaign?.credits_used ?? 0)]
    ]
    const tiers: ReadonlyArray<Bar> = [
      { label: "HOT", value: s.hot_leads, color: "var(--_hot)" },
      { label: "WARM", value: s.warm_leads, color: "var(--_warm)" },
      { label: "COOL", value: s.cool_leads, color: "var(--_cool)" },
      { label: "COLD", value: s.cold_leads, color: "var(--_cold)" }
    ]
    const scores: ReadonlyArray<Bar> = (this.histogram ?? []).map((value, i) => ({
      label: `${BUCKETS[i]}+`,
      value,
      color: (BUCKETS[i] ?? 0) >= 80 ? "var(--_hot)" : (BUCKETS[i] ?? 0) >= 60 ? "var(--_warm)" : (BUCKETS[i] ?? 0) >= 40 ? "var(--_cool)" : "var(--_cold)"
    }))
    return html`<dl class="figures" part="figures">
        ${figures.map(
          ([key, label, value]) =>
            html`<div class="figure card" data-figure=${key}><dt>${label}</dt><dd>${value}</dd></div>`
        )}
      </dl>
      <div class="charts">
        <section class="card"><lf-bar-chart label="Leads by tier" .bars=${tiers}></lf-bar-chart></section>
        <section class="card">
          <lf-bar-chart label="Score distribution" variant="columns" .bars=${scores}></lf-bar-chart>
        </section>
        <section class="card" aria-labelledby="funds-title">
          <h3 id="funds-title">Top funds</h3>
          ${s.top_funds.length === 0
            ? html`<p class="muted">No funds yet.</p>`
            : html`<ol>
                ${s.top_funds.slice(0, 8).map((f) => html`<li><span>${f.fund}</span><span class="muted">${formatCount(f.count)}</span></li>`)}
              </ol>`}
        </section>
      </div>`
  }
}

declare global {
  interface HTMLElementTagNameMap {
    "lf-campaign-detail": LfCampaignDetail
  }
}
