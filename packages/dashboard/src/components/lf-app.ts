/** The whole dashboard: log-in, then overview, campaigns, a campaign's page and settings by URL hash. */
import { html, nothing, type PropertyValues } from "lit"
import { customElement, query, state } from "lit/decorators.js"
import type { User } from "../api/types.js"
import { lfEvent, type LfEvent } from "../events.js"
import { formatCount } from "../format.js"
import { LfElement, readStoredToken, storeToken } from "../LfElement.js"
import { baseStyles } from "../styles/base.styles.js"
import { appStyles } from "./lf-app.styles.js"
import "./lf-campaign-detail.js"
import "./lf-campaign-list.js"
import "./lf-login.js"
import "./lf-overview.js"
import "./lf-settings.js"

export type Route =
  | { readonly name: "login" }
  | { readonly name: "overview" }
  | { readonly name: "campaigns" }
  | { readonly name: "campaign"; readonly id: string }
  | { readonly name: "settings" }

/** Reads a route from a location hash such as `#/campaigns/<id>`; unknown hashes are the overview. */
export const parseRoute = (hash: string): Route => {
  const [first, second] = hash.replace(/^#\/?/, "").split("/").filter((s) => s !== "")
  if (first === "login") return { name: "login" }
  if (first === "settings") return { name: "settings" }
  if (first === "campaigns") return second === undefined ? { name: "campaigns" } : { name: "campaign", id: decodeURIComponent(second) }
  return { name: "overview" }
}

const NAV: ReadonlyArray<readonly [Route["name"], string, string]> = [
  ["overview", "#/", "Overview"],
  ["campaigns", "#/campaigns", "Campaigns"],
  ["settings", "#/settings", "Settings"]
]

/**
 * @summary The LeadFactory dashboard as one element, with its own routes in the URL hash.
 *
 * @event lf-login - The user logged in or registered.
 * @event lf-logout - The user logged out, or the API refused the token.
 * @event lf-error - A call failed (any of the inner components).
 *
 * @csspart bar - The top bar with the navigation.
 * @csspart main - The page area.
 *
 * @cssproperty --lf-color-primary - Accent color: buttons, links, active navigation.
 * @cssproperty --lf-color-background - Page background.
 * @cssproperty --lf-color-surface - Cards and the top bar.
 * @cssproperty --lf-color-text - Text.
 * @cssproperty --lf-color-muted - Secondary text.
 * @cssproperty --lf-color-border - Borders.
 * @cssproperty --lf-color-danger - Errors and destructive buttons.
 * @cssproperty --lf-radius - Corner radius.
 * @cssproperty --lf-font-family - Font.
 */
@customElement("lf-app")
export class LfApp extends LfElement {
  static override styles = [baseStyles, appStyles]

  @state() private route: Route = parseRoute(location.hash)
  @state() private user: User | undefined

  @query("main") private main!: HTMLElement

  private readonly onHashChange = () => {
    this.route = parseRoute(location.hash)
  }

  override connectedCallback(): void {
    super.connectedCallback()
    window.addEventListener("hashchange", this.onHashChange)
    this.addEventListener("lf-login", this.onLogin)
    this.addEventListener("lf-error", this.onError)
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback()
    window.removeEventListener("hashchange", this.onHashChange)
    this.removeEventListener("lf-login", this.onLogin)
    this.removeEventListener("lf-error", this.onError)
  }

  private get signedIn(): boolean {
    return (this.token ?? readStoredToken(this.tokenKey)) !== null
  }

  protected override async load(): Promise<void> {
    if (!this.signedIn) {
      this.user = undefined
      return
    }
    try {
      this.user = await this.api.me()
    } catch (error) {
      this.fail(error)
    }
  }

  private readonly onLogin = (event: LfEvent<"lf-login">) => {
    this.user = event.detail.user
    this.token = event.detail.token
    if (this.route.name === "login") location.hash = "#/"
  }

  /** A 401 outside the log-in form means the token expired or was revoked: sign out. */
  private readonly onError = (event: LfEvent<"lf-error">) => {
    if (event.detail.status === 401 && this.route.name !== "login" && this.signedIn) this.logout("expired")
  }

  private logout(reason: "user" | "expired"): void {
    storeToken(this.tokenKey, null)
    this.token = null
    this.user = undefined
    this.dispatchEvent(lfEvent("lf-logout", { reason }))
    location.hash = "#/login"
  }

  protected override updated(changed: PropertyValues): void {
    // After a navigation, move focus to the new page so that screen readers start there.
    if (changed.has("route") && changed.get("route") !== undefined) this.main?.focus()
  }

  override render() {
    if (!this.signedIn || this.route.name === "login") {
      return html`<main class="login" part="main" tabindex="-1">
        <lf-login .apiBase=${this.apiBase} .tokenKey=${this.tokenKey}></lf-login>
      </main>`
    }
    return html`<header class="bar" part="bar">
        <a class="brand" href="#/">Lead<span>Factory</span></a>
        <nav aria-label="Main">
          <ul>
            ${NAV.map(
              ([name, href, label]) =>
                html`<li>
                  <a href=${href} aria-current=${this.isCurrent(name) ? "page" : nothing}>${label}</a>
                </li>`
            )}
          </ul>
        </nav>
        <div class="user">
          ${this.user === undefined
            ? nothing
            : html`<span class="who"
                >${this.user.name}<br /><span class="muted">${formatCount(this.user.credits_remaining)} credits</span></span
              >`}
          <button type="button" class="secondary" @click=${() => this.logout("user")}>Log out</button>
        </div>
      </header>
      <main part="main" tabindex="-1">${this.renderPage()}</main>`
  }

  private isCurrent(name: Route["name"]): boolean {
    return this.route.name === name || (name === "campaigns" && this.route.name === "campaign")
  }

  private renderPage() {
    switch (this.route.name) {
      case "overview":
        return html`<h1>Overview</h1>
          <lf-overview .apiBase=${this.apiBase} .token=${this.token} .tokenKey=${this.tokenKey}></lf-overview>`
      case "campaigns":
        return html`<h1>Campaigns</h1>
          <lf-campaign-list .apiBase=${this.apiBase} .token=${this.token} .tokenKey=${this.tokenKey}></lf-campaign-list>`
      case "campaign":
        return html`<lf-campaign-detail
          .campaignId=${this.route.id}
          .apiBase=${this.apiBase}
          .token=${this.token}
          .tokenKey=${this.tokenKey}
        ></lf-campaign-detail>`
      case "settings":
        return html`<h1>Settings</h1>
          <lf-settings .apiBase=${this.apiBase} .token=${this.token} .tokenKey=${this.tokenKey}></lf-settings>`
      case "login":
        return nothing
    }
  }
}

declare global {
  interface HTMLElementTagNameMap {
    "lf-app": LfApp
  }
}
