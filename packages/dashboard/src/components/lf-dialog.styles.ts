import { css } from "lit"

export const dialogStyles = css`
  :host {
    display: contents;
  }
  dialog {
    border: 1px solid var(--_border);
    border-radius: var(--_radius);
    background: var(--_surface);
    color: var(--_text);
    padding: 0;
    width: min(34rem, calc(100vw - 1.5rem));
    max-height: calc(100vh - 2rem);
    box-shadow: 0 20px 50px rgb(0 0 0 / 25%);
  }
  dialog::backdrop {
    background: rgb(15 18 30 / 45%);
  }
  header {
    display: flex;
    align-items: center;
    gap: 0.5rem;
    padding: 0.9rem 1rem 0.5rem;
  }
  h2 {
    margin: 0;
    flex: 1;
  }
  .body {
    padding: 0.5rem 1rem 1rem;
  }
  footer {
    display: flex;
    flex-wrap: wrap;
    justify-content: flex-end;
    gap: 0.5rem;
    padding: 0 1rem 1rem;
  }
  .close {
    font-size: 1.4em;
    line-height: 1;
    padding: 0.2rem 0.55rem;
    min-height: 0;
    background: none;
    color: var(--_muted);
    border-color: transparent;
  }
`
