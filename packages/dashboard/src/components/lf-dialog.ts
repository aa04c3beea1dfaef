/** A modal dialog on the native <dialog>: inert page behind it, focus kept inside, Escape closes. */
import { html, LitElement } from "lit"
import { customElement, property, query } from "lit/decorators.js"
import { baseStyles } from "../styles/base.styles.js"
import { dialogStyles } from "./lf-dialog.styles.js"

const FOCUSABLE =
  'a[href], button:not([disabled]), input:not([disabled]):not([type="hidden"]), select:not([disabled]), textarea:not([disabled]), [tabindex]:not([tabindex="-1"])'

/** The focused element, looking through open shadow roots. */
const deepActiveElement = (): Element | null => {
  let active = document.activeElement
  while (active?.shadowRoot?.activeElement) active = active.shadowRoot.activeElement
  return active
}

/**
 * @summary A modal dialog with a title, a body and a footer of actions.
 *
 * @slot - The body.
 * @slot footer - The actions, usually buttons.
 *
 * @event close - The dialog closed (a button, Escape, or `close()`).
 *
 * @csspart dialog - The native dialog element.
 * @csspart title - The heading.
 *
 * @cssproperty --lf-color-surface - Background of the dialog.
 */
@customElement("lf-dialog")
export class LfDialog extends LitElement {
  static override styles = [baseStyles, dialogStyles]

  /** The heading, also the dialog's accessible name. */
  @property() label = ""

  @query("dialog") private dialog!: HTMLDialogElement

  get open(): boolean {
    return this.dialog?.open ?? false
  }

  /** Opens the dialog modally and focuses its first control (or the one with `autofocus`). */
  async show(): Promise<void> {
    await this.updateComplete
    if (!this.dialog.open) this.dialog.showModal()
    const controls = this.focusables()
    const first = controls.find((el) => el.hasAttribute("autofocus")) ?? controls.find((el) => !el.classList.contains("close"))
    ;(first ?? controls[0])?.focus()
  }

  close(): void {
    this.dialog?.close()
  }

  /** The dialog's controls in tab order: its close button, then the slotted body and footer. */
  private focusables(): Array<HTMLElement> {
    const own = [...this.renderRoot.querySelectorAll<HTMLElement>("button.close")]
    const slotted = [...this.renderRoot.querySelectorAll("slot")].flatMap((slot) =>
      slot.assignedElements({ flatten: true }).flatMap((el) => [
        ...(el.matches(FOCUSABLE) ? [el as HTMLElement] : []),
        ...el.querySelectorAll<HTMLElement>(FOCUSABLE)
      ])
    )
    return [...own, ...slotted].filter((el) => el.getClientRects().length > 0)
  }

  /** Tab from the last control goes to the first, Shift+Tab from the first to the last. */
  private keepFocusInside(event: KeyboardEvent): void {
    if (event.key !== "Tab") return
    const controls = this.focusables()
    const first = controls[0]
    const last = controls.at(-1)
    if (first === undefined || last === undefined) return
    const active = deepActiveElement()
    const inside = controls.some((el) => el === active)
    if (event.shiftKey && (active === first || !inside)) {
      event.preventDefault()
      last.focus()
    } else if (!event.shiftKey && (active === last || !inside)) {
      event.preventDefault()
      first.focus()
    }
  }

  override render() {
    return html`<dialog
      part="dialog"
      aria-labelledby="title"
      @keydown=${this.keepFocusInside}
      @close=${() => this.dispatchEvent(new Event("close"))}
    >
      <header>
        <h2 id="title" part="title">${this.label}</h2>
        <button type="button" class="close" aria-label="Close dialog" @click=${() => this.close()}>×</button>
      </header>
      <div class="body"><slot></slot></div>
      <footer><slot name="footer"></slot></footer>
    </dialog>`
  }
}

declare global {
  interface HTMLElementTagNameMap {
    "lf-dialog": LfDialog
  }
}
