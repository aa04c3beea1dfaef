import { css } from "lit"

export const loginStyles = css`
  :host {
    max-width: 26rem;
  }
  form {
    display: grid;
    gap: 0.9rem;
  }
  .switch {
    margin: 1rem 0 0;
    text-align: center;
  }
  button[type="submit"] {
    width: 100%;
  }
`
