import { css } from "lit"

export const appStyles = css`
  :host {
    min-height: 100%;
    background: var(--_bg);
  }
  .bar {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    gap: 0.5rem 1.25rem;
    padding: 0.6rem 1.25rem;
    background: var(--_surface);
    border-bottom: 1px solid var(--_border);
  }
  .brand {
    font-weight: 800;
    font-size: 1.15em;
    color: var(--_text);
    text-decoration: none;
    letter-spacing: -0.01em;
  }
  .brand span {
    color: var(--_primary);
  }
  nav ul {
    display: flex;
    gap: 0.25rem;
    list-style: none;
    margin: 0;
    padding: 0;
  }
  nav a {
    display: block;
    padding: 0.4rem 0.7rem;
    border-radius: calc(var(--_radius) * 0.75);
    text-decoration: none;
    color: var(--_muted);
    font-weight: 600;
  }
  nav a[aria-current="page"] {
    color: var(--_primary);
    background: color-mix(in srgb, var(--_primary) 10%, var(--_surface));
  }
  .user {
    margin-left: auto;
    display: flex;
    align-items: center;
    gap: 0.75rem;
  }
  .user .who {
    text-align: right;
    font-size: 0.9em;
    line-height: 1.25;
  }
  main {
    max-width: 72rem;
    margin: 0 auto;
    padding: 1.25rem;
  }
  main:focus {
    outline: none;
  }
  main > h1 {
    margin-bottom: 1rem;
  }
  .login {
    display: grid;
    justify-items: center;
    padding-top: 8vh;
  }
  .login lf-login {
    width: 100%;
  }
  @media (max-width: 560px) {
    .bar {
      padding: 0.5rem 0.75rem;
    }
    nav {
      order: 3;
      width: 100%;
    }
    nav a {
      padding: 0.35rem 0.55rem;
    }
    main {
      padding: 0.75rem;
    }
    .user .who {
      display: none;
    }
  }
`
