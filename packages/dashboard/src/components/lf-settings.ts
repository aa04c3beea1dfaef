/** Account settings: API keys (create, shown once, revoke) and the credits balance and history. */
import { html, nothing } from "lit"
import { customElement, property, query, state } from "lit/decorators.js"
import { ApiError } from "../api/ApiClient.js"
import type { ApiKey, CreatedApiKey, CreditBalance, CreditHistory } from "../api/types.js"
import { formatCount, formatDateTime } from "../format.js"
import { LfElement } from "../LfElement.js"
import { baseStyles } from "../styles/base.styles.js"
import type { LfConfirmDialog } from "./lf-confirm-dialog.js"
import { settingsStyles } from "./lf-settings.styles.js"
import "./lf-confirm-dialog.js"
import "./lf-integrations.js"

/**
 * @summary API keys and credits of the signed-in account.
 *
 * @event lf-error - A call failed.
 *
 * @csspart new-key - The box that shows a new key once.
 * @csspart keys - The table of keys.
 * @csspart history - The table of credit transactions.
 *
 * @cssproperty --lf-color-primary - Buttons and the new-key box.
 */
@customElement("lf-settings")
export class LfSettings extends LfElement {
  static override styles = [baseStyles, settingsStyles]

  /** Credit transactions per page. */
  @property({ type: Number, attribute: "per-page" }) perPage = 20

  @state() private keys: ReadonlyArray<ApiKey> | undefined
  @state() private created: CreatedApiKey | undefined
  @state() private balance: CreditBalance | undefined
  @state() private history: CreditHistory | undefined
  @state() private historyPage = 1
  @state() private error = ""
  @state() private notice = ""
  @state() private keyError: ApiError | undefined
  @state() private creating = false

  @query("lf-confirm-dialog") private confirmDialog!: LfConfirmDialog

  protected override async load(): Promise<void> {
    this.error = ""
    const [keys, balance, history] = await Promise.allSettled([
      this.api.apiKeys(),
      this.api.credits(),
      this.api.creditHistory(this.historyPage, this.perPage)
    ])
    if (keys.status === "fulfilled") this.keys = keys.value
    if (balance.status === "fulfilled") this.balance = balance.value
    if (history.status === "fulfilled") this.history = history.value
    const failed = [keys, balance, history].find((r) => r.status === "rejected")
    if (failed !== undefined) this.error = this.fail(failed.reason)
  }

  private async createKey(event: SubmitEvent): Promise<void> {
    event.preventDefault()
    const form = event.target as HTMLFormElement
    const name = String(new FormData(form).get("name") ?? "").trim()
    this.creating = true
    this.keyError = undefined
    this.notice = ""
    try {
      this.created = await this.api.createApiKey(name)
      form.reset()
      this.keys = await this.api.apiKeys()
      await this.updateComplete
      this.renderRoot.querySelector<HTMLInputElement>("#new-key")?.select()
    } catch (error) {
      this.fail(error)
      this.keyError = error instanceof ApiError ? error : new ApiError(0, "ClientError", String(error))
    } finally {
      this.creating = false
    }
  }

  private async copyKey(): Promise<void> {
    const key = this.created?.key
    if (key === undefined) return
    try {
      await navigator.clipboard.writeText(key)
      this.notice = "The key is copied to the clipboard."
    } catch {
      // No clipboard permission (an insecure origin, say): leave it selected for Ctrl+C.
      this.renderRoot.querySelector<HTMLInputElement>("#new-key")?.select()
      this.notice = "Copying is not allowed here; the key is selected, press Ctrl+C."
    }
  }

  private async revoke(key: ApiKey): Promise<void> {
    const yes = await this.confirmDialog.ask({
      title: "Revoke API key?",
      message: `Programs that use “${key.name}” will be refused at once.`,
      confirmLabel: "Revoke key"
    })
    if (!yes) return
    try {
      await this.api.revokeApiKey(key.id)
      if (this.created?.id === key.id) this.created = undefined
      this.keys = await this.api.apiKeys()
      this.notice = `Key “${key.name}” revoked.`
    } catch (error) {
      this.error = this.fail(error)
    }
  }

  private async historyTo(page: number): Promise<void> {
    this.historyPage = page
    try {
      this.history = await this.api.creditHistory(page, this.perPage)
    } catch (error) {
      this.error = this.fail(error)
    }
  }

  override render() {
    return html`<div class="stack">
        <div class="alert" role="alert">${this.error}</div>
        <div class="notice" role="status">${this.notice}</div>
        <section class="card" aria-labelledby="keys-title">
          <h2 id="keys-title">API keys</h2>
          <p class="muted">A key lets a program call the API for you: <code>Authorization: Bearer lf_…</code>.</p>
          ${this.renderCreateKey()} ${this.renderKeys()}
        </section>
        <section class="card" aria-labelledby="credits-title">
          <h2 id="credits-title">Credits</h2>
          ${this.renderCredits()}
        </section>
        <lf-integrations .apiBase=${this.apiBase} .token=${this.token} .tokenKey=${this.tokenKey}></lf-integrations>
      </div>
      <lf-confirm-dialog></lf-confirm-dialog>`
  }

