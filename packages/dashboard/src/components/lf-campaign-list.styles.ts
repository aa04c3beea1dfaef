import { css } from "lit"

export const campaignListStyles = css`
  :host {
    container-type: inline-size;
  }
  form.create {
    display: grid;
    grid-template-columns: minmax(0, 2fr) minmax(0, 1fr) auto;
    gap: 0.75rem;
    align-items: start;
  }
  form.create button {
    margin-top: 1.55rem;
  }
  @container (max-width: 600px) {
    form.create {
      grid-template-columns: minmax(0, 1fr);
    }
    form.create button {
      margin-top: 0;
    }
  }
  ul {
    list-style: none;
    padding: 0;
    margin: 0;
  }
  li.campaign {
    display: grid;
    grid-template-columns: minmax(0, 2fr) minmax(0, 1.3fr) minmax(0, 1fr) auto;
    gap: 0.5rem 1rem;
    align-items: center;
    padding: 0.75rem 1rem;
    border-bottom: 1px solid var(--_border);
  }
  li.campaign:last-child {
    border-bottom: none;
  }
  @container (max-width: 720px) {
    li.campaign {
      grid-template-columns: minmax(0, 1fr);
    }
  }
  .name a {
    font-weight: 600;
  }
  .progress {
    display: flex;
    gap: 0.5rem;
    align-items: center;
    margin-top: 0.3rem;
  }
  .progress progress {
    flex: 1;
    max-width: 9rem;
  }
  .actions {
    display: flex;
    flex-wrap: wrap;
    gap: 0.4rem;
  }
  .error-message {
    color: var(--_danger);
    font-size: 0.85em;
  }
  .pager {
    justify-content: flex-end;
    margin-top: 0.75rem;
  }
`
