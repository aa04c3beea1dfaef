/**
 * A campaign's leads: filters, sortable columns, cursor paging, a detail row per lead, opt-out,
 * and the CSV export of what the filters select.
 */
import { html, nothing, type PropertyValues } from "lit"
import { customElement, property, query, state } from "lit/decorators.js"
import {
  EMAIL_STATUSES,
  TIERS,
  type EmailStatus,
  type Lead,
  type LeadFilters,
  type LeadPage,
  type LeadSortBy,
  type SortDir,
  type Tier
} from "../api/types.js"
import { lfEvent } from "../events.js"
import { formatCount, formatDate, formatDateTime, formatScore } from "../format.js"
import { LfElement } from "../LfElement.js"
import { baseStyles } from "../styles/base.styles.js"
import { tierBadge } from "../templates.js"
import type { LfConfirmDialog } from "./lf-confirm-dialog.js"
import { leadTableStyles } from "./lf-lead-table.styles.js"
import "./lf-confirm-dialog.js"

/** Where a page starts: the server's keyset cursor when it gave one, else the page number. */
interface PageStart {
  readonly page: number
  readonly cursor?: string | undefined
}

const SEARCH_DELAY_MS = 300

const SORTABLE: ReadonlyArray<{ readonly by: LeadSortBy; readonly label: string; readonly firstDir: SortDir }> = [
  { by: "name", label: "Name", firstDir: "asc" },
  { by: "fund", label: "Fund", firstDir: "asc" },
  { by: "score", label: "Score", firstDir: "desc" },
  { by: "scraped_at", label: "Scraped", firstDir: "desc" }
]

/** Saves a downloaded file under its name, through a temporary link. */
const saveFile = (root: Node, blob: Blob, filename: string): void => {
  const url = URL.createObjectURL(blob)
  const link = document.createElement("a")
  link.href = url
  link.download = filename
  link.hidden = true
  ;(root as ShadowRoot | HTMLElement).append(link)
  link.click()
  link.remove()
  setTimeout(() => URL.revokeObjectURL(url), 10_000)
}

/**
 * @summary The lead table of one campaign.
 *
 * @event lf-optout - A lead was opted out; it no longer appears in lists, stats and exports.
 * @event lf-error - A call failed.
 *
 * @csspart filters - The filter form.
 * @csspart table - The table.
 * @csspart export - The export button.
 *
 * @cssproperty --lf-tier-hot - HOT badges (also --lf-tier-warm, --lf-tier-cool, --lf-tier-cold).
 */
@customElement("lf-lead-table")
export class LfLeadTable extends LfElement {
  static override styles = [baseStyles, leadTableStyles]

  @property({ attribute: "campaign-id" }) campaignId = ""

  /** Leads per page (the API allows up to 200). */
  @property({ type: Number, attribute: "per-page" }) perPage = 25

  @state() private filters: LeadFilters = {}
  @state() private sortBy: LeadSortBy = "score"
  @state() private sortDir: SortDir = "desc"
  /** The starts of the pages visited so far; the last one is the page shown. */
  @state() private trail: ReadonlyArray<PageStart> = [{ page: 1 }]
  @state() private result: LeadPage | undefined
  @state() private loading = false
  @state() private exporting = false
  @state() private error = ""
  @state() private notice = ""
  @state() private expanded: ReadonlySet<string> = new Set()

  @query("lf-confirm-dialog") private confirmDialog!: LfConfirmDialog

