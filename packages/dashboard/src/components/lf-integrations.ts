/** The user's outreach provider keys: which are stored (last four characters only), and a form to set one. */
import { html, nothing } from "lit"
import { customElement, state } from "lit/decorators.js"
import { type Integration, OUTREACH_PROVIDERS, type OutreachProviderName, outreachApi } from "../api/outreach.js"
import { formatDateTime } from "../format.js"
import { LfElement } from "../LfElement.js"
import { baseStyles } from "../styles/base.styles.js"

/**
 * @summary Outreach integrations: Instantly and Smartlead keys, and a signed webhook.
 *
 * @event lf-error - A call failed.
 *
 * @csspart integrations - The table of stored keys.
 */
@customElement("lf-integrations")
export class LfIntegrations extends LfElement {
  static override styles = [baseStyles]

  @state() private integrations: ReadonlyArray<Integration> | undefined
  @state() private provider: OutreachProviderName = "instantly"
  @state() private error = ""
  @state() private notice = ""
  @state() private saving = false

  protected override async load(): Promise<void> {
    this.error = ""
    try {
      this.integrations = await outreachApi(this.api).integrations()
    } catch (error) {
      this.error = this.fail(error)
    }
  }

  private async save(event: SubmitEvent): Promise<void> {
    event.preventDefault()
    const form = event.target as HTMLFormElement
    const data = new FormData(form)
    const value = (name: string) => {
      const text = String(data.get(name) ?? "").trim()
      return text === "" ? {} : { [name]: text }
    }
    this.saving = true
    this.error = ""
    this.notice = ""
    try {
      const saved = await outreachApi(this.api).putIntegration(this.provider, { ...value("api_key"), ...value("url"), ...value("secret") })
      // The key leaves the page with the request: the form is emptied at once.
      form.reset()
      this.notice = `${saved.provider} key …${saved.key_last4} saved.`
      this.integrations = await outreachApi(this.api).integrations()
    } catch (error) {
      this.error = this.fail(error)
    } finally {
      this.saving = false
    }
  }

  override render() {
    const webhook = this.provider === "webhook"
    return html`<section class="card stack" aria-labelledby="integrations-title">
      <h2 id="integrations-title">Outreach integrations</h2>
      <div class="alert" role="alert">${this.error}</div>
      <div class="notice" role="status">${this.notice}</div>
      ${this.integrations === undefined || this.integrations.length === 0
        ? html`<p class="muted">No provider key stored.</p>`
        : html`<div class="table-wrap"><table part="integrations">
            <thead><tr><th>Provider</th><th>Key</th><th>URL</th><th>Updated</th></tr></thead>
            <tbody>${this.integrations.map((i) =>
              html`<tr data-provider=${i.provider}><td>${i.provider}</td><td>…${i.key_last4}</td><td>${i.url ?? ""}</td><td>${formatDateTime(i.updated_at)}</td></tr>`
            )}</tbody>
          </table></div>`}
      <form class="stack" @submit=${this.save}>
        <div class="field">
          <label for="integration-provider">Provider</label>
          <select id="integration-provider" @change=${(e: Event) => (this.provider = (e.target as HTMLSelectElement).value as OutreachProviderName)}>
            ${OUTREACH_PROVIDERS.map((p) => html`<option value=${p} ?selected=${p === this.provider}>${p}</option>`)}
          </select>
        </div>
        ${webhook
          ? html`<div class="field"><label for="integration-url">Webhook URL</label><input id="integration-url" name="url" type="url" required /></div>
              <div class="field"><label for="integration-secret">Signing secret (16+ characters)</label>
                <input id="integration-secret" name="secret" type="password" minlength="16" required autocomplete="off" /></div>`
          : nothing}
        <div class="field">
          <label for="integration-key">${webhook ? "Bearer token (optional)" : "API key"}</label>
          <input id="integration-key" name="api_key" type="password" ?required=${!webhook} autocomplete="off" />
        </div>
        <div><button type="submit" ?disabled=${this.saving}>Save key</button></div>
      </form>
    </section>`
  }
}

declare global {
  interface HTMLElementTagNameMap {
    "lf-integrations": LfIntegrations
  }
}
