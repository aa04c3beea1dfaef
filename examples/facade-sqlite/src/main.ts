/** LeadFactory without Effect: the Promise facade on a SQLite file, from sign-up to a list of leads. */
import { fileURLToPath } from "node:url"
import { createLeadFactory, EmailTaken } from "@leadfactory/core"
import * as SqliteStore from "@leadfactory/store-sqlite"

const filename = fileURLToPath(new URL("../data/example.db", import.meta.url))
const lf = await createLeadFactory({ store: SqliteStore.layer({ filename }), secretKey: "example-only-secret" })

try {
  const credentials = { email: "ada@example.com", password: "correct horse battery" }
  // A second run finds the account: failures are the tagged errors of the Effect API.
  const session = await lf.accounts.register({ ...credentials, name: "Ada" }).catch((error: unknown) =>
    error instanceof EmailTaken ? lf.accounts.login(credentials) : Promise.reject(error)
  )
  const userId = session.user.id
  const campaign = await lf.campaigns.create(userId, { name: "Berlin seed funds", vertical: "vc" })

  const csv = `Name,Email,Email Status,Role,Fund,Focus Areas,Stage,Check Size,Location,LinkedIn,Website,Lead Score,Tier,Source,Scraped At
Ann Meyer,ann@acme.vc,scraped,Partner,Acme Ventures,"Fintech, SaaS",Seed,$1M,Berlin,N/A,https://acme.vc,91,🔴 HOT,https://acme.vc/team,2025-01-02T03:04:05
Bo Lind,N/A,guessed,Principal,Acme Ventures,SaaS,Series A,N/A,Berlin,N/A,https://acme.vc,64,🟡 WARM,https://acme.vc/team,2025-01-02T03:04:05
Cy Park,cy@north.vc,dns_harvest,Associate,North Capital,Climate,Seed,N/A,Munich,N/A,https://north.vc,47,🟢 COOL,https://north.vc/people,2025-01-03T10:00:00`
  const summary = await lf.importCsv(userId, campaign.id, csv)
  console.log(`Imported ${summary.imported} of ${summary.rows_read} rows into "${campaign.name}".`)

  const { leads, total } = await lf.leads.list(userId, campaign.id, { sort_by: "score" })
  console.log(`${total} leads, best first:`)
  for (const lead of leads) console.log(`  ${lead.tier.padEnd(4)} ${lead.score}  ${lead.name} <${lead.email ?? "no email"}> ${lead.fund}`)

  const overview = await lf.stats.overview(userId)
  console.log(`${overview.total_campaigns} campaigns, ${overview.total_leads} leads, ${overview.credits_remaining} credits left.`)
} finally {
  await lf.close()
}
