/**
 * Styles every component shares: the theme (public `--lf-*` properties read into private `--_*`
 * ones, so an inherited theme reaches nested components), form controls, buttons, cards, tables,
 * and the grid of figures (`dl.figures` of `.figure` items, each a `dt` label under its `dd` value).
 */
import { css } from "lit"

export const baseStyles = css`
  :host {
    --_primary: var(--lf-color-primary, #4338ca);
    --_on-primary: var(--lf-color-on-primary, #ffffff);
    --_bg: var(--lf-color-background, #f5f6fa);
    --_surface: var(--lf-color-surface, #ffffff);
    --_text: var(--lf-color-text, #1f2433);
    --_muted: var(--lf-color-muted, #5b6275);
    --_border: var(--lf-color-border, #d9dce5);
    --_danger: var(--lf-color-danger, #b42318);
    --_success: var(--lf-color-success, #1c7c3c);
    --_radius: var(--lf-radius, 8px);
    --_hot: var(--lf-tier-hot, #d92d20);
    --_warm: var(--lf-tier-warm, #dc8a04);
    --_cool: var(--lf-tier-cool, #1c9a4a);
    --_cold: var(--lf-tier-cold, #7a8399);
    display: block;
    box-sizing: border-box;
    color: var(--_text);
    font-family: var(--lf-font-family, system-ui, -apple-system, "Segoe UI", Roboto, sans-serif);
    font-size: var(--lf-font-size, 15px);
    line-height: 1.45;
  }
  :host([hidden]) {
    display: none;
  }
  *,
  *::before,
  *::after {
    box-sizing: inherit;
  }
  h1,
  h2,
  h3 {
    line-height: 1.2;
    margin: 0 0 0.6em;
  }
  h1 {
    font-size: 1.5em;
  }
  h2 {
    font-size: 1.2em;
  }
  h3 {
    font-size: 1.05em;
  }
  a {
    color: var(--_primary);
  }
  .card {
    background: var(--_surface);
    border: 1px solid var(--_border);
    border-radius: var(--_radius);
    padding: 1rem;
  }
  .card h2,
  .card h3 {
    font-size: 1.05em;
  }
  .stack > * + * {
    margin-top: 1rem;
  }
  .row {
    display: flex;
    flex-wrap: wrap;
    gap: 0.5rem;
    align-items: center;
  }
  .spacer {
    flex: 1;
  }
  .muted {
    color: var(--_muted);
  }
  .visually-hidden {
    position: absolute;
    width: 1px;
    height: 1px;
    overflow: hidden;
    clip-path: inset(50%);
    white-space: nowrap;
  }
  label,
  .label {
    display: block;
    font-weight: 600;
    font-size: 0.9em;
    margin-bottom: 0.25rem;
  }
  .field {
    display: flex;
    flex-direction: column;
    min-width: 0;
  }
  .field-error {
    color: var(--_danger);
    font-size: 0.85em;
    margin-top: 0.25rem;
  }
  input,
  select,
  textarea {
    font: inherit;
    color: inherit;
    background: var(--_surface);
    border: 1px solid var(--_border);
    border-radius: calc(var(--_radius) * 0.75);
    padding: 0.45rem 0.6rem;
    min-height: 2.4rem;
    width: 100%;
  }
  input[type="checkbox"] {
    width: auto;
    min-height: 0;
  }
  input[aria-invalid="true"] {
    border-color: var(--_danger);
  }
  button {
    font: inherit;
    font-weight: 600;
    cursor: pointer;
    border-radius: calc(var(--_radius) * 0.75);
    padding: 0.45rem 0.9rem;
    min-height: 2.4rem;
    border: 1px solid var(--_primary);
    background: var(--_primary);
    color: var(--_on-primary);
    white-space: nowrap;
  }
  button.secondary {
    background: var(--_surface);
    color: var(--_primary);
  }
  button.danger {
    background: var(--_surface);
    color: var(--_danger);
    border-color: var(--_danger);
  }
  button.link {
    background: none;
    border: none;
    color: var(--_primary);
    padding: 0.2rem;
    min-height: 0;
  }
  button:disabled {
    opacity: 0.5;
    cursor: not-allowed;
  }
  :focus-visible {
    outline: 3px solid color-mix(in srgb, var(--_primary) 55%, transparent);
    outline-offset: 2px;
  }
  .alert {
    border-radius: var(--_radius);
    padding: 0.6rem 0.8rem;
    background: color-mix(in srgb, var(--_danger) 10%, var(--_surface));
    color: var(--_danger);
    border: 1px solid color-mix(in srgb, var(--_danger) 35%, transparent);
  }
  .notice {
    border-radius: var(--_radius);
    padding: 0.6rem 0.8rem;
    background: color-mix(in srgb, var(--_success) 10%, var(--_surface));
    color: var(--_success);
    border: 1px solid color-mix(in srgb, var(--_success) 35%, transparent);
  }
  .alert:empty,
  .notice:empty {
    display: none;
  }
  .table-wrap {
    overflow-x: auto;
    border: 1px solid var(--_border);
    border-radius: var(--_radius);
    background: var(--_surface);
  }
  table {
    border-collapse: collapse;
    width: 100%;
  }
  th,
  td {
    text-align: left;
    padding: 0.5rem 0.65rem;
    border-bottom: 1px solid var(--_border);
    vertical-align: top;
  }
  th {
    font-size: 0.85em;
    color: var(--_muted);
    font-weight: 600;
    white-space: nowrap;
  }
  tbody tr:last-child td {
    border-bottom: none;
  }
  td.num,
  th.num {
    text-align: right;
    font-variant-numeric: tabular-nums;
  }
  .badge {
    display: inline-block;
    padding: 0.05rem 0.5rem;
    border-radius: 999px;
    font-size: 0.8em;
    font-weight: 600;
    background: color-mix(in srgb, var(--_muted) 14%, var(--_surface));
    color: var(--_text);
    white-space: nowrap;
  }
  .tier-HOT {
    background: color-mix(in srgb, var(--_hot) 16%, var(--_surface));
    color: color-mix(in srgb, var(--_hot) 80%, black);
  }
  .tier-WARM {
    background: color-mix(in srgb, var(--_warm) 18%, var(--_surface));
    color: color-mix(in srgb, var(--_warm) 65%, black);
  }
  .tier-COOL {
    background: color-mix(in srgb, var(--_cool) 16%, var(--_surface));
    color: color-mix(in srgb, var(--_cool) 70%, black);
  }
  .tier-COLD {
    background: color-mix(in srgb, var(--_cold) 18%, var(--_surface));
    color: color-mix(in srgb, var(--_cold) 60%, black);
  }
  .status-running,
  .status-queued {
    background: color-mix(in srgb, var(--_primary) 14%, var(--_surface));
    color: var(--_primary);
  }
  .status-completed {
    background: color-mix(in srgb, var(--_success) 14%, var(--_surface));
    color: var(--_success);
  }
  .status-failed {
    background: color-mix(in srgb, var(--_danger) 14%, var(--_surface));
    color: var(--_danger);
  }
  .empty,
  .loading {
    padding: 1.5rem 1rem;
    text-align: center;
    color: var(--_muted);
  }
  progress {
    width: 100%;
    height: 0.6rem;
    accent-color: var(--_primary);
  }
  .figures {
    display: grid;
    gap: 0.75rem;
    margin: 0;
  }
  .figure {
    display: flex;
    flex-direction: column-reverse;
    justify-content: flex-end;
    margin: 0;
  }
  .figure dt {
    color: var(--_muted);
    font-size: 0.85em;
  }
  .figure dd {
    margin: 0;
    font-weight: 700;
    font-variant-numeric: tabular-nums;
  }
`
