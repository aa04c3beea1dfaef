/** A campaign's outreach: launch its leads into a provider, then start, pause and read stats. */
import { html, nothing, type PropertyValues } from "lit"
import { customElement, property, state } from "lit/decorators.js"
import {
  type Integration,
  type OutreachCampaign,
  type OutreachProviderName,
  type OutreachStats,
  type OutreachTemplate,
  outreachApi
} from "../api/outreach.js"
import { formatCount, formatDateTime } from "../format.js"
import { LfElement } from "../LfElement.js"
import { baseStyles } from "../styles/base.styles.js"
import { outreachPanelStyles } from "./lf-outreach-panel.styles.js"

const TIERS = ["HOT", "WARM", "COOL", "COLD"] as const

/**
 * @summary Outreach of one campaign: a launch form (provider, filters, template) and the outreach
 * campaigns launched so far with their status, start, pause and stats.
 *
 * @event lf-error - A call failed.
 *
 * @csspart launch - The launch form.
 * @csspart outreach - The table of outreach campaigns.
 *
 * @cssproperty --lf-color-primary - Buttons.
 */
@customElement("lf-outreach-panel")
export class LfOutreachPanel extends LfElement {
  static override styles = [baseStyles, outreachPanelStyles]

  @property({ attribute: "campaign-id" }) campaignId = ""
  /** The campaign's vertical: its templates are listed first. */
  @property() vertical = ""
  /** Where provider keys are added; no link when empty. */
  @property({ attribute: "settings-href" }) settingsHref = "#/settings"

  @state() private integrations: ReadonlyArray<Integration> | undefined
  @state() private templates: ReadonlyArray<OutreachTemplate> = []
  @state() private outreach: ReadonlyArray<OutreachCampaign> = []
  @state() private stats: Readonly<Record<string, OutreachStats>> = {}
  @state() private error = ""
  @state() private notice = ""
  @state() private busy = false

