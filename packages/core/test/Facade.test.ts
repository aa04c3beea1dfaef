import { mkdtempSync, rmSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { setTimeout as sleep } from "node:timers/promises"
import { type CampaignId, CampaignStore, type CampaignStatus, createLeadFactory, EmailTaken, type LeadFactory, NotFound } from "@leadfactory/core"
import * as SqliteStore from "@leadfactory/store-sqlite"
import { Effect } from "effect"
import { afterAll, beforeAll, describe, expect, it } from "vitest"

const directory = mkdtempSync(join(tmpdir(), "lf-facade-"))
const filename = join(directory, "facade.db")
const open = () => createLeadFactory({ store: SqliteStore.layer({ filename }), secretKey: "facade-test-secret", bcryptCost: 4 })

/** The rejection of `promise`, failing the test when it resolves. */
const rejection = async (promise: Promise<unknown>) => {
  try {
    await promise
  } catch (error) {
    return error as { readonly _tag?: string; readonly message?: string }
  }
  throw new Error("expected a rejection")
}

const HEADER = "Name,Email,Email Status,Role,Fund,Focus Areas,Stage,Check Size,Location,LinkedIn,Website,Lead Score,Tier,Source,Scraped At"
/** Three leads; the suppression list is global, so each test uses its own email domain. */
const csv = (domain: string) => [
  HEADER,
  `Ann,ann@${domain},scraped,Partner,Acme Ventures,"Fintech, SaaS",Seed,$1M,Berlin,N/A,https://acme.vc,91,🔴 HOT,https://acme.vc/team,2025-01-02T03:04:05`,
  "Bob,N/A,guessed,Principal,Acme Ventures,SaaS,Series A,N/A,Berlin,N/A,https://acme.vc,64,🟡 WARM,https://acme.vc/team,2025-01-02T03:04:05",
  `Cy,cy@${domain},dns_harvest,Analyst,Acme Ventures,N/A,Seed,N/A,Munich,N/A,N/A,12,⚪ COLD,https://acme.vc/team,2025-01-02T03:04:05`
].join("\n")

/** Sets a campaign's run status as a campaign worker would, on a second connection to the file. */
const setStatus = (campaignId: string, status: CampaignStatus) =>
  Effect.runPromise(
    Effect.flatMap(CampaignStore, (campaigns) => campaigns.updateProgress(campaignId as CampaignId, { status })).pipe(
      Effect.provide(SqliteStore.layer({ filename }))
    )
  )

describe("createLeadFactory on SQLite", () => {
  let lf: LeadFactory
  beforeAll(async () => {
    lf = await open()
  })
  afterAll(async () => {
    await lf.close()
    rmSync(directory, { recursive: true, force: true })
  })

  it("registers, signs in and authenticates with plain objects and strings", async () => {
    const session = await lf.accounts.register({ email: " Ada@Example.com ", password: "correct horse", name: "Ada" })
    expect(session.user).toMatchObject({ email: "ada@example.com", credits_remaining: 500, company: null })
    const login = await lf.accounts.login({ email: "ADA@example.com", password: "correct horse" })
    expect((await lf.accounts.authenticate(login.access_token)).id).toBe(session.user.id)
    expect((await lf.accounts.me(session.user.id)).last_login).toBeInstanceOf(Date)
    const key = await lf.accounts.createApiKey(session.user.id, "script")
    expect((await lf.accounts.authenticate(key.key)).id).toBe(session.user.id)
    expect((await lf.accounts.listApiKeys(session.user.id)).map((k) => k.name)).toEqual(["script"])
    await lf.accounts.revokeApiKey(session.user.id, key.id)
    expect((await rejection(lf.accounts.authenticate(key.key)))._tag).toBe("Unauthorized")
  })

  it("rejects with the tagged error instances of the Effect API", async () => {
    await lf.accounts.register({ email: "taken@example.com", password: "correct horse", name: "T" })
    const taken = await rejection(lf.accounts.register({ email: "TAKEN@example.com", password: "correct horse", name: "T" }))
    expect(taken).toBeInstanceOf(EmailTaken)
    expect(taken._tag).toBe("EmailTaken")
    expect((await rejection(lf.accounts.login({ email: "taken@example.com", password: "wrong horse" })))._tag).toBe(
      "InvalidCredentials"
    )
    const invalid = await rejection(lf.accounts.register({ email: "nope", password: "short", name: "" }))
    expect(invalid).toMatchObject({ _tag: "InvalidInput" })
    expect((invalid as { errors: ReadonlyArray<{ field: string }> }).errors.map((e) => e.field).sort()).toEqual([
      "email", "name", "password"
    ])
    const notAnId = await rejection(lf.campaigns.get("not-a-uuid", "also-not"))
    expect(notAnId).toBeInstanceOf(NotFound)
  })

  it("creates, lists, gets and deletes campaigns", async () => {
    const { user } = await lf.accounts.register({ email: "campaigns@example.com", password: "correct horse", name: "C" })
    const campaign = await lf.campaigns.create(user.id, { name: "Seed funds", vertical: "vc" })
    expect(campaign).toMatchObject({ status: "pending", config: {} })
    expect((await lf.campaigns.list(user.id)).campaigns.map((c) => c.id)).toEqual([campaign.id])
    expect((await lf.campaigns.get(user.id, campaign.id)).name).toBe("Seed funds")
    expect((await rejection(lf.campaigns.create(user.id, { name: "X", vertical: "crypto" })))._tag).toBe("UnknownVertical")
    expect((await rejection(lf.campaigns.list(user.id, { per_page: "ten" as unknown as number })))._tag).toBe("InvalidInput")
    await lf.campaigns.delete(user.id, campaign.id)
    expect((await rejection(lf.campaigns.get(user.id, campaign.id)))._tag).toBe("NotFound")
  })

  it("lists, exports as an AsyncIterable, counts and opts out leads", async () => {
    const { user } = await lf.accounts.register({ email: "leads@example.com", password: "correct horse", name: "L" })
    const other = await lf.accounts.register({ email: "other@example.com", password: "correct horse", name: "O" })
    const campaign = await lf.campaigns.create(user.id, { name: "Leads", vertical: "pe" })
    const summary = await lf.importCsv(user.id, campaign.id, csv("acme.vc"))
    expect(summary).toMatchObject({ rows_read: 3, imported: 3, with_email: 2, error_count: 0 })
    expect((await lf.campaigns.get(user.id, campaign.id)).total_leads).toBe(3)
    const page = await lf.leads.list(user.id, campaign.id, { has_email: true })
    expect([page.total, page.leads.map((lead) => lead.name)]).toEqual([2, ["Ann", "Cy"]])
    const exported: Array<string> = []
    for await (const lead of lf.leads.export(user.id, campaign.id)) exported.push(lead.name)
    expect(exported).toEqual(["Ann", "Bob", "Cy"])
    const foreign = lf.leads.export(other.user.id, campaign.id)[Symbol.asyncIterator]()
    expect(await rejection(foreign.next())).toBeInstanceOf(NotFound)
    expect(await lf.leads.stats(user.id, campaign.id)).toMatchObject({ total_leads: 3, with_email: 2, hot_leads: 1 })
    expect((await lf.leads.freshness(user.id, campaign.id)).never_verified).toBe(3)
    const annId = page.leads.find((lead) => lead.name === "Ann")!.id
    expect(await lf.leads.optOut(user.id, annId)).toMatchObject({ email: "ann@acme.vc", opted_out: true })
    expect((await lf.leads.list(user.id, campaign.id)).total).toBe(2)
    expect((await rejection(lf.leads.optOutByEmail("no at sign")))._tag).toBe("InvalidInput")
    expect(await lf.leads.optOutByEmail("cy@acme.vc")).toEqual(await lf.leads.optOutByEmail("unknown@acme.vc"))
    expect(await lf.stats.overview(user.id)).toMatchObject({ total_campaigns: 1, total_leads: 1, total_emails: 0 })
  })

  it("imports a CSV again without duplicates, skips suppressed addresses, and guards the campaign", async () => {
    const { user } = await lf.accounts.register({ email: "import@example.com", password: "correct horse", name: "I" })
    const other = await lf.accounts.register({ email: "import-other@example.com", password: "correct horse", name: "O" })
    const campaign = await lf.campaigns.create(user.id, { name: "Imports", vertical: "family_office" })
    expect((await lf.importCsv(user.id, campaign.id, new TextEncoder().encode(csv("import.vc")))).imported).toBe(3)
    expect(await lf.importCsv(user.id, campaign.id, csv("import.vc"))).toMatchObject({ imported: 0, unchanged: 3 })
    expect((await lf.leads.list(user.id, campaign.id)).total).toBe(3)

    const fresh = await lf.campaigns.create(user.id, { name: "After opt-out", vertical: "vc" })
    await lf.leads.optOutByEmail("ANN@import.vc")
    expect(await lf.importCsv(user.id, fresh.id, csv("import.vc"))).toMatchObject({ imported: 2, suppressed: 1 })

    expect(await rejection(lf.importCsv(other.user.id, campaign.id, csv("import.vc")))).toBeInstanceOf(NotFound)
    expect((await rejection(lf.importCsv(user.id, campaign.id, "just,some\nwords,here")))._tag).toBe("InvalidCsv")
    await setStatus(campaign.id, "running")
    expect((await rejection(lf.importCsv(user.id, campaign.id, csv("import.vc"))))._tag).toBe("CampaignRunning")
  })

  it("grants and charges credits, and reads the verticals", async () => {
    const { user } = await lf.accounts.register({ email: "credits@example.com", password: "correct horse", name: "Cr" })
    await sleep(5) // distinct timestamps, so that the ledger's newest-first order is defined
    expect((await lf.credits.grant(user.id, 10)).balance_after).toBe(510)
    await sleep(5)
    expect((await lf.credits.charge(user.id, 500)).balance_after).toBe(10)
    expect((await rejection(lf.credits.charge(user.id, 11)))._tag).toBe("InsufficientCredits")
    expect((await rejection(lf.credits.charge(user.id, -1)))._tag).toBe("InvalidInput")
    expect(await lf.credits.balance(user.id)).toMatchObject({ credits_remaining: 10 })
    expect((await lf.credits.history(user.id)).transactions.map((t) => t.reason)).toEqual(["campaign_run", "grant", "signup"])
    expect((await lf.verticals.list()).map((v) => v.slug)).toEqual(["vc", "pe", "family_office", "corp_dev"])
    expect((await rejection(lf.verticals.get("crypto")))._tag).toBe("UnknownVertical")
  })

  it("keeps the data in the file across close and reopen", async () => {
    const again = await open()
    try {
      expect((await again.accounts.login({ email: "ada@example.com", password: "correct horse" })).user.name).toBe("Ada")
    } finally {
      await again.close()
    }
  })
})

describe("createLeadFactory settings", () => {
  it("rejects at startup on an invalid bcrypt cost", async () => {
    const error = await rejection(
      createLeadFactory({ store: SqliteStore.layer({ filename: ":memory:" }), secretKey: "s", bcryptCost: 99 })
    )
    expect(String(error)).toContain("bcrypt cost")
  })
})
