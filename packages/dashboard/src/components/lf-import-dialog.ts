/** Uploads a crawler CSV into a campaign with a progress bar, then shows the import summary. */
import { html, nothing } from "lit"
import { customElement, property, query, state } from "lit/decorators.js"
import type { ImportSummary } from "../api/types.js"
import { lfEvent } from "../events.js"
import { formatBytes, formatCount } from "../format.js"
import { LfElement } from "../LfElement.js"
import { baseStyles } from "../styles/base.styles.js"
import type { LfDialog } from "./lf-dialog.js"
import { importDialogStyles } from "./lf-import-dialog.styles.js"
import "./lf-dialog.js"

/**
 * @summary The import dialog of a campaign: choose a CSV file, watch it upload, read the summary.
 *
 * @event lf-imported - The import finished; `detail.summary` is the API's import summary.
 * @event lf-error - The upload or the import failed.
 *
 * @csspart summary - The figures of the import summary.
 */
@customElement("lf-import-dialog")
export class LfImportDialog extends LfElement {
  static override styles = [baseStyles, importDialogStyles]

  @property({ attribute: "campaign-id" }) campaignId = ""

  @state() private file: File | undefined
  /** Bytes sent so far, while uploading. */
  @state() private sent: number | undefined
  @state() private summary: ImportSummary | undefined
  @state() private error = ""

  @query("lf-dialog") private dialog!: LfDialog
  private upload: AbortController | undefined

  protected override async load(): Promise<void> {
    // Nothing to fetch until a file is chosen.
  }

  async show(): Promise<void> {
    this.summary = undefined
    this.sent = undefined
    this.error = ""
    this.clearFile()
    await this.dialog.show()
  }

  private clearFile(): void {
    this.file = undefined
    const input = this.renderRoot.querySelector<HTMLInputElement>("input[type=file]")
    if (input !== null) input.value = ""
  }

  private chosen(event: Event): void {
    this.file = (event.target as HTMLInputElement).files?.[0]
    this.summary = undefined
    this.error = ""
  }

  private async start(): Promise<void> {
    const file = this.file
    if (file === undefined) return
    this.upload = new AbortController()
    this.sent = 0
    this.error = ""
    try {
      const summary = await this.api.importCsv(this.campaignId, file, (loaded) => (this.sent = loaded), this.upload.signal)
      this.summary = summary
      this.clearFile()
      this.dispatchEvent(lfEvent("lf-imported", { campaignId: this.campaignId, summary }))
    } catch (error) {
      this.error = this.fail(error)
    } finally {
      this.sent = undefined
      this.upload = undefined
    }
  }

  private closed(): void {
    // Closing the dialog while uploading cancels the upload.
    this.upload?.abort()
  }

  override render() {
    const uploading = this.sent !== undefined
    return html`<lf-dialog label="Import leads from CSV" @close=${this.closed}>
      <p class="muted">
        The crawler's CSV format: <code>Name,Email,Email Status,Role,Fund,…</code>. Leads already in the campaign are
        updated, not repeated.
      </p>
      <div class="upload">
        <label for="csv-file">CSV file</label>
        <input id="csv-file" type="file" accept=".csv,text/csv" @change=${this.chosen} ?disabled=${uploading} />
        ${this.file === undefined ? nothing : html`<span class="muted">${this.file.name}, ${formatBytes(this.file.size)}</span>`}
        ${uploading ? this.renderProgress() : nothing}
      </div>
      <div class="alert" role="alert">${this.error}</div>
      <div role="status">${this.summary === undefined ? nothing : this.renderSummary(this.summary)}</div>
      <button slot="footer" type="button" class="secondary" @click=${() => this.dialog.close()}>
        ${this.summary === undefined ? "Cancel" : "Close"}
      </button>
      <button slot="footer" type="button" ?disabled=${this.file === undefined || uploading} @click=${this.start}>
        ${uploading ? "Importing…" : "Import"}
      </button>
    </lf-dialog>`
  }

  private renderProgress() {
    const total = this.file?.size ?? 0
    const sent = this.sent ?? 0
    const done = total > 0 && sent >= total
    return html`<label for="upload-progress">${done ? "Uploaded; importing…" : `Uploading ${formatBytes(sent)} of ${formatBytes(total)}`}</label>
      <progress id="upload-progress" max=${Math.max(total, 1)} value=${sent}></progress>`
  }

  private renderSummary(s: ImportSummary) {
    const figures: Array<[string, number]> = [
      ["Rows read", s.rows_read],
      ["Imported", s.imported],
      ["Updated", s.updated],
      ["Unchanged", s.unchanged],
      ["Skipped", s.skipped],
      ["Suppressed", s.suppressed],
      ["With email", s.with_email],
      ["Row errors", s.error_count]
    ]
    return html`<h3>Import finished</h3>
      <dl class="summary" part="summary">
        ${figures.map(([label, n]) => html`<div><dt>${label}</dt><dd>${formatCount(n)}</dd></div>`)}
      </dl>
      ${s.errors.length === 0
        ? nothing
        : html`<div class="table-wrap row-errors" role="region" aria-label="Rows with errors" tabindex="0">
            <table>
              <caption class="visually-hidden">Rows that were not imported</caption>
              <thead><tr><th scope="col">Line</th><th scope="col">Problem</th></tr></thead>
              <tbody>
                ${s.errors.map((e) => html`<tr><td class="num">${e.line}</td><td>${e.message}</td></tr>`)}
              </tbody>
            </table>
          </div>
          ${s.error_count > s.errors.length
            ? html`<p class="muted">The first ${s.errors.length} of ${formatCount(s.error_count)} rows with errors are shown.</p>`
            : nothing}`}`
  }
}

declare global {
  interface HTMLElementTagNameMap {
    "lf-import-dialog": LfImportDialog
  }
}
