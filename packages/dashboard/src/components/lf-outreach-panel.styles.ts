import { css } from "lit"

export const outreachPanelStyles = css`
  form.launch {
    display: grid;
    grid-template-columns: repeat(auto-fill, minmax(12rem, 1fr));
    gap: 0.75rem;
    align-items: end;
  }
  fieldset {
    border: 0;
    margin: 0;
    padding: 0;
    display: flex;
    gap: 0.5rem;
    flex-wrap: wrap;
  }
  .status-active,
  .status-ready {
    color: var(--_success);
  }
  .status-failed {
    color: var(--_danger);
  }
  td.actions {
    white-space: nowrap;
  }
`
