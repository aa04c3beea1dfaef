import { css } from "lit"

export const campaignDetailStyles = css`
  :host {
    container-type: inline-size;
  }
  header {
    display: flex;
    flex-wrap: wrap;
    gap: 0.5rem 1rem;
    align-items: flex-start;
  }
  header h1 {
    margin: 0.3rem 0 0.4rem;
    overflow-wrap: anywhere;
  }
  .progress {
    display: inline-flex;
    gap: 0.4rem;
    align-items: center;
  }
  .progress progress {
    width: 6rem;
  }
  .figures {
    grid-template-columns: repeat(auto-fill, minmax(8.5rem, 1fr));
  }
  .figure dd {
    font-size: 1.45em;
  }
  .charts {
    display: grid;
    grid-template-columns: minmax(0, 1fr) minmax(0, 1fr) minmax(0, 0.9fr);
    gap: 1rem;
  }
  @container (max-width: 900px) {
    .charts {
      grid-template-columns: minmax(0, 1fr) minmax(0, 1fr);
    }
  }
  @container (max-width: 560px) {
    .charts {
      grid-template-columns: minmax(0, 1fr);
    }
  }
  ol {
    margin: 0;
    padding-left: 1.3rem;
  }
  ol li {
    display: flex;
    justify-content: space-between;
    gap: 0.5rem;
  }
  ol li span:first-child {
    overflow-wrap: anywhere;
  }
`
