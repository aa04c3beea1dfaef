import { css } from "lit"

export const overviewStyles = css`
  :host {
    container-type: inline-size;
  }
  .figures {
    grid-template-columns: repeat(auto-fit, minmax(8.5rem, 1fr));
  }
  .figure dd {
    font-size: 1.6em;
  }
  .columns {
    display: grid;
    grid-template-columns: minmax(0, 1fr) minmax(0, 1.4fr);
    gap: 1rem;
    margin-top: 1rem;
  }
  @container (max-width: 720px) {
    .columns {
      grid-template-columns: minmax(0, 1fr);
    }
  }
  ul {
    list-style: none;
    padding: 0;
    margin: 0;
  }
  li {
    display: flex;
    flex-wrap: wrap;
    gap: 0.25rem 0.75rem;
    align-items: baseline;
    padding: 0.55rem 0;
    border-bottom: 1px solid var(--_border);
  }
  li:last-child {
    border-bottom: none;
  }
  li a {
    font-weight: 600;
    flex: 1 1 10rem;
  }
  .progress {
    display: inline-flex;
    gap: 0.4rem;
    align-items: center;
  }
  .progress progress {
    width: 5rem;
  }
`
