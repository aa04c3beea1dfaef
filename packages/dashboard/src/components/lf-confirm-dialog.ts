/** A yes-or-no question in a modal dialog, asked with `await confirmDialog.ask(...)`. */
import { html, LitElement } from "lit"
import { customElement, query, state } from "lit/decorators.js"
import { baseStyles } from "../styles/base.styles.js"
import type { LfDialog } from "./lf-dialog.js"
import "./lf-dialog.js"

export interface ConfirmQuestion {
  readonly title: string
  readonly message: string
  /** The label of the button that says yes, e.g. "Delete". */
  readonly confirmLabel: string
}

/**
 * @summary Asks the user to confirm an action that cannot be undone.
 *
 * @csspart confirm - The button that confirms.
 */
@customElement("lf-confirm-dialog")
export class LfConfirmDialog extends LitElement {
  static override styles = baseStyles

  @state() private question: ConfirmQuestion = { title: "", message: "", confirmLabel: "" }
  @query("lf-dialog") private dialog!: LfDialog
  private answer: ((yes: boolean) => void) | undefined

  /** Opens the dialog; resolves true when confirmed, false when cancelled or closed. */
  async ask(question: ConfirmQuestion): Promise<boolean> {
    this.settle(false)
    this.question = question
    await this.updateComplete
    const answered = new Promise<boolean>((resolve) => (this.answer = resolve))
    await this.dialog.show()
    return answered
  }

  private settle(yes: boolean): void {
    this.answer?.(yes)
    this.answer = undefined
  }

  private reply(yes: boolean): void {
    this.settle(yes)
    this.dialog.close()
  }

  override render() {
    return html`<lf-dialog label=${this.question.title} @close=${() => this.settle(false)}>
      <p>${this.question.message}</p>
      <button slot="footer" type="button" class="secondary" autofocus @click=${() => this.reply(false)}>Cancel</button>
      <button slot="footer" type="button" class="danger" part="confirm" @click=${() => this.reply(true)}>
        ${this.question.confirmLabel}
      </button>
    </lf-dialog>`
  }
}

declare global {
  interface HTMLElementTagNameMap {
    "lf-confirm-dialog": LfConfirmDialog
  }
}
