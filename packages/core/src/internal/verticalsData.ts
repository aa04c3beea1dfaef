/**
 * The four verticals and the crawler's seed queries for each. A TypeScript module rather than JSON so
 * that it ships in the build without extra tsconfig entries; VerticalsLive decodes it with `Vertical`.
 */
export const verticalsData = [
  {
    slug: "vc",
    name: "Venture Capital",
    description: "Partners, principals and associates at venture capital firms, from pre-seed to growth.",
    seed_count: 450,
    search_queries: [
      "venture capital firm team partners",
      "seed fund general partner",
      "series a investor team page",
      "early stage vc portfolio team"
    ]
  },
  {
    slug: "pe",
    name: "Private Equity",
    description: "Managing directors, principals and deal teams at buyout and growth equity firms.",
    seed_count: 320,
    search_queries: [
      "private equity firm team",
      "buyout fund managing director",
      "growth equity investment team",
      "lower middle market private equity"
    ]
  },
  {
    slug: "family_office",
    name: "Family Offices",
    description: "Chief investment officers and direct-investment teams at single and multi-family offices.",
    seed_count: 210,
    search_queries: [
      "single family office direct investments",
      "multi family office chief investment officer",
      "family office venture investments team"
    ]
  },
  {
    slug: "corp_dev",
    name: "Corporate Development",
    description: "Corporate development, M&A and corporate venture teams at operating companies.",
    seed_count: 180,
    search_queries: [
      "corporate development team m&a",
      "corporate venture capital arm team",
      "head of corporate development"
    ]
  }
]
