/**
 * A crawler CSV for tests, made from lead specs the way the crawl engine writes it (emoji tiers,
 * N/A for missing values, quoted commas), and the rows an export of those leads must contain.
 */
import { tierFromScore } from "@leadfactory/core"

export interface FixtureLead {
  readonly name: string
  readonly email: string | null
  readonly status: string | null
  readonly role: string
  readonly fund: string
  readonly sectors: string
  readonly stage: string
  readonly checkSize: string
  readonly location: string
  readonly linkedin: string | null
  readonly website: string
  readonly score: number
  readonly source: string
  readonly scrapedAt: string
}

export const HEADER =
  "Name,Email,Email Status,Role,Fund,Focus Areas,Stage,Check Size,Location,LinkedIn,Website,Lead Score,Tier,Source,Scraped At"

const EMOJI = { HOT: "🔴 HOT", WARM: "🟡 WARM", COOL: "🟢 COOL", COLD: "⚪ COLD" } as const

const funds = ["Acme Ventures", "Beta Capital", "Gamma Partners", "Delta Family Office"]
const sectors = ["AI, SaaS", "Fintech; Health", "Climate", "Consumer, Marketplaces"]
const stages = ["Seed", "Series A", "Series B"]
const locations = ["San Francisco, CA", "New York, NY", "London", "Berlin"]
const statuses = ["scraped", "guessed", "dns_harvest", "unknown", "verified"]
const scores = [98, 91, 85.5, 80, 77, 72.5, 66, 60, 59, 51, 45, 40, 38, 22, 15]

/** `count` varied leads: every tier, missing emails and LinkedIn, quotes, commas and accents. */
export const fixtureLeads = (count: number): Array<FixtureLead> =>
  Array.from({ length: count }, (_, i) => {
    const name = i === 1 ? "Ann \"AJ\" Lee" : i === 2 ? "Zoë Müller" : `Investor ${String(i).padStart(3, "0")}`
    const hasEmail = i % 5 !== 4
    return {
      name,
      email: hasEmail ? `investor${i}@${funds[i % 4]!.split(" ")[0]!.toLowerCase()}.example` : null,
      status: hasEmail ? statuses[i % statuses.length]! : null,
      role: i % 3 === 0 ? "Partner" : "Principal",
      fund: funds[i % 4]!,
      sectors: sectors[i % 4]!,
      stage: stages[i % 3]!,
      checkSize: `$${(i % 4) + 1}M-$${(i % 4) + 5}M`,
      location: locations[i % 4]!,
      linkedin: i % 6 === 5 ? null : `https://www.linkedin.com/in/investor-${i}`,
      website: `https://${funds[i % 4]!.split(" ")[0]!.toLowerCase()}.example`,
      score: scores[i % scores.length]!,
      source: `https://${funds[i % 4]!.split(" ")[0]!.toLowerCase()}.example/team`,
      scrapedAt: `2024-05-${String((i % 28) + 1).padStart(2, "0")}T09:${String(i % 60).padStart(2, "0")}:00`
    }
  })

const quote = (cell: string) => (/[",\r\n]/.test(cell) ? `"${cell.replaceAll("\"", "\"\"")}"` : cell)

/** The crawler's file for `leads`, with `extraLines` (raw CSV lines) appended. */
export const crawlerCsv = (leads: ReadonlyArray<FixtureLead>, extraLines: ReadonlyArray<string> = []): string =>
  [
    HEADER,
    ...leads.map((lead) =>
      [
        lead.name,
        lead.email ?? "N/A",
        lead.status ?? "N/A",
        lead.role,
        lead.fund,
        lead.sectors,
        lead.stage,
        lead.checkSize,
        lead.location,
        lead.linkedin ?? "N/A",
        lead.website,
        String(lead.score),
        EMOJI[tierFromScore(lead.score)],
        lead.source,
        lead.scrapedAt
      ].map(quote).join(",")
    ),
    ...extraLines
  ].join("\r\n") + "\r\n"

/** The export row of a lead, as parsed cells keyed by the header. */
export const expectedExportRow = (lead: FixtureLead): Record<string, string> => ({
  Name: lead.name,
  Email: lead.email ?? "",
  "Email Status": lead.status ?? "",
  Role: lead.role,
  Fund: lead.fund,
  "Focus Areas": lead.sectors,
  Stage: lead.stage,
  "Check Size": lead.checkSize,
  Location: lead.location,
  LinkedIn: lead.linkedin ?? "",
  Website: lead.website,
  "Lead Score": String(lead.score),
  Tier: tierFromScore(lead.score),
  Source: lead.source,
  "Scraped At": lead.scrapedAt
})
