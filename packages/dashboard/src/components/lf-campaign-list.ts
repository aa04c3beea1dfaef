/** The caller's campaigns: create, run, cancel, delete, and live progress of the running ones. */
import { html, nothing } from "lit"
import { customElement, property, query, state } from "lit/decorators.js"
import { ApiError } from "../api/ApiClient.js"
import { followCampaign } from "../api/followCampaign.js"
import { isActive, type Campaign, type Vertical } from "../api/types.js"
import { formatCount, formatDate } from "../format.js"
import { LfElement } from "../LfElement.js"
import { baseStyles } from "../styles/base.styles.js"
import { campaignHref, campaignStatus } from "../templates.js"
import { campaignListStyles } from "./lf-campaign-list.styles.js"
import type { LfConfirmDialog } from "./lf-confirm-dialog.js"
import "./lf-confirm-dialog.js"

/**
 * @summary The campaign list with a create form; running campaigns show their progress live.
 *
 * @event lf-error - A call failed (the run endpoint refused, the server is unreachable, …).
 *
 * @csspart create-form - The form that creates a campaign.
 * @csspart list - The list of campaigns.
 *
 * @cssproperty --lf-color-primary - Buttons, links and progress bars.
 * @cssproperty --lf-color-danger - Delete buttons and errors.
 */
@customElement("lf-campaign-list")
export class LfCampaignList extends LfElement {
  static override styles = [baseStyles, campaignListStyles]

  /** Link of a campaign, `{id}` replaced by its id. */
  @property({ attribute: "campaign-href" }) campaignHref = "#/campaigns/{id}"

  /** Campaigns per page. */
  @property({ type: Number, attribute: "per-page" }) perPage = 20

  @state() private campaigns: ReadonlyArray<Campaign> | undefined
  @state() private total = 0
  @state() private page = 1
  @state() private verticals: ReadonlyArray<Vertical> = []
  @state() private error = ""
  @state() private notice = ""
  @state() private createError: ApiError | undefined
  @state() private creating = false
  /** Ids with a call in flight, whose buttons are disabled meanwhile. */
  @state() private busy: ReadonlySet<string> = new Set()

  @query("lf-confirm-dialog") private confirmDialog!: LfConfirmDialog

  /** One live subscription (stream, else polling) per queued or running campaign. */
  private readonly watchers = new Map<string, AbortController>()

  override disconnectedCallback(): void {
    super.disconnectedCallback()
    for (const watcher of this.watchers.values()) watcher.abort()
    this.watchers.clear()
  }

  override connectedCallback(): void {
    super.connectedCallback()
    // Re-attached (moved in the page): resume following the running campaigns.
    if (this.campaigns !== undefined) this.followActive()
  }

  protected override async load(): Promise<void> {
    this.error = ""
    const [campaigns, verticals] = await Promise.allSettled([this.api.campaigns(this.page, this.perPage), this.api.verticals()])
    if (verticals.status === "fulfilled") this.verticals = verticals.value
    if (campaigns.status === "fulfilled") {
      this.campaigns = campaigns.value.campaigns
      this.total = campaigns.value.total
      this.followActive()
    }
    const failed = [campaigns, verticals].find((r) => r.status === "rejected")
    if (failed !== undefined) this.error = this.fail(failed.reason)
  }

  private verticalName(slug: string): string {
    return this.verticals.find((v) => v.slug === slug)?.name ?? slug
  }

  private replace(campaign: Campaign): void {
    this.campaigns = (this.campaigns ?? []).map((c) => (c.id === campaign.id ? campaign : c))
  }

  private setBusy(id: string, busy: boolean): void {
    const next = new Set(this.busy)
    if (busy) next.add(id)
    else next.delete(id)
    this.busy = next
  }

  /** Starts a watcher for each active campaign shown, stops those no longer needed. */
  private followActive(): void {
    const active = new Set((this.campaigns ?? []).filter((c) => isActive(c.status)).map((c) => c.id))
    for (const [id, watcher] of this.watchers) {
      if (!active.has(id)) {
        watcher.abort()
        this.watchers.delete(id)
      }
    }
    for (const id of active) {
      if (!this.watchers.has(id) && this.isConnected) {
        const watcher = new AbortController()
        this.watchers.set(id, watcher)
        void this.follow(id, watcher.signal).finally(() => {
          if (this.watchers.get(id) === watcher) this.watchers.delete(id)
        })
      }
    }
  }

  /** Keeps one campaign's row current until it stops. */
  private async follow(id: string, signal: AbortSignal): Promise<void> {
    try {
      await followCampaign(
        this.api,
        id,
        (progress) => {
          const current = this.campaigns?.find((c) => c.id === id)
          if (current !== undefined) this.replace({ ...current, ...progress, id })
        },
        signal
      )
    } catch (error) {
      if (!signal.aborted) this.error = this.fail(error)
    }
  }

  private async create(event: SubmitEvent): Promise<void> {
    event.preventDefault()
    const form = event.target as HTMLFormElement
    const data = new FormData(form)
    this.creating = true
    this.createError = undefined
    this.notice = ""
    try {
      const campaign = await this.api.createCampaign(String(data.get("name") ?? ""), String(data.get("vertical") ?? ""))
      form.reset()
      this.page = 1
      await this.load()
      this.notice = `Campaign “${campaign.name}” created.`
    } catch (error) {
      this.fail(error)
      this.createError = error instanceof ApiError ? error : new ApiError(0, "ClientError", String(error))
    } finally {
      this.creating = false
    }
  }