  private get calls() {
    return outreachApi(this.api)
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has("campaignId") && !changed.has("apiBase") && !changed.has("token") && !changed.has("tokenKey")) {
      void this.load()
    }
    super.willUpdate(changed)
  }

  protected override async load(): Promise<void> {
    if (this.campaignId === "") return
    this.error = ""
    try {
      const [integrations, templates, outreach] = await Promise.all([
        this.calls.integrations(),
        this.calls.templates(),
        this.calls.list(this.campaignId)
      ])
      this.integrations = integrations
      this.templates = [...templates].sort((a, b) => Number(b.vertical === this.vertical) - Number(a.vertical === this.vertical))
      this.outreach = outreach
    } catch (error) {
      this.error = this.fail(error)
    }
  }

  private async launch(event: SubmitEvent): Promise<void> {
    event.preventDefault()
    const form = new FormData(event.target as HTMLFormElement)
    const text = (name: string) => String(form.get(name) ?? "").trim()
    const minScore = text("min_score")
    const tiers = form.getAll("tiers").map(String)
    this.busy = true
    this.error = ""
    this.notice = ""
    try {
      const result = await this.calls.launch({
        name: text("name"),
        provider: text("provider") as OutreachProviderName,
        campaign_id: this.campaignId,
        from_email: text("from_email"),
        from_name: text("from_name"),
        template: text("template"),
        ...(minScore === "" ? {} : { min_score: Number(minScore) }),
        ...(tiers.length === 0 ? {} : { tiers })
      })
      this.notice = `${formatCount(result.leads_added)} leads pushed to ${result.outreach_campaign.provider}.`
      this.outreach = await this.calls.list(this.campaignId)
    } catch (error) {
      this.error = this.fail(error)
      // A launch that failed halfway is recorded: show how far it got.
      this.outreach = await this.calls.list(this.campaignId).catch(() => this.outreach)
    } finally {
      this.busy = false
    }
  }

  private async act(campaign: OutreachCampaign, action: "start" | "pause" | "stats"): Promise<void> {
    this.busy = true
    this.error = ""
    try {
      if (action === "stats") {
        const stats = await this.calls.stats(campaign.id)
        this.stats = { ...this.stats, [campaign.id]: stats }
      } else {
        const updated = await this.calls[action](campaign.id)
        this.outreach = this.outreach.map((o) => (o.id === updated.id ? updated : o))
      }
    } catch (error) {
      this.error = this.fail(error)
    } finally {
      this.busy = false
    }
  }

  override render() {
    return html`<section class="card stack" aria-labelledby="outreach-title">
      <h2 id="outreach-title">Outreach</h2>
      <div class="alert" role="alert">${this.error}</div>
      <div class="notice" role="status">${this.notice}</div>
      ${this.integrations === undefined ? nothing : this.renderForm(this.integrations)}
      ${this.outreach.length === 0 ? nothing : this.renderTable()}
    </section>`
  }

  private renderForm(integrations: ReadonlyArray<Integration>) {
    if (integrations.length === 0) {
      return html`<p class="muted">
        No provider key yet. ${this.settingsHref === "" ? nothing : html`<a href=${this.settingsHref}>Add one in Settings</a>`}
      </p>`
    }
    return html`<form class="launch" part="launch" @submit=${this.launch}>
      <div class="field">
        <label for="provider">Provider</label>
        <select id="provider" name="provider">
          ${integrations.map((i) => html`<option value=${i.provider}>${i.provider} (…${i.key_last4})</option>`)}
        </select>
      </div>
      <div class="field">
        <label for="name">Name</label>
        <input id="name" name="name" required maxlength="200" value="First touch" />
      </div>
      <div class="field">
        <label for="template">Template</label>
        <select id="template" name="template">
          ${this.templates.map((t) => html`<option value=${t.id}>${t.name}</option>`)}
        </select>
      </div>
      <div class="field">
        <label for="min_score">Minimum score</label>
        <input id="min_score" name="min_score" type="number" min="0" max="100" />
      </div>
      <fieldset>
        <legend class="label">Tiers</legend>
        ${TIERS.map((tier) => html`<label><input type="checkbox" name="tiers" value=${tier} /> ${tier}</label>`)}
      </fieldset>
      <div class="field">
        <label for="from_email">From email</label>
        <input id="from_email" name="from_email" type="email" required />
      </div>
      <div class="field">
        <label for="from_name">From name</label>
        <input id="from_name" name="from_name" required />
      </div>
      <button type="submit" ?disabled=${this.busy}>Launch</button>
    </form>`
  }

  private renderTable() {
    const figure = (value: number | null | undefined) => (value === null || value === undefined ? "–" : formatCount(value))
    return html`<div class="table-wrap">
      <table part="outreach">
        <thead>
          <tr>
            <th>Name</th><th>Provider</th><th>Status</th><th class="num">Leads pushed</th>
            <th class="num">Sent</th><th class="num">Opened</th><th class="num">Replied</th><th>Updated</th><th></th>
          </tr>
        </thead>
        <tbody>
          ${this.outreach.map((o) => {
            const s = this.stats[o.id]
            return html`<tr data-outreach=${o.id}>
              <td>${o.name}${o.error_message === null ? nothing : html`<div class="field-error">${o.error_message}</div>`}</td>
              <td>${o.provider}</td>
              <td><span class="badge status-${o.status}">${o.status}</span></td>
              <td class="num">${formatCount(o.leads_pushed)}</td>
              <td class="num">${figure(s?.sent)}</td>
              <td class="num">${figure(s?.opened)}</td>
              <td class="num">${figure(s?.replied)}</td>
              <td>${formatDateTime(o.updated_at)}</td>
              <td class="actions">
                <button type="button" class="secondary" ?disabled=${this.busy || o.status === "active"} @click=${() => this.act(o, "start")}>Start</button>
                <button type="button" class="secondary" ?disabled=${this.busy || o.status !== "active"} @click=${() => this.act(o, "pause")}>Pause</button>
                <button type="button" class="link" ?disabled=${this.busy} @click=${() => this.act(o, "stats")}>Stats</button>
              </td>
            </tr>`
          })}
        </tbody>
      </table>
    </div>`
  }
}

declare global {
  interface HTMLElementTagNameMap {
    "lf-outreach-panel": LfOutreachPanel
  }
}
