import { css } from "lit"

export const importDialogStyles = css`
  :host {
    display: contents;
  }
  .upload {
    display: grid;
    gap: 0.5rem;
    margin: 0.75rem 0;
  }
  .summary {
    display: grid;
    grid-template-columns: repeat(auto-fill, minmax(7.5rem, 1fr));
    gap: 0.5rem;
    margin: 0.75rem 0;
  }
  .summary div {
    border: 1px solid var(--_border);
    border-radius: var(--_radius);
    padding: 0.4rem 0.6rem;
  }
  .summary dt {
    color: var(--_muted);
    font-size: 0.8em;
  }
  .summary dd {
    margin: 0;
    font-weight: 700;
    font-variant-numeric: tabular-nums;
  }
  .row-errors {
    max-height: 14rem;
    overflow: auto;
  }
  .row-errors td:first-child {
    white-space: nowrap;
  }
  input[type="file"] {
    padding: 0.35rem;
  }
`
