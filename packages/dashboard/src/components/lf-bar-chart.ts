/** A bar chart drawn with CSS (horizontal bars) or SVG (vertical columns); no chart library. */
import { html, LitElement, svg } from "lit"
import { customElement, property } from "lit/decorators.js"
import { formatCount } from "../format.js"
import { baseStyles } from "../styles/base.styles.js"
import { barChartStyles } from "./lf-bar-chart.styles.js"

export interface Bar {
  readonly label: string
  readonly value: number
  /** A CSS color; the primary color when absent. */
  readonly color?: string
}

/**
 * @summary A small bar chart with its figures readable by screen readers.
 *
 * @csspart chart - The figure.
 *
 * @cssproperty --lf-color-primary - Color of bars that have none of their own.
 */
@customElement("lf-bar-chart")
export class LfBarChart extends LitElement {
  static override styles = [baseStyles, barChartStyles]

  /** The chart's caption and accessible name. */
  @property() label = ""

  /** `bars` (horizontal, labels on the left) or `columns` (a histogram). */
  @property() variant: "bars" | "columns" = "bars"

  @property({ attribute: false }) bars: ReadonlyArray<Bar> = []

  private description(): string {
    return `${this.label}: ${this.bars.map((b) => `${b.label} ${formatCount(b.value)}`).join(", ")}`
  }

  override render() {
    const max = Math.max(0, ...this.bars.map((b) => b.value))
    const body =
      max === 0
        ? html`<p class="empty muted">No data yet.</p>`
        : this.variant === "bars"
          ? this.renderBars(max)
          : this.renderColumns(max)
    return html`<figure part="chart">
      <figcaption>${this.label}</figcaption>
      <div role="img" aria-label=${this.description()}>${body}</div>
    </figure>`
  }

  private renderBars(max: number) {
    return html`<div class="bars" aria-hidden="true">
      ${this.bars.map(
        (bar) => html`<span>${bar.label}</span>
          <span class="track"
            ><span class="fill" style="display:block;width:${(bar.value / max) * 100}%;background:${bar.color ?? "var(--_primary)"}"></span
          ></span>
          <span class="value">${formatCount(bar.value)}</span>`
      )}
    </div>`
  }

  private renderColumns(max: number) {
    const width = 320
    const height = 140
    const slot = width / this.bars.length
    const barWidth = slot * 0.7
    return html`<svg viewBox="0 -14 ${width} ${height + 32}" aria-hidden="true">
      ${this.bars.map((bar, i) => {
        const h = (bar.value / max) * height
        const x = i * slot + (slot - barWidth) / 2
        return svg`<rect x=${x} y=${height - h} width=${barWidth} height=${Math.max(h, 1)} rx="2"
            fill=${bar.color ?? "var(--_primary)"}></rect>
          <text class="count" x=${x + barWidth / 2} y=${height - h - 4} text-anchor="middle">${bar.value > 0 ? formatCount(bar.value) : ""}</text>
          <text x=${x + barWidth / 2} y=${height + 16} text-anchor="middle">${bar.label}</text>`
      })}
    </svg>`
  }
}

declare global {
  interface HTMLElementTagNameMap {
    "lf-bar-chart": LfBarChart
  }
}
