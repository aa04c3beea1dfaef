import { css } from "lit"

export const barChartStyles = css`
  figure {
    margin: 0;
  }
  figcaption {
    font-weight: 700;
    font-size: 1.05em;
    margin-bottom: 0.6rem;
  }
  .bars {
    display: grid;
    grid-template-columns: max-content 1fr max-content;
    gap: 0.45rem 0.6rem;
    align-items: center;
  }
  .track {
    height: 0.9rem;
    border-radius: 999px;
    background: color-mix(in srgb, var(--_muted) 12%, var(--_surface));
    overflow: hidden;
  }
  .fill {
    height: 100%;
    border-radius: 999px;
    min-width: 2px;
  }
  .value {
    font-variant-numeric: tabular-nums;
    text-align: right;
  }
  svg {
    display: block;
    width: 100%;
    height: auto;
    overflow: visible;
  }
  svg text {
    font-size: 11px;
    fill: var(--_muted);
  }
  svg .count {
    fill: var(--_text);
  }
  .empty {
    padding: 1rem 0;
  }
`