  private inFlight: AbortController | undefined
  private searchTimer: ReturnType<typeof setTimeout> | undefined

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has("campaignId") || changed.has("perPage")) this.trail = [{ page: 1 }]
    if (changed.has("campaignId") || changed.has("perPage") || changed.has("apiBase") || changed.has("token") || changed.has("tokenKey")) {
      void this.load()
    }
  }

  /** Fetches the first page again (after an import, say), keeping filters and sort. */
  async reload(): Promise<void> {
    this.trail = [{ page: 1 }]
    await this.load()
  }

  protected override async load(): Promise<void> {
    if (this.campaignId === "") return
    this.inFlight?.abort()
    const inFlight = new AbortController()
    this.inFlight = inFlight
    const start = this.trail.at(-1) ?? { page: 1 }
    this.loading = true
    this.error = ""
    try {
      this.result = await this.api.leads(
        {
          campaign_id: this.campaignId,
          ...this.filters,
          sort_by: this.sortBy,
          sort_dir: this.sortDir,
          per_page: this.perPage,
          page: start.page,
          cursor: start.cursor
        },
        inFlight.signal
      )
      this.expanded = new Set()
    } catch (error) {
      this.error = this.fail(error)
    } finally {
      if (this.inFlight === inFlight) this.loading = false
    }
  }

  private setFilters(filters: LeadFilters): void {
    this.filters = filters
    this.notice = ""
    void this.reload()
  }

  /** Reads one control of the filter form into the filters. */
  private filterChanged(event: Event): void {
    const control = event.target as HTMLInputElement | HTMLSelectElement
    const value = control.value.trim()
    const next: Record<string, unknown> = { ...this.filters }
    switch (control.name) {
      case "tier":
        next.tier = value === "" ? undefined : (value as Tier)
        break
      case "min_score":
        next.min_score = value === "" || Number.isNaN(Number(value)) ? undefined : Number(value)
        break
      case "has_email":
        next.has_email = value === "" ? undefined : value === "true"
        break
      case "email_status":
        next.email_status = value === "" ? undefined : (value as EmailStatus)
        break
      case "search":
        next.search = value === "" ? undefined : value
        break
    }
    if (control.name === "search") {
      clearTimeout(this.searchTimer)
      this.searchTimer = setTimeout(() => this.setFilters(next as LeadFilters), SEARCH_DELAY_MS)
    } else this.setFilters(next as LeadFilters)
  }

  /** The search applies while typing, the other controls on change. */
  private searchTyped(event: Event): void {
    if ((event.target as HTMLInputElement).name === "search") this.filterChanged(event)
  }

  private resetFilters(event: Event): void {
    ;(event.target as HTMLFormElement).reset()
    clearTimeout(this.searchTimer)
    this.setFilters({})
  }

  private sort(by: LeadSortBy, firstDir: SortDir): void {
    this.sortDir = this.sortBy === by ? (this.sortDir === "asc" ? "desc" : "asc") : firstDir
    this.sortBy = by
    void this.reload()
  }

  private next(): void {
    const result = this.result
    const current = this.trail.at(-1)
    if (result === undefined || current === undefined) return
    this.trail = [...this.trail, { page: current.page + 1, cursor: result.next_cursor ?? undefined }]
    void this.load()
  }

  private previous(): void {
    if (this.trail.length < 2) return
    this.trail = this.trail.slice(0, -1)
    void this.load()
  }

  private toggle(lead: Lead): void {
    const next = new Set(this.expanded)
    if (next.has(lead.id)) next.delete(lead.id)
    else next.add(lead.id)
    this.expanded = next
  }

  /** Enter or Space opens a row's details; the arrow keys, Home and End move between rows. */
  private rowKey(event: KeyboardEvent, lead: Lead): void {
    if (event.target !== event.currentTarget) return
    const rows = [...this.renderRoot.querySelectorAll<HTMLTableRowElement>("tr.lead")]
    const at = rows.indexOf(event.currentTarget as HTMLTableRowElement)
    const moveTo = (index: number) => {
      event.preventDefault()
      rows[Math.max(0, Math.min(rows.length - 1, index))]?.focus()
    }
    switch (event.key) {
      case "Enter":
      case " ":
        event.preventDefault()
        this.toggle(lead)
        break
      case "ArrowDown":
        moveTo(at + 1)
        break
      case "ArrowUp":
        moveTo(at - 1)
        break
      case "Home":
        moveTo(0)
        break
      case "End":
        moveTo(rows.length - 1)
        break
    }
  }

  private async optOut(event: Event, lead: Lead): Promise<void> {
    event.stopPropagation()
    const yes = await this.confirmDialog.ask({
      title: "Opt out this lead?",
      message: `${lead.name}${lead.email === null ? "" : ` <${lead.email}>`} will be hidden from lists, stats and exports, and not imported again.`,
      confirmLabel: "Opt out"
    })
    if (!yes) return
    try {
      const answer = await this.api.optOut(lead.id)
      this.dispatchEvent(lfEvent("lf-optout", { leadId: lead.id, email: answer.email }))
      await this.load()
      this.notice = `${lead.name} opted out.`
    } catch (error) {
      this.error = this.fail(error)
    }
  }

  private async exportCsv(): Promise<void> {
    this.exporting = true
    this.error = ""
    try {
      const file = await this.api.exportLeads(this.campaignId, this.filters)
      saveFile(this.renderRoot, file.blob, file.filename)
      this.notice = `Exported ${file.filename}.`
    } catch (error) {
      this.error = this.fail(error)
    } finally {
      this.exporting = false
    }
  }

  override render() {
    return html`${this.renderFilters()}
      <div class="row toolbar">
        <span role="status" class="muted">${this.summary()}</span>
        <span class="spacer"></span>
        <button class="secondary" part="export" ?disabled=${this.exporting || this.result?.total === 0} @click=${this.exportCsv}>
          ${this.exporting ? "Exporting…" : "Export CSV"}
        </button>
      </div>
      <div class="alert" role="alert">${this.error}</div>
      <div class="notice" role="status">${this.notice}</div>
      ${this.renderTable()} ${this.renderPager()}
      <lf-confirm-dialog></lf-confirm-dialog>`
  }

  private summary(): string {
    const r = this.result
    if (r === undefined) return this.loading ? "Loading leads…" : ""
    if (this.loading) return "Loading leads…"
    if (r.total === 0) return "No leads"
    const first = (r.page - 1) * r.per_page + 1
    return `Leads ${formatCount(first)}–${formatCount(first + r.leads.length - 1)} of ${formatCount(r.total)}`
  }

  private renderFilters() {
    const f = this.filters
    return html`<form class="filters" part="filters" role="search" aria-label="Filter leads" @change=${this.filterChanged} @input=${this.searchTyped} @reset=${this.resetFilters} @submit=${(e: Event) => e.preventDefault()}>
      <div class="field search">
        <label for="f-search">Search</label>
        <input id="f-search" name="search" type="search" placeholder="Name, fund, email or role" .value=${f.search ?? ""} />
      </div>
      <div class="field">
        <label for="f-tier">Tier</label>
        <select id="f-tier" name="tier">
          <option value="">All tiers</option>
          ${TIERS.map((t) => html`<option value=${t} ?selected=${f.tier === t}>${t}</option>`)}
        </select>
      </div>
      <div class="field">
        <label for="f-min-score">Minimum score</label>
        <input id="f-min-score" name="min_score" type="number" min="0" max="100" step="1" inputmode="numeric" .value=${f.min_score === undefined ? "" : String(f.min_score)} />
      </div>
      <div class="field">
        <label for="f-has-email">Email</label>
        <select id="f-has-email" name="has_email">
          <option value="">With or without</option>
          <option value="true" ?selected=${f.has_email === true}>With email</option>
          <option value="false" ?selected=${f.has_email === false}>Without email</option>
        </select>
      </div>
      <div class="field">
        <label for="f-email-status">Email status</label>
        <select id="f-email-status" name="email_status">
          <option value="">Any status</option>
          ${EMAIL_STATUSES.map((s) => html`<option value=${s} ?selected=${f.email_status === s}>${s.replace("_", " ")}</option>`)}
        </select>
      </div>
      <div class="field">
        <button type="reset" class="secondary">Clear filters</button>
      </div>
    </form>`
  }

  private renderTable() {
    const r = this.result
    if (r === undefined) return nothing
    const filtered = Object.values(this.filters).some((v) => v !== undefined)
    if (r.total === 0 && !this.loading) {
      return html`<p class="empty card">${filtered ? "No leads match these filters." : "No leads yet. Import a CSV file to add some."}</p>`
    }
    return html`<div class="table-wrap" role="region" aria-label="Leads" tabindex="0">
      <table part="table" aria-busy=${this.loading ? "true" : "false"}>
        <caption class="visually-hidden">
          Leads, sorted by ${this.sortBy.replace("_", " ")} ${this.sortDir === "asc" ? "ascending" : "descending"}. Press Enter on a row for its details.
        </caption>
        <thead>
          <tr>
            ${this.sortHeader("name")} ${this.sortHeader("fund")}
            <th scope="col" class="unsorted">Email</th>
            ${this.sortHeader("score", "num")}
            <th scope="col" class="wide unsorted">Location</th>
            ${this.sortHeader("scraped_at", "wide")}
            <th scope="col" class="unsorted"><span class="visually-hidden">Actions</span></th>
          </tr>
        </thead>
        <tbody>
          ${r.leads.map((lead) => this.renderRow(lead))}
        </tbody>
      </table>
    </div>`
  }

  private sortHeader(by: LeadSortBy, className = "") {
    const column = SORTABLE.find((c) => c.by === by)
    if (column === undefined) return nothing
    const active = this.sortBy === by
    const sort = active ? (this.sortDir === "asc" ? "ascending" : "descending") : "none"
    return html`<th scope="col" class=${className} aria-sort=${sort}>
      <button type="button" @click=${() => this.sort(by, column.firstDir)}>
        ${column.label}<span aria-hidden="true">${active ? (this.sortDir === "asc" ? "▲" : "▼") : "↕"}</span>
      </button>
    </th>`
  }

  private renderRow(lead: Lead) {
    const open = this.expanded.has(lead.id)
    return html`<tr
        class="lead"
        tabindex="0"
        data-lead-id=${lead.id}
        aria-expanded=${open ? "true" : "false"}
        @click=${() => this.toggle(lead)}
        @keydown=${(e: KeyboardEvent) => this.rowKey(e, lead)}
      >
        <td class="name"><span class="lead-name">${lead.name}</span><span class="sub">${lead.role ?? ""}</span></td>
        <td class="fund">${lead.fund ?? "—"}</td>
        <td class="email">${lead.email ?? html`<span class="muted">no email</span>`}<span class="sub">${lead.email === null ? "" : lead.email_status.replace("_", " ")}</span></td>
        <td class="num score">${formatScore(lead.score)}<span class="sub">${tierBadge(lead.tier)}</span></td>
        <td class="wide">${lead.hq ?? "—"}</td>
        <td class="wide date">${formatDate(lead.scraped_at)}</td>
        <td class="action">
          <button type="button" class="link" @click=${(e: Event) => this.optOut(e, lead)} aria-label="Opt out ${lead.name}">Opt out</button>
        </td>
      </tr>
      ${open ? this.renderDetails(lead) : nothing}`
  }

  private renderDetails(lead: Lead) {
    const fields: Array<[string, string | null]> = [
      ["Fund", lead.fund],
      ["Role", lead.role],
      ["Email source", lead.email_source],
      ["Verified", lead.email_verified ? `yes, ${formatDateTime(lead.last_verified)}` : "no"],
      ["Sectors", lead.sectors],
      ["Stage", lead.stage],
      ["Check size", lead.check_size],
      ["Location", lead.hq],
      ["Phone", lead.phone],
      ["Scraped", formatDateTime(lead.scraped_at)]
    ]
    const link = (label: string, href: string | null) =>
      href === null || !/^https?:\/\//i.test(href) ? nothing : html`<dt>${label}</dt><dd><a href=${href} target="_blank" rel="noopener noreferrer">${href}</a></dd>`
    return html`<tr class="details">
      <td colspan="7">
        <dl>
          ${fields.map(([label, value]) => html`<dt>${label}</dt><dd>${value ?? "—"}</dd>`)}
          ${link("LinkedIn", lead.linkedin)} ${link("Website", lead.website)} ${link("Found at", lead.source)}
        </dl>
      </td>
    </tr>`
  }

  private renderPager() {
    const r = this.result
    if (r === undefined || r.total <= r.per_page) return nothing
    const hasNext = r.next_cursor !== null || r.page * r.per_page < r.total
    return html`<nav class="row pager" aria-label="Lead pages">
      <button class="secondary" ?disabled=${this.trail.length < 2 || this.loading} @click=${this.previous}>Previous</button>
      <span>Page ${r.page} of ${formatCount(Math.ceil(r.total / r.per_page))}</span>
      <button class="secondary" ?disabled=${!hasNext || this.loading} @click=${this.next}>Next</button>
    </nav>`
  }
}

declare global {
  interface HTMLElementTagNameMap {
    "lf-lead-table": LfLeadTable
  }
}
