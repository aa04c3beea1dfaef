import { css } from "lit"

export const settingsStyles = css`
  :host {
    container-type: inline-size;
  }
  form.create-key {
    display: flex;
    flex-wrap: wrap;
    gap: 0.75rem;
    align-items: flex-end;
  }
  form.create-key .field {
    flex: 1 1 14rem;
  }
  .new-key {
    margin-top: 1rem;
    padding: 0.75rem;
    border: 1px dashed var(--_primary);
    border-radius: var(--_radius);
    background: color-mix(in srgb, var(--_primary) 6%, var(--_surface));
  }
  .new-key .row {
    flex-wrap: nowrap;
  }
  .new-key input {
    font-family: ui-monospace, SFMono-Regular, Menlo, monospace;
    font-size: 0.9em;
  }
  .balance {
    font-size: 1.1em;
  }
  .balance strong {
    font-size: 1.4em;
  }
  td.positive {
    color: var(--_success);
  }
  .pager {
    justify-content: flex-end;
    margin-top: 0.75rem;
  }
  @container (max-width: 520px) {
    .medium {
      display: none;
    }
  }
`
