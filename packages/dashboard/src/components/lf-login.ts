/** Log in or register against the API; the API's messages appear next to the fields they concern. */
import { html, nothing } from "lit"
import { customElement, property, state } from "lit/decorators.js"
import { ApiError } from "../api/ApiClient.js"
import type { AuthAnswer } from "../api/types.js"
import { lfEvent } from "../events.js"
import { LfElement, storeToken } from "../LfElement.js"
import { baseStyles } from "../styles/base.styles.js"
import { loginStyles } from "./lf-login.styles.js"

type Field = "email" | "password" | "name" | "company"

/**
 * @summary A log-in and registration form.
 *
 * @event lf-login - Logged in or registered; the token is stored in localStorage under `token-key`.
 * @event lf-error - A call failed (wrong password, email taken, server unreachable).
 *
 * @csspart form - The form.
 * @csspart submit - The submit button.
 *
 * @cssproperty --lf-color-primary - Buttons and links.
 * @cssproperty --lf-color-danger - Error messages.
 */
@customElement("lf-login")
export class LfLogin extends LfElement {
  static override styles = [baseStyles, loginStyles]

  /** Which form shows first. */
  @property({ reflect: true }) mode: "login" | "register" = "login"

  @state() private busy = false
  @state() private error: ApiError | undefined

  protected override async load(): Promise<void> {
    // Nothing to fetch before the user types.
  }

  private async submit(event: SubmitEvent): Promise<void> {
    event.preventDefault()
    const data = new FormData(event.target as HTMLFormElement)
    const text = (name: Field) => String(data.get(name) ?? "")
    this.busy = true
    this.error = undefined
    try {
      const company = text("company").trim()
      const answer: AuthAnswer =
        this.mode === "login"
          ? await this.api.login(text("email"), text("password"))
          : await this.api.register({
              email: text("email"),
              password: text("password"),
              name: text("name"),
              ...(company === "" ? {} : { company })
            })
      storeToken(this.tokenKey, answer.access_token)
      this.dispatchEvent(
        lfEvent("lf-login", { token: answer.access_token, user: answer.user, registered: this.mode === "register" })
      )
    } catch (error) {
      this.fail(error)
      this.error = error instanceof ApiError ? error : undefined
    } finally {
      this.busy = false
    }
  }

  private switchMode(): void {
    this.mode = this.mode === "login" ? "register" : "login"
    this.error = undefined
  }

  /** The API's sentence, or a pointer to the fields when every problem is shown beside its field. */
  private alertText(): string {
    const error = this.error
    if (error === undefined) return ""
    const shown: ReadonlyArray<Field> = this.mode === "login" ? ["email", "password"] : ["name", "email", "password", "company"]
    const allBesideFields =
      error.fieldErrors.length > 0 && error.fieldErrors.every((e) => shown.includes(ApiError.fieldName(e) as Field))
    return allBesideFields ? "Please correct the marked fields." : error.message
  }

  private field(name: Field, label: string, type: string, autocomplete: string, required = true) {
    const message = this.error?.fieldMessage(name)
    return html`<div class="field">
      <label for=${name}>${label}${required ? "" : html` <span class="muted">(optional)</span>`}</label>
      <input
        id=${name}
        name=${name}
        type=${type}
        autocomplete=${autocomplete}
        ?required=${required}
        aria-invalid=${message === undefined ? "false" : "true"}
        aria-describedby=${message === undefined ? nothing : `${name}-error`}
      />
      ${message === undefined ? nothing : html`<span class="field-error" id="${name}-error">${message}</span>`}
    </div>`
  }

  override render() {
    const registering = this.mode === "register"
    return html`<div class="card">
      <h1>${registering ? "Create your account" : "Log in to LeadFactory"}</h1>
      <form part="form" novalidate @submit=${this.submit} aria-busy=${this.busy ? "true" : "false"}>
        ${registering ? this.field("name", "Name", "text", "name") : nothing}
        ${this.field("email", "Email", "email", "email")}
        ${this.field("password", "Password", "password", registering ? "new-password" : "current-password")}
        ${registering ? this.field("company", "Company", "text", "organization", false) : nothing}
        <div class="alert" role="alert">${this.alertText()}</div>
        <button type="submit" part="submit" ?disabled=${this.busy}>
          ${this.busy ? "Please wait…" : registering ? "Create account" : "Log in"}
        </button>
      </form>
      <p class="switch">
        ${registering ? "Already have an account?" : "New to LeadFactory?"}
        <button type="button" class="link" @click=${this.switchMode}>${registering ? "Log in" : "Create an account"}</button>
      </p>
    </div>`
  }
}

declare global {
  interface HTMLElementTagNameMap {
    "lf-login": LfLogin
  }
}
