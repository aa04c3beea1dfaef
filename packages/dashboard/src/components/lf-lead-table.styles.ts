import { css } from "lit"

export const leadTableStyles = css`
  :host {
    container-type: inline-size;
  }
  form.filters {
    display: grid;
    grid-template-columns: repeat(auto-fill, minmax(9.5rem, 1fr));
    gap: 0.75rem;
    align-items: end;
  }
  form.filters .search {
    grid-column: span 2;
  }
  @container (max-width: 420px) {
    form.filters {
      grid-template-columns: minmax(0, 1fr) minmax(0, 1fr);
    }
  }
  .toolbar {
    margin: 0.75rem 0;
  }
  th button {
    background: none;
    border: none;
    color: inherit;
    padding: 0;
    min-height: 0;
    font-weight: 600;
    display: inline-flex;
    gap: 0.25rem;
    align-items: center;
  }
  th[aria-sort="ascending"] button,
  th[aria-sort="descending"] button {
    color: var(--_text);
  }
  tbody tr.lead {
    cursor: pointer;
  }
  tbody tr.lead:hover {
    background: color-mix(in srgb, var(--_primary) 5%, var(--_surface));
  }
  tbody tr.lead:focus-visible {
    outline-offset: -3px;
  }
  tr.details td {
    background: color-mix(in srgb, var(--_muted) 6%, var(--_surface));
  }
  tr.details dl {
    display: grid;
    grid-template-columns: max-content minmax(0, 1fr);
    gap: 0.2rem 1rem;
    margin: 0;
  }
  tr.details dt {
    color: var(--_muted);
  }
  tr.details dd {
    margin: 0;
    overflow-wrap: anywhere;
  }
  .email {
    overflow-wrap: anywhere;
  }
  .sub {
    display: block;
    color: var(--_muted);
    font-size: 0.85em;
  }
  table[aria-busy="true"] tbody {
    opacity: 0.55;
  }
  @container (max-width: 760px) {
    .wide {
      display: none;
    }
  }
  td.date {
    white-space: nowrap;
  }
  /* Narrow: each lead is a card, the sortable headers a row of buttons. */
  @container (max-width: 560px) {
    table,
    thead,
    tbody,
    tr,
    th,
    td {
      display: block;
    }
    thead tr {
      display: flex;
      flex-wrap: wrap;
      gap: 0.3rem 1rem;
      padding: 0.5rem 0.65rem;
      border-bottom: 1px solid var(--_border);
    }
    thead th {
      padding: 0;
      border: none;
    }
    thead th.unsorted {
      display: none;
    }
    tbody tr.lead {
      display: grid;
      grid-template-columns: minmax(0, 1fr) auto;
      gap: 0.15rem 0.75rem;
      padding: 0.6rem 0.65rem;
      border-bottom: 1px solid var(--_border);
    }
    tbody tr.lead td {
      padding: 0;
      border: none;
    }
    td.name,
    td.fund {
      grid-column: 1;
    }
    td.name .lead-name {
      font-weight: 600;
    }
    td.score {
      grid-column: 2;
      grid-row: 1 / span 2;
    }
    td.email,
    td.action {
      grid-column: 1 / -1;
    }
    tr.details td {
      border-bottom: 1px solid var(--_border);
    }
  }
  .pager {
    justify-content: space-between;
    margin-top: 0.75rem;
  }
`
