/** The caller's figures from `GET /api/stats`: counts, the tier split and the recent campaigns. */
import { html, nothing } from "lit"
import { customElement, property, state } from "lit/decorators.js"
import type { Overview } from "../api/types.js"
import { formatCount, formatDate, formatPercent } from "../format.js"
import { LfElement } from "../LfElement.js"
import { baseStyles } from "../styles/base.styles.js"
import { campaignHref, campaignStatus } from "../templates.js"
import { overviewStyles } from "./lf-overview.styles.js"
import "./lf-bar-chart.js"

/**
 * @summary The account overview: campaigns, leads, emails, email rate, credits, hot and warm
 * leads, a tier chart and the latest campaigns.
 *
 * @event lf-error - Loading the figures failed.
 *
 * @csspart figures - The list of figures.
 * @csspart figure - One figure.
 *
 * @cssproperty --lf-tier-hot - Color of HOT in the chart.
 * @cssproperty --lf-tier-warm - Color of WARM in the chart.
 * @cssproperty --lf-color-surface - Card background.
 */
@customElement("lf-overview")
export class LfOverview extends LfElement {
  static override styles = [baseStyles, overviewStyles]

  /** Link of a campaign, `{id}` replaced by its id. */
  @property({ attribute: "campaign-href" }) campaignHref = "#/campaigns/{id}"

  @state() private overview: Overview | undefined
  @state() private error = ""

  /** Fetches the figures again (after an import, say). */
  async refresh(): Promise<void> {
    await this.load()
  }

  protected override async load(): Promise<void> {
    this.error = ""
    try {
      this.overview = await this.api.overview()
    } catch (error) {
      this.error = this.fail(error)
    }
  }

  override render() {
    const o = this.overview
    return html`<div class="alert" role="alert" style="margin-bottom:1rem">${this.error}</div>
      ${o === undefined ? (this.error === "" ? html`<p class="loading" role="status">Loading figures…</p>` : nothing) : this.renderOverview(o)}`
  }

  private renderOverview(o: Overview) {
    const figures: Array<[string, string, string]> = [
      ["campaigns", "Campaigns", formatCount(o.total_campaigns)],
      ["leads", "Leads", formatCount(o.total_leads)],
      ["emails", "Emails found", formatCount(o.total_emails)],
      ["email-rate", "Email rate", formatPercent(o.email_rate)],
      ["credits", "Credits left", formatCount(o.credits_remaining)],
      ["hot", "Hot leads", formatCount(o.hot_leads)],
      ["warm", "Warm leads", formatCount(o.warm_leads)]
    ]
    const rest = Math.max(0, o.total_leads - o.hot_leads - o.warm_leads)
    return html`<dl class="figures" part="figures">
        ${figures.map(
          ([key, label, value]) =>
            html`<div class="figure card" part="figure" data-figure=${key}><dt>${label}</dt><dd>${value}</dd></div>`
        )}
      </dl>
      <div class="columns">
        <section class="card">
          <lf-bar-chart
            label="Leads by tier"
            .bars=${[
              { label: "HOT", value: o.hot_leads, color: "var(--_hot)" },
              { label: "WARM", value: o.warm_leads, color: "var(--_warm)" },
              { label: "COOL or COLD", value: rest, color: "var(--_cold)" }
            ]}
          ></lf-bar-chart>
        </section>
        <section class="card" aria-labelledby="recent">
          <h2 id="recent">Recent campaigns</h2>
          ${o.recent_campaigns.length === 0
            ? html`<p class="empty">No campaigns yet.</p>`
            : html`<ul>
                ${o.recent_campaigns.map(
                  (c) => html`<li>
                    <a href=${campaignHref(this.campaignHref, c.id)}>${c.name}</a>
                    <span>${campaignStatus(c)}</span>
                    <span class="muted">${formatCount(c.total_leads)} leads · ${formatDate(c.created_at)}</span>
                  </li>`
                )}
              </ul>`}
        </section>
      </div>`
  }
}

declare global {
  interface HTMLElementTagNameMap {
    "lf-overview": LfOverview
  }
}