  private async act(campaign: Campaign, action: "run" | "cancel" | "delete"): Promise<void> {
    this.error = ""
    this.notice = ""
    if (action === "delete") {
      const yes = await this.confirmDialog.ask({
        title: "Delete campaign?",
        message: `“${campaign.name}” and its ${formatCount(campaign.total_leads)} leads will be deleted. This cannot be undone.`,
        confirmLabel: "Delete campaign"
      })
      if (!yes) return
    }
    this.setBusy(campaign.id, true)
    try {
      if (action === "delete") {
        await this.api.deleteCampaign(campaign.id)
        await this.load()
        this.notice = `Campaign “${campaign.name}” deleted.`
      } else {
        const updated = await (action === "run" ? this.api.runCampaign(campaign.id) : this.api.cancelCampaign(campaign.id))
        this.replace(updated)
        this.notice = action === "run" ? `“${campaign.name}” is ${updated.status}.` : `“${campaign.name}” cancelled.`
        this.followActive()
      }
    } catch (error) {
      this.error = this.fail(error)
    } finally {
      this.setBusy(campaign.id, false)
    }
  }

  private goTo(page: number): void {
    this.page = page
    void this.load()
  }

  override render() {
    return html`<div class="stack">
      <section class="card" aria-labelledby="create-title">
        <h2 id="create-title">New campaign</h2>
        ${this.renderCreateForm()}
      </section>
      <div class="alert" role="alert">${this.error}</div>
      <div class="notice" role="status">${this.notice}</div>
      <section class="card" style="padding:0" aria-labelledby="list-title">
        <h2 id="list-title" style="padding:1rem 1rem 0">Your campaigns <span class="muted">(${formatCount(this.total)})</span></h2>
        ${this.renderList()}
      </section>
      ${this.renderPager()}
      </div>
      <lf-confirm-dialog></lf-confirm-dialog>`
  }

  private renderCreateForm() {
    const nameError = this.createError?.fieldMessage("name")
    const verticalError = this.createError?.fieldMessage("vertical")
    const general = this.createError !== undefined && nameError === undefined && verticalError === undefined
    return html`<form class="create" part="create-form" novalidate @submit=${this.create}>
      <div class="field">
        <label for="campaign-name">Name</label>
        <input
          id="campaign-name"
          name="name"
          required
          maxlength="200"
          placeholder="e.g. Seed funds, Berlin"
          aria-invalid=${nameError === undefined ? "false" : "true"}
          aria-describedby=${nameError === undefined ? nothing : "campaign-name-error"}
        />
        ${nameError === undefined ? nothing : html`<span class="field-error" id="campaign-name-error">${nameError}</span>`}
      </div>
      <div class="field">
        <label for="campaign-vertical">Vertical</label>
        <select id="campaign-vertical" name="vertical" required aria-invalid=${verticalError === undefined ? "false" : "true"}>
          ${this.verticals.map((v) => html`<option value=${v.slug} title=${v.description}>${v.name}</option>`)}
        </select>
        ${verticalError === undefined ? nothing : html`<span class="field-error">${verticalError}</span>`}
      </div>
      <button type="submit" ?disabled=${this.creating || this.verticals.length === 0}>
        ${this.creating ? "Creating…" : "Create campaign"}
      </button>
      <div class="alert" role="alert" style="grid-column:1/-1">${general ? this.createError?.message : ""}</div>
    </form>`
  }

  private renderList() {
    if (this.campaigns === undefined) {
      return this.error === "" ? html`<p class="loading" role="status">Loading campaigns…</p>` : nothing
    }
    if (this.campaigns.length === 0) return html`<p class="empty">No campaigns yet. Create one above.</p>`
    return html`<ul part="list">
      ${this.campaigns.map((c) => {
        const busy = this.busy.has(c.id)
        const active = isActive(c.status)
        return html`<li class="campaign" data-campaign-id=${c.id}>
          <div class="name">
            <a href=${campaignHref(this.campaignHref, c.id)}>${c.name}</a>
            <div class="muted">${this.verticalName(c.vertical)} · ${formatDate(c.created_at)}</div>
          </div>
          <div>
            ${campaignStatus(c)}
            ${c.error_message === null ? nothing : html`<div class="error-message">${c.error_message}</div>`}
          </div>
          <div class="muted">${formatCount(c.total_leads)} leads · ${formatCount(c.total_emails)} emails</div>
          <div class="actions">
            ${active
              ? html`<button class="secondary" ?disabled=${busy} @click=${() => this.act(c, "cancel")} aria-label="Cancel ${c.name}">Cancel</button>`
              : html`<button class="secondary" ?disabled=${busy} @click=${() => this.act(c, "run")} aria-label="Run ${c.name}">Run</button>`}
            <button class="danger" ?disabled=${busy || active} @click=${() => this.act(c, "delete")} aria-label="Delete ${c.name}">
              Delete
            </button>
          </div>
        </li>`
      })}
    </ul>`
  }

  private renderPager() {
    const pages = Math.max(1, Math.ceil(this.total / this.perPage))
    if (pages === 1) return nothing
    return html`<nav class="row pager" aria-label="Campaign pages">
      <button class="secondary" ?disabled=${this.page <= 1} @click=${() => this.goTo(this.page - 1)}>Previous</button>
      <span>Page ${this.page} of ${pages}</span>
      <button class="secondary" ?disabled=${this.page >= pages} @click=${() => this.goTo(this.page + 1)}>Next</button>
    </nav>`
  }
}

declare global {
  interface HTMLElementTagNameMap {
    "lf-campaign-list": LfCampaignList
  }
}