  private renderCreateKey() {
    const nameError = this.keyError?.fieldMessage("name")
    return html`<form class="create-key" novalidate @submit=${this.createKey}>
        <div class="field">
          <label for="key-name">Key name</label>
          <input
            id="key-name"
            name="name"
            maxlength="100"
            placeholder="e.g. CRM sync"
            aria-invalid=${nameError === undefined ? "false" : "true"}
            aria-describedby=${nameError === undefined ? nothing : "key-name-error"}
          />
          ${nameError === undefined ? nothing : html`<span class="field-error" id="key-name-error">${nameError}</span>`}
        </div>
        <button type="submit" ?disabled=${this.creating}>${this.creating ? "Creating…" : "Create key"}</button>
      </form>
      <div class="alert" role="alert">${this.keyError !== undefined && nameError === undefined ? this.keyError.message : ""}</div>
      ${this.created === undefined
        ? nothing
        : html`<div class="new-key" part="new-key">
            <label for="new-key">Your new key “${this.created.name}”. Copy it now: it is shown only this once.</label>
            <div class="row">
              <input id="new-key" readonly .value=${this.created.key} @focus=${(e: Event) => (e.target as HTMLInputElement).select()} />
              <button type="button" class="secondary" @click=${this.copyKey}>Copy</button>
              <button type="button" class="link" @click=${() => (this.created = undefined)}>Done</button>
            </div>
          </div>`}`
  }

  private renderKeys() {
    if (this.keys === undefined) return this.error === "" ? html`<p class="loading" role="status">Loading keys…</p>` : nothing
    const active = this.keys.filter((k) => k.is_active)
    if (active.length === 0) return html`<p class="empty">No API keys yet.</p>`
    return html`<div class="table-wrap" style="margin-top:1rem">
      <table part="keys">
        <caption class="visually-hidden">API keys</caption>
        <thead>
          <tr>
            <th scope="col">Name</th>
            <th scope="col" class="medium">Created</th>
            <th scope="col">Last used</th>
            <th scope="col"><span class="visually-hidden">Actions</span></th>
          </tr>
        </thead>
        <tbody>
          ${active.map(
            (k) => html`<tr data-key-id=${k.id}>
              <td>${k.name}${k.start === undefined ? nothing : html` <code class="muted">${k.start}…</code>`}</td>
              <td class="medium">${formatDateTime(k.created_at)}</td>
              <td>${k.last_used === null ? "never" : formatDateTime(k.last_used)}</td>
              <td><button type="button" class="danger" @click=${() => this.revoke(k)} aria-label="Revoke ${k.name}">Revoke</button></td>
            </tr>`
          )}
        </tbody>
      </table>
    </div>`
  }

  private renderCredits() {
    const b = this.balance
    const h = this.history
    return html`${b === undefined
        ? nothing
        : html`<p class="balance"><strong>${formatCount(b.credits_remaining)}</strong> of ${formatCount(b.credits_monthly)} credits left
            <span class="badge">${b.plan} plan</span></p>`}
      ${h === undefined
        ? nothing
        : h.transactions.length === 0
          ? html`<p class="empty">No credit transactions yet.</p>`
          : html`<div class="table-wrap">
                <table part="history">
                  <caption class="visually-hidden">Credit transactions, newest first</caption>
                  <thead>
                    <tr>
                      <th scope="col">When</th>
                      <th scope="col">Reason</th>
                      <th scope="col" class="num">Amount</th>
                      <th scope="col" class="num medium">Balance</th>
                    </tr>
                  </thead>
                  <tbody>
                    ${h.transactions.map(
                      (t) => html`<tr>
                        <td>${formatDateTime(t.created_at)}</td>
                        <td>${t.reason.replace("_", " ")}</td>
                        <td class="num ${t.amount > 0 ? "positive" : ""}">${t.amount > 0 ? "+" : ""}${formatCount(t.amount)}</td>
                        <td class="num medium">${formatCount(t.balance_after)}</td>
                      </tr>`
                    )}
                  </tbody>
                </table>
              </div>
              ${this.renderHistoryPager(h.total)}`}`
  }

  private renderHistoryPager(total: number) {
    const pages = Math.ceil(total / this.perPage)
    if (pages <= 1) return nothing
    return html`<nav class="row pager" aria-label="Credit history pages">
      <button class="secondary" ?disabled=${this.historyPage <= 1} @click=${() => this.historyTo(this.historyPage - 1)}>Previous</button>
      <span>Page ${this.historyPage} of ${pages}</span>
      <button class="secondary" ?disabled=${this.historyPage >= pages} @click=${() => this.historyTo(this.historyPage + 1)}>Next</button>
    </nav>`
  }
}

declare global {
  interface HTMLElementTagNameMap {
    "lf-settings": LfSettings
  }
}
