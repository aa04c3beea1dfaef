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
    margin-top: 1rem;
    text-align: center;
  }
  button[type="submit"] {
    width: 100%;
  }
`
