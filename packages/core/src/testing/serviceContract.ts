/**
 * The service-level contract every store must pass: the core services run on the store's layer and
 * are checked operation by operation, error by error, including tenant isolation and races.
 *
 * Each store's test file calls `serviceContractSuite(name, () => Store.layer(...))`. The layer is
 * built once per suite; every test makes its own users with unique emails, so the suite also runs
 * on a database that other tests share.
 */
import { randomUUID } from "node:crypto"
import { describe, expect, layer } from "@effect/vitest"
import bcrypt from "bcrypt"
import { Chunk, Effect, Either, Layer, Option, Schema, Stream } from "effect"
import { decodeJwt, decodeProtectedHeader, SignJWT, UnsecuredJWT } from "jose"
import { ApiKeyId } from "../ApiKey.js"
import { type Campaign, CampaignId, NewCampaign } from "../Campaign.js"
import { LeadFactoryConfig } from "../Config.js"
import { type Lead, type LeadFilter, LeadId, LeadInput, type LeadPageRequest, tierFromScore } from "../Lead.js"
import { dedupeKey } from "../Lead.js"
import { CampaignStore } from "../ports/CampaignStore.js"
import type { Stores } from "../ports/index.js"
import { LeadStore } from "../ports/LeadStore.js"
import { SuppressionStore } from "../ports/SuppressionStore.js"
import { UserStore } from "../ports/UserStore.js"
import { Accounts } from "../services/Accounts.js"
import { Campaigns } from "../services/Campaigns.js"
import { Credits } from "../services/Credits.js"
import { Leads } from "../services/Leads.js"
import { servicesLayer } from "../services/ServicesLive.js"
import { Stats } from "../services/Stats.js"
import { Verticals } from "../services/Verticals.js"
import { RegisterRequest, type Session } from "../Session.js"
import { UserId } from "../User.js"

const SECRET = "service-contract-secret-0123456789-abcdefghij"
const secretBytes = new TextEncoder().encode(SECRET)
const PASSWORD = "correct horse battery"

const uniqueEmail = (label: string) => `${label}-${randomUUID().slice(0, 8)}@example.com`

const registerRequest = (fields: { email: string; password?: string; name?: string; company?: string | null }) =>
  Schema.decodeUnknownSync(RegisterRequest)({ password: PASSWORD, name: "Test User", ...fields })

const register = (label: string) =>
  Effect.flatMap(Accounts, (accounts) => accounts.register(registerRequest({ email: uniqueEmail(label) })))

const createCampaign = (session: Session, name = "Seed round", vertical = "vc") =>
  Effect.flatMap(Campaigns, (campaigns) => campaigns.create(session.user.id, new NewCampaign({ name, vertical })))

interface LeadSpec {
  readonly name: string
  readonly score: number
  readonly email?: string | null
  readonly fund?: string | null
  readonly verified?: boolean
}

const leadInput = (spec: LeadSpec) =>
  new LeadInput({
    name: spec.name,
    email: spec.email ?? null,
    email_status: spec.verified === true ? "verified" : spec.email ? "scraped" : "unknown",
    email_source: spec.email ? "dns_harvest" : null,
    email_verified: spec.verified === true,
    linkedin: null,
    phone: null,
    fund: spec.fund ?? null,
    role: "Partner",
    website: null,
    sectors: "Fintech; SaaS",
    check_size: null,
    stage: "Seed",
    hq: "Berlin",
    score: spec.score,
    tier: tierFromScore(spec.score),
    source: null,
    scraped_at: null
  })

/** Inserts leads the way the importer does (keyed by `dedupeKey`) and recounts the campaign. */
const insertLeads = (campaign: Campaign, specs: ReadonlyArray<LeadSpec>) =>
  Effect.gen(function*() {
    const leads = yield* LeadStore
    const inputs = specs.map(leadInput)
    const ids = yield* leads.insertMany(campaign.id, inputs.map((lead) => ({ key: dedupeKey(lead), lead })))
    yield* Effect.flatMap(CampaignStore, (campaigns) => campaigns.recomputeTotals(campaign.id))
    return inputs.map((lead) => {
      const id = ids.get(dedupeKey(lead))
      if (id === undefined) throw new Error(`no id returned for ${lead.name}`)
      return id
    })
  })

/** Five leads: two HOT (one without email), one WARM, one COOL, one COLD; 4 emails, 1 verified. */
const fiveLeads = (tag: string): ReadonlyArray<LeadSpec> => [
  { name: "Ann Hot", score: 90, email: `ann-${tag}@acme.vc`, fund: "Acme Ventures", verified: true },
  { name: "Bob Hot", score: 85, email: null, fund: "Acme Ventures" },
  { name: "Cat Warm", score: 70, email: `cat-${tag}@beta.vc`, fund: "Beta Capital" },
  { name: "Dan Cool", score: 50, email: `dan-${tag}@acme.vc`, fund: "Acme Ventures" },
  { name: "Eve Cold", score: 30, email: `eve-${tag}@gamma.vc`, fund: null }
]

const firstPage: LeadPageRequest = { sort_by: "score", sort_dir: "desc", per_page: 50, page: 1 }
const noFilter: LeadFilter = {}

/** Lets the clock move on, so that "newest first" has distinct timestamps to order by. */
const tick = Effect.sleep("5 millis")

const collect = (stream: Stream.Stream<Lead>) => Stream.runCollect(stream).pipe(Effect.map(Chunk.toReadonlyArray))

export const serviceContractSuite = (name: string, makeLayer: () => Layer.Layer<Stores, unknown>): void => {
  const config = LeadFactoryConfig.layer({ secretKey: SECRET, bcryptCost: 4 })
  const TestLayer = servicesLayer.pipe(Layer.provideMerge(Layer.merge(makeLayer(), config)))

  layer(TestLayer, { excludeTestServices: true, timeout: "120 seconds" })(`service contract: ${name}`, (it) => {
    describe("Accounts.register", () => {
      it.effect("creates a starter account with 500 credits and signs it in with a 24 h HS256 token", () =>
        Effect.gen(function*() {
          const accounts = yield* Accounts
          const email = uniqueEmail("Register")
          const session = yield* accounts.register(
            registerRequest({ email: `  ${email.toUpperCase()} `, name: "  Ada Lovelace ", company: "Analytical" })
          )
          expect(session.token_type).toBe("bearer")
          expect(session.user).toMatchObject({
            email: email.toLowerCase(),
            name: "Ada Lovelace",
            company: "Analytical",
            plan: "starter",
            credits_remaining: 500,
            credits_monthly: 500,
            is_active: true,
            is_admin: false,
            last_login: null
          })
          expect(session.user).not.toHaveProperty("password_hash")
          expect(decodeProtectedHeader(session.access_token).alg).toBe("HS256")
          const claims = decodeJwt(session.access_token)
          expect(claims.sub).toBe(session.user.id)
          expect((claims.exp ?? 0) - (claims.iat ?? 0)).toBe(24 * 60 * 60)
          const user = yield* accounts.authenticate(session.access_token)
          expect(user.id).toBe(session.user.id)
        }))

      it.effect("stores a bcrypt hash of the configured cost, never the password", () =>
        Effect.gen(function*() {
          const session = yield* register("hash")
          const stored = yield* Effect.flatMap(UserStore, (users) => users.findByEmail(session.user.email))
          const hash = Option.getOrThrow(stored).password_hash
          expect(hash).toMatch(/^\$2[aby]\$04\$/)
          expect(hash).not.toContain(PASSWORD)
          expect(yield* Effect.promise(() => bcrypt.compare(PASSWORD, hash))).toBe(true)
        }))

      it.effect("refuses a second account for the same email, whatever its case: EmailTaken", () =>
        Effect.gen(function*() {
          const accounts = yield* Accounts
          const email = uniqueEmail("dup")
          yield* accounts.register(registerRequest({ email }))
          const again = yield* Effect.flip(accounts.register(registerRequest({ email })))
          expect(again._tag).toBe("EmailTaken")
          const shouted = yield* Effect.flip(accounts.register(registerRequest({ email: ` ${email.toUpperCase()}` })))
          expect(shouted._tag).toBe("EmailTaken")
        }))

      it.effect("lets exactly one of 20 concurrent registrations of one email through", () =>
        Effect.gen(function*() {
          const accounts = yield* Accounts
          const email = uniqueEmail("race")
          const spellings = Array.from({ length: 20 }, (_, i) => (i % 2 === 0 ? email : email.toUpperCase()))
          const results = yield* Effect.all(
            spellings.map((spelling) => Effect.either(accounts.register(registerRequest({ email: spelling })))),
            { concurrency: "unbounded" }
          )
          const winners = results.filter(Either.isRight)
          const losers = results.filter(Either.isLeft)
          expect(winners).toHaveLength(1)
          expect(losers.map((result) => result.left._tag)).toEqual(Array(19).fill("EmailTaken"))
          const stored = yield* Effect.flatMap(UserStore, (users) => users.findByEmail(email))
          expect(Option.map(stored, (user) => user.id)).toEqual(Option.some(winners[0]!.right.user.id))
        }))

      it.effect("refuses passwords over 72 bytes, under 8 characters, and malformed emails: InvalidInput", () =>
        Effect.gen(function*() {
          const accounts = yield* Accounts
          // Plain objects, as a JavaScript caller of the facade would pass them: no schema has run.
          const raw = (fields: Record<string, unknown>) =>
            ({ email: uniqueEmail("input"), password: PASSWORD, name: "Raw", company: null, ...fields }) as unknown as RegisterRequest
          const tooLong = yield* Effect.flip(accounts.register(raw({ password: "é".repeat(37) })))
          expect(tooLong._tag).toBe("InvalidInput")
          expect(tooLong._tag === "InvalidInput" && tooLong.errors.map((issue) => issue.field)).toEqual(["password"])
          const tooShort = yield* Effect.flip(accounts.register(raw({ password: "short" })))
          expect(tooShort._tag).toBe("InvalidInput")
          const badEmail = yield* Effect.flip(accounts.register(raw({ email: "not-an-address" })))
          expect(badEmail._tag === "InvalidInput" && badEmail.errors.map((issue) => issue.field)).toEqual(["email"])
          // 36 two-byte characters are exactly 72 bytes: the longest password bcrypt can read whole.
          const session = yield* accounts.register(raw({ password: "é".repeat(36) }))
          expect(session.user.is_active).toBe(true)
        }))
    })

    describe("Accounts.login", () => {
      it.effect("signs in with the email in any case and records last_login", () =>
        Effect.gen(function*() {
          const accounts = yield* Accounts
          const session = yield* register("login")
          const again = yield* accounts.login({ email: ` ${session.user.email.toUpperCase()} `, password: PASSWORD })
          expect(again.user.id).toBe(session.user.id)
          expect(again.user.last_login).toBeInstanceOf(Date)
          expect((yield* accounts.authenticate(again.access_token)).id).toBe(session.user.id)
          const me = yield* accounts.me(session.user.id)
          expect(me.last_login?.getTime()).toBe(again.user.last_login?.getTime())
        }))

      it.effect("answers an unknown email and a wrong password with the same InvalidCredentials", () =>
        Effect.gen(function*() {
          const accounts = yield* Accounts
          const session = yield* register("creds")
          const wrong = yield* Effect.flip(accounts.login({ email: session.user.email, password: "wrong password" }))
          const unknown = yield* Effect.flip(accounts.login({ email: uniqueEmail("nobody"), password: PASSWORD }))
          expect(wrong._tag).toBe("InvalidCredentials")
          expect(unknown).toEqual(wrong)
        }))

      it.effect("does not let bytes past the 72nd pass for the password", () =>
        Effect.gen(function*() {
          const accounts = yield* Accounts
          const password = "é".repeat(36)
          const session = yield* accounts.register(registerRequest({ email: uniqueEmail("trunc"), password }))
          const longer = yield* Effect.flip(accounts.login({ email: session.user.email, password: `${password}x` }))
          expect(longer._tag).toBe("InvalidCredentials")
          expect((yield* accounts.login({ email: session.user.email, password })).user.id).toBe(session.user.id)
        }))

      it.effect("refuses a disabled account with AccountDisabled, but only with the right password", () =>
        Effect.gen(function*() {
          const accounts = yield* Accounts
          const users = yield* UserStore
          const session = yield* register("disabled")
          const key = yield* accounts.createApiKey(session.user.id, undefined)
          yield* users.setActive(session.user.id, false)
          const disabled = yield* Effect.flip(accounts.login({ email: session.user.email, password: PASSWORD }))
          expect(disabled._tag).toBe("AccountDisabled")
          const wrong = yield* Effect.flip(accounts.login({ email: session.user.email, password: "wrong password" }))
          expect(wrong._tag).toBe("InvalidCredentials")
          expect((yield* Effect.flip(accounts.authenticate(session.access_token)))._tag).toBe("Unauthorized")
          expect((yield* Effect.flip(accounts.authenticate(key.key)))._tag).toBe("Unauthorized")
          yield* users.setActive(session.user.id, true)
          expect((yield* accounts.authenticate(key.key)).id).toBe(session.user.id)
        }))
    })

    describe("Accounts.authenticate", () => {
      const sign = (claims: Record<string, unknown>, options: { alg?: string; key?: Uint8Array } = {}) =>
        Effect.promise(() =>
          new SignJWT(claims).setProtectedHeader({ alg: options.alg ?? "HS256" }).sign(options.key ?? secretBytes)
        )
      const nowSeconds = () => Math.floor(Date.now() / 1000)

      it.effect("refuses garbage, expired, not-yet-valid, alg none, other algs, wrong keys and bad subjects", () =>
        Effect.gen(function*() {
          const accounts = yield* Accounts
          const session = yield* register("jwt")
          const sub = session.user.id
          const now = nowSeconds()
          const valid = yield* sign({ sub, iat: now, exp: now + 60 })
          expect((yield* accounts.authenticate(valid)).id).toBe(sub)

          const forged = {
            garbage: "not.a.jwt",
            empty: "",
            expired: yield* sign({ sub, iat: now - 2 * 86400, exp: now - 86400 }),
            notYetValid: yield* sign({ sub, iat: now, nbf: now + 3600, exp: now + 7200 }),
            algNone: new UnsecuredJWT({ sub }).setIssuedAt(now).setExpirationTime(now + 60).encode(),
            hs512: yield* sign({ sub, iat: now, exp: now + 60 }, { alg: "HS512" }),
            wrongKey: yield* sign({ sub, iat: now, exp: now + 60 }, { key: new TextEncoder().encode(`${SECRET}-other`) }),
            noSubject: yield* sign({ iat: now, exp: now + 60 }),
            noExpiry: yield* sign({ sub, iat: now }),
            notAUserId: yield* sign({ sub: "admin", iat: now, exp: now + 60 }),
            unknownUser: yield* sign({ sub: randomUUID(), iat: now, exp: now + 60 }),
            tampered: `${valid.slice(0, -4)}AAAA`
          }
          for (const [label, token] of Object.entries(forged)) {
            const result = yield* Effect.either(accounts.authenticate(token))
            expect([label, Either.isLeft(result) && result.left._tag]).toEqual([label, "Unauthorized"])
          }
        }))

      it.effect("accepts an API key, updates its last_used, and refuses it once revoked", () =>
        Effect.gen(function*() {
          const accounts = yield* Accounts
          const session = yield* register("apikey")
          const created = yield* accounts.createApiKey(session.user.id, undefined)
          expect(created.key).toMatch(/^lf_[A-Za-z0-9_-]{43}$/)
          expect(created.name).toBe("Default")
          const before = yield* accounts.listApiKeys(session.user.id)
          expect(before.map((key) => [key.id, key.start, key.is_active, key.last_used])).toEqual([
            [created.id, created.key.slice(0, 7), true, null]
          ])
          expect(before[0]).not.toHaveProperty("key_hash")

          expect((yield* accounts.authenticate(created.key)).id).toBe(session.user.id)
          const [used] = yield* accounts.listApiKeys(session.user.id)
          expect(used?.last_used).toBeInstanceOf(Date)

          yield* accounts.revokeApiKey(session.user.id, created.id)
          expect((yield* Effect.flip(accounts.authenticate(created.key)))._tag).toBe("Unauthorized")
          const after = yield* accounts.listApiKeys(session.user.id)
          expect(after.map((key) => key.is_active)).toEqual([false])
        }))

      it.effect("refuses malformed and unknown API keys", () =>
        Effect.gen(function*() {
          const accounts = yield* Accounts
          for (const key of ["lf_", "lf_short", `lf_${"A".repeat(43)}`, `lf_${"A".repeat(42)}!`]) {
            expect((yield* Effect.flip(accounts.authenticate(key)))._tag).toBe("Unauthorized")
          }
        }))
    })

    describe("Accounts: me and API keys", () => {
      it.effect("me answers the user, NotFound for an unknown id", () =>
        Effect.gen(function*() {
          const accounts = yield* Accounts
          const session = yield* register("me")
          expect((yield* accounts.me(session.user.id)).email).toBe(session.user.email)
          const missing = yield* Effect.flip(accounts.me(UserId.make(randomUUID())))
          expect(missing._tag).toBe("NotFound")
        }))

      it.effect("lists keys newest first with their trimmed names; revoking an unknown key is NotFound", () =>
        Effect.gen(function*() {
          const accounts = yield* Accounts
          const session = yield* register("keys")
          const first = yield* accounts.createApiKey(session.user.id, "  CI  ")
          yield* tick
          const second = yield* accounts.createApiKey(session.user.id, "Laptop")
          expect(first.key).not.toBe(second.key)
          const keys = yield* accounts.listApiKeys(session.user.id)
          expect(keys.map((key) => [key.id, key.name])).toEqual([[second.id, "Laptop"], [first.id, "CI"]])
          const missing = yield* Effect.flip(accounts.revokeApiKey(session.user.id, ApiKeyId.make(randomUUID())))
          expect(missing._tag).toBe("NotFound")
        }))
    })

    describe("Campaigns", () => {
      it.effect("creates a pending campaign that get and list return", () =>
        Effect.gen(function*() {
          const campaigns = yield* Campaigns
          const session = yield* register("campaign")
          const created = yield* campaigns.create(
            session.user.id,
            Schema.decodeUnknownSync(NewCampaign)({ name: "  Berlin seed funds ", vertical: "vc", config: { max_pages: 5 } })
          )
          expect(created).toMatchObject({
            name: "Berlin seed funds",
            vertical: "vc",
            status: "pending",
            progress_stage: "pending",
            progress_pct: 0,
            total_leads: 0,
            total_emails: 0,
            credits_used: 0,
            error_message: null,
            started_at: null,
            completed_at: null,
            config: { max_pages: 5 }
          })
          expect(created).not.toHaveProperty("user_id")
          const fetched = yield* campaigns.get(session.user.id, created.id)
          expect(fetched).toEqual(created)
          const listed = yield* campaigns.list(session.user.id, { page: 1, per_page: 20 })
          expect(listed.total).toBe(1)
          expect(listed.campaigns.map((campaign) => campaign.id)).toEqual([created.id])
        }))

      it.effect("lists newest first, pages, and filters by status and vertical", () =>
        Effect.gen(function*() {
          const campaigns = yield* Campaigns
          const store = yield* CampaignStore
          const session = yield* register("paging")
          const first = yield* createCampaign(session, "first", "vc")
          yield* tick
          const second = yield* createCampaign(session, "second", "pe")
          yield* tick
          const third = yield* createCampaign(session, "third", "vc")
          const userId = session.user.id
          const page1 = yield* campaigns.list(userId, { page: 1, per_page: 2 })
          expect([page1.total, page1.campaigns.map((c) => c.name)]).toEqual([3, ["third", "second"]])
          const page2 = yield* campaigns.list(userId, { page: 2, per_page: 2 })
          expect([page2.total, page2.campaigns.map((c) => c.name)]).toEqual([3, ["first"]])
          const vc = yield* campaigns.list(userId, { vertical: "vc", page: 1, per_page: 20 })
          expect([vc.total, vc.campaigns.map((c) => c.id)]).toEqual([2, [third.id, first.id]])
          yield* store.updateProgress(second.id, { status: "completed", progress_stage: "completed", progress_pct: 100 })
          const done = yield* campaigns.list(userId, { status: "completed", page: 1, per_page: 20 })
          expect(done.campaigns.map((c) => [c.id, c.status, c.progress_pct])).toEqual([[second.id, "completed", 100]])
        }))

      it.effect("refuses an unknown vertical (UnknownVertical) and an empty name (InvalidInput)", () =>
        Effect.gen(function*() {
          const campaigns = yield* Campaigns
          const session = yield* register("vertical")
          const unknown = yield* Effect.flip(
            campaigns.create(session.user.id, new NewCampaign({ name: "Hedge", vertical: "hedge_fund" }))
          )
          expect(unknown._tag).toBe("UnknownVertical")
          const blank = yield* Effect.flip(
            campaigns.create(session.user.id, { name: "   ", vertical: "vc", config: {} } as unknown as NewCampaign)
          )
          expect(blank._tag === "InvalidInput" && blank.errors.map((issue) => issue.field)).toEqual(["name"])
          const listed = yield* campaigns.list(session.user.id, { page: 1, per_page: 20 })
          expect(listed.total).toBe(0)
        }))

      it.effect("refuses to create a campaign when the balance is 0: InsufficientCredits", () =>
        Effect.gen(function*() {
          const credits = yield* Credits
          const session = yield* register("broke")
          yield* credits.charge(session.user.id, 500, "campaign_run", null)
          const refused = yield* Effect.flip(createCampaign(session))
          expect(refused._tag).toBe("InsufficientCredits")
          expect(refused._tag === "InsufficientCredits" && refused.credits_remaining).toBe(0)
          yield* credits.grant(session.user.id, 1, "purchase")
          expect((yield* createCampaign(session)).status).toBe("pending")
        }))

      it.effect("will not delete a queued or running campaign (CampaignRunning), then deletes it with its leads", () =>
        Effect.gen(function*() {
          const campaigns = yield* Campaigns
          const store = yield* CampaignStore
          const session = yield* register("running")
          const campaign = yield* createCampaign(session)
          const [leadId] = yield* insertLeads(campaign, [{ name: "Ann", score: 80, email: uniqueEmail("ann") }])
          for (const status of ["queued", "running"] as const) {
            yield* store.updateProgress(campaign.id, { status, progress_stage: "crawling", started_at: new Date() })
            const refused = yield* Effect.flip(campaigns.delete(session.user.id, campaign.id))
            expect(refused._tag).toBe("CampaignRunning")
            expect((yield* campaigns.get(session.user.id, campaign.id)).status).toBe(status)
          }
          yield* store.updateProgress(campaign.id, { status: "completed", completed_at: new Date() })
          yield* campaigns.delete(session.user.id, campaign.id)
          expect((yield* Effect.flip(campaigns.get(session.user.id, campaign.id)))._tag).toBe("NotFound")
          const lead = yield* Effect.flatMap(LeadStore, (leads) => leads.findForUser(leadId!, session.user.id))
          expect(Option.isNone(lead)).toBe(true)
          expect((yield* Effect.flip(campaigns.delete(session.user.id, campaign.id)))._tag).toBe("NotFound")
        }))

      it.effect("answers NotFound for a campaign that does not exist", () =>
        Effect.gen(function*() {
          const campaigns = yield* Campaigns
          const session = yield* register("missing")
          const id = CampaignId.make(randomUUID())
          expect((yield* Effect.flip(campaigns.get(session.user.id, id)))._tag).toBe("NotFound")
          expect((yield* Effect.flip(campaigns.delete(session.user.id, id)))._tag).toBe("NotFound")
        }))
    })

    describe("Leads", () => {
      it.effect("lists a campaign's leads by score with totals, filters and pages; a bad cursor is InvalidInput", () =>
        Effect.gen(function*() {
          const leads = yield* Leads
          const session = yield* register("leads")
          const campaign = yield* createCampaign(session)
          yield* insertLeads(campaign, fiveLeads(randomUUID().slice(0, 8)))
          const all = yield* leads.list(session.user.id, campaign.id, noFilter, firstPage)
          expect([all.total, all.page, all.per_page]).toEqual([5, 1, 50])
          expect(all.leads.map((lead) => lead.name)).toEqual(["Ann Hot", "Bob Hot", "Cat Warm", "Dan Cool", "Eve Cold"])
          expect(all.leads.every((lead) => lead.campaign_id === campaign.id && !lead.opted_out)).toBe(true)
          const hot = yield* leads.list(session.user.id, campaign.id, { tier: ["HOT"] }, firstPage)
          expect([hot.total, hot.leads.map((lead) => lead.name)]).toEqual([2, ["Ann Hot", "Bob Hot"]])
          const withEmail = yield* leads.list(session.user.id, campaign.id, { has_email: true }, firstPage)
          expect(withEmail.total).toBe(4)
          const page2 = yield* leads.list(session.user.id, campaign.id, noFilter, { ...firstPage, per_page: 2, page: 2 })
          expect([page2.total, page2.leads.map((lead) => lead.name)]).toEqual([5, ["Cat Warm", "Dan Cool"]])
          const badCursor = yield* Effect.flip(
            leads.list(session.user.id, campaign.id, noFilter, { ...firstPage, cursor: "%%not-a-cursor%%" })
          )
          expect(badCursor._tag).toBe("InvalidInput")
        }))

      it.effect("exports the campaign and its matching leads as a stream, by score descending", () =>
        Effect.gen(function*() {
          const leads = yield* Leads
          const session = yield* register("export")
          const campaign = yield* createCampaign(session, "Export me")
          yield* insertLeads(campaign, fiveLeads(randomUUID().slice(0, 8)))
          const exported = yield* leads.export(session.user.id, campaign.id, noFilter)
          expect(exported.campaign.name).toBe("Export me")
          const rows = yield* collect(exported.leads)
          expect(rows.map((lead) => lead.score)).toEqual([90, 85, 70, 50, 30])
          const filtered = yield* leads.export(session.user.id, campaign.id, { min_score: 60, has_email: true })
          expect((yield* collect(filtered.leads)).map((lead) => lead.name)).toEqual(["Ann Hot", "Cat Warm"])
        }))

      it.effect("computes stats (email_rate in percent) and freshness of a campaign", () =>
        Effect.gen(function*() {
          const leads = yield* Leads
          const session = yield* register("stats")
          const campaign = yield* createCampaign(session)
          yield* insertLeads(campaign, fiveLeads(randomUUID().slice(0, 8)))
          const stats = yield* leads.stats(session.user.id, campaign.id)
          expect(stats).toMatchObject({
            total_leads: 5,
            with_email: 4,
            email_rate: 80,
            verified_emails: 1,
            hot_leads: 2,
            warm_leads: 1,
            cool_leads: 1,
            cold_leads: 1,
            avg_score: 65
          })
          expect(stats.top_funds.map((fund) => [fund.fund, fund.count])).toEqual([["Acme Ventures", 3], ["Beta Capital", 1]])
          const freshness = yield* leads.freshness(session.user.id, campaign.id)
          expect(freshness).toMatchObject({ total_leads: 5, verified_last_7d: 0, verified_last_14d: 0, never_verified: 5 })
        }))

      it.effect("opts out a lead: hidden from lists, stats and export, totals recomputed, address suppressed", () =>
        Effect.gen(function*() {
          const leads = yield* Leads
          const campaigns = yield* Campaigns
          const session = yield* register("optout")
          const campaign = yield* createCampaign(session)
          const tag = randomUUID().slice(0, 8)
          const [annId] = yield* insertLeads(campaign, fiveLeads(tag))
          expect(yield* campaigns.get(session.user.id, campaign.id)).toMatchObject({ total_leads: 5, total_emails: 4 })
          const result = yield* leads.optOut(session.user.id, annId!)
          expect(result).toMatchObject({ email: `ann-${tag}@acme.vc`, opted_out: true })
          const listed = yield* leads.list(session.user.id, campaign.id, noFilter, firstPage)
          expect([listed.total, listed.leads.some((lead) => lead.id === annId)]).toEqual([4, false])
          expect((yield* leads.stats(session.user.id, campaign.id))).toMatchObject({ total_leads: 4, hot_leads: 1 })
          const exported = yield* leads.export(session.user.id, campaign.id, noFilter)
          expect((yield* collect(exported.leads)).map((lead) => lead.name)).not.toContain("Ann Hot")
          expect(yield* campaigns.get(session.user.id, campaign.id)).toMatchObject({ total_leads: 4, total_emails: 3 })
          const stored = yield* Effect.flatMap(LeadStore, (store) => store.findForUser(annId!, session.user.id))
          expect(Option.map(stored, (lead) => lead.opted_out)).toEqual(Option.some(true))
          const suppressed = yield* Effect.flatMap(SuppressionStore, (s) => s.filterSuppressed([`ann-${tag}@acme.vc`]))
          expect([...suppressed]).toEqual([`ann-${tag}@acme.vc`])
          const missing = yield* Effect.flip(leads.optOut(session.user.id, LeadId.make(randomUUID())))
          expect(missing._tag).toBe("NotFound")
        }))

      it.effect("keeps an opted-out address suppressed after its lead and campaign are deleted", () =>
        Effect.gen(function*() {
          const leads = yield* Leads
          const campaigns = yield* Campaigns
          const session = yield* register("keep")
          const campaign = yield* createCampaign(session)
          const email = uniqueEmail("kept")
          const [leadId] = yield* insertLeads(campaign, [{ name: "Kept", score: 75, email }])
          yield* leads.optOut(session.user.id, leadId!)
          yield* campaigns.delete(session.user.id, campaign.id)
          const suppressed = yield* Effect.flatMap(SuppressionStore, (s) => s.filterSuppressed([email, uniqueEmail("free")]))
          expect([...suppressed]).toEqual([email])
        }))

      it.effect("public opt-out suppresses an address everywhere and answers the same whether it is known or not", () =>
        Effect.gen(function*() {
          const leads = yield* Leads
          const campaigns = yield* Campaigns
          const alice = yield* register("alice")
          const bob = yield* register("bob")
          const shared = uniqueEmail("shared")
          const aliceCampaign = yield* createCampaign(alice)
          const bobCampaign = yield* createCampaign(bob)
          yield* insertLeads(aliceCampaign, [{ name: "Shared", score: 90, email: shared }, { name: "Other", score: 50 }])
          yield* insertLeads(bobCampaign, [{ name: "Shared too", score: 60, email: shared }])

          const known = yield* leads.optOutByEmail(`  ${shared.toUpperCase()} `)
          const unknownAddress = uniqueEmail("stranger")
          const unknown = yield* leads.optOutByEmail(unknownAddress)
          expect(known).toEqual(unknown)
          expect(known.opted_out).toBe(true)

          const aliceLeads = yield* leads.list(alice.user.id, aliceCampaign.id, noFilter, firstPage)
          expect(aliceLeads.leads.map((lead) => lead.name)).toEqual(["Other"])
          expect((yield* leads.list(bob.user.id, bobCampaign.id, noFilter, firstPage)).total).toBe(0)
          expect(yield* campaigns.get(alice.user.id, aliceCampaign.id)).toMatchObject({ total_leads: 1, total_emails: 0 })
          expect(yield* campaigns.get(bob.user.id, bobCampaign.id)).toMatchObject({ total_leads: 0, total_emails: 0 })
          const suppressed = yield* Effect.flatMap(SuppressionStore, (s) => s.filterSuppressed([shared, unknownAddress]))
          expect([...suppressed].sort()).toEqual([shared, unknownAddress].sort())

          for (const bad of ["not-an-address", "", "a@b", `${"x".repeat(250)}@example.com`]) {
            const invalid = yield* Effect.flip(leads.optOutByEmail(bad))
            expect(invalid._tag === "InvalidInput" && invalid.errors.map((issue) => issue.field)).toEqual(["email"])
          }
        }))
    })

    describe("tenant isolation", () => {
      it.effect("user B can never read, change, count, export or opt out user A's rows: always NotFound", () =>
        Effect.gen(function*() {
          const accounts = yield* Accounts
          const campaigns = yield* Campaigns
          const leads = yield* Leads
          const stats = yield* Stats
          const credits = yield* Credits
          const alice = yield* register("tenant-a")
          const bob = yield* register("tenant-b")
          const campaign = yield* createCampaign(alice, "Alice's")
          const [leadId] = yield* insertLeads(campaign, fiveLeads(randomUUID().slice(0, 8)))
          const key = yield* accounts.createApiKey(alice.user.id, "Alice's key")
          const b = bob.user.id

          const attempts = {
            "campaigns.get": campaigns.get(b, campaign.id),
            "campaigns.delete": campaigns.delete(b, campaign.id),
            "leads.list": leads.list(b, campaign.id, noFilter, firstPage),
            "leads.export": leads.export(b, campaign.id, noFilter),
            "leads.stats": leads.stats(b, campaign.id),
            "leads.freshness": leads.freshness(b, campaign.id),
            "leads.optOut": leads.optOut(b, leadId!),
            "accounts.revokeApiKey": accounts.revokeApiKey(b, key.id)
          }
          for (const [label, attempt] of Object.entries(attempts)) {
            const result = yield* Effect.either(attempt as Effect.Effect<unknown, { readonly _tag: string }>)
            expect([label, Either.isLeft(result) && result.left._tag]).toEqual([label, "NotFound"])
          }

          expect((yield* campaigns.list(b, { page: 1, per_page: 20 })).total).toBe(0)
          expect(yield* stats.overview(b)).toMatchObject({ total_campaigns: 0, total_leads: 0, total_emails: 0 })
          expect((yield* accounts.listApiKeys(b)).length).toBe(0)
          expect((yield* credits.history(b, 1, 50)).total).toBe(1)

          // Nothing of Alice's changed.
          expect((yield* campaigns.get(alice.user.id, campaign.id)).total_leads).toBe(5)
          expect((yield* leads.list(alice.user.id, campaign.id, noFilter, firstPage)).total).toBe(5)
          expect((yield* accounts.authenticate(key.key)).id).toBe(alice.user.id)
        }))
    })

    describe("Credits", () => {
      it.effect("shows the balance and the ledger newest first; grants and charges write ledger rows", () =>
        Effect.gen(function*() {
          const credits = yield* Credits
          const session = yield* register("credits")
          const userId = session.user.id
          expect(yield* credits.balance(userId)).toMatchObject({ credits_remaining: 500, credits_monthly: 500, plan: "starter" })
          const campaign = yield* createCampaign(session)
          yield* tick
          const granted = yield* credits.grant(userId, 25, "purchase")
          expect(granted).toMatchObject({ amount: 25, reason: "purchase", balance_after: 525, campaign_id: null })
          yield* tick
          const charged = yield* credits.charge(userId, 20, "campaign_run", campaign.id)
          expect(charged).toMatchObject({ amount: -20, reason: "campaign_run", balance_after: 505, campaign_id: campaign.id })
          expect((yield* credits.balance(userId)).credits_remaining).toBe(505)
          const history = yield* credits.history(userId, 1, 50)
          expect(history.total).toBe(3)
          expect(history.transactions.map((t) => [t.reason, t.amount, t.balance_after])).toEqual([
            ["campaign_run", -20, 505],
            ["purchase", 25, 525],
            ["signup", 500, 500]
          ])
          const second = yield* credits.history(userId, 2, 1)
          expect([second.total, second.transactions.map((t) => t.reason)]).toEqual([3, ["purchase"]])
        }))

      it.effect("refuses non-positive or fractional amounts (InvalidInput) and overdrafts (InsufficientCredits)", () =>
        Effect.gen(function*() {
          const credits = yield* Credits
          const session = yield* register("guard")
          const userId = session.user.id
          for (const amount of [0, -5, 1.5, Number.NaN]) {
            expect((yield* Effect.flip(credits.grant(userId, amount, "grant")))._tag).toBe("InvalidInput")
            expect((yield* Effect.flip(credits.charge(userId, amount, "campaign_run", null)))._tag).toBe("InvalidInput")
          }
          const overdraft = yield* Effect.flip(credits.charge(userId, 501, "campaign_run", null))
          expect(overdraft._tag === "InsufficientCredits" && overdraft.credits_remaining).toBe(500)
          expect((yield* credits.balance(userId)).credits_remaining).toBe(500)
          expect((yield* credits.history(userId, 1, 50)).total).toBe(1)
        }))

      it.effect("lets exactly 50 of 100 concurrent charges of 1 through against a balance of 50", () =>
        Effect.gen(function*() {
          const credits = yield* Credits
          const session = yield* register("charges")
          const userId = session.user.id
          yield* credits.charge(userId, 450, "campaign_run", null)
          const results = yield* Effect.all(
            Array.from({ length: 100 }, () => Effect.either(credits.charge(userId, 1, "campaign_run", null))),
            { concurrency: "unbounded" }
          )
          expect(results.filter(Either.isRight)).toHaveLength(50)
          expect(results.filter(Either.isLeft).map((result) => result.left._tag)).toEqual(Array(50).fill("InsufficientCredits"))
          expect((yield* credits.balance(userId)).credits_remaining).toBe(0)
          const history = yield* credits.history(userId, 1, 100)
          expect(history.total).toBe(52)
          expect(history.transactions.map((t) => t.balance_after).slice(0, 50).sort((x, y) => x - y)).toEqual(
            Array.from({ length: 50 }, (_, i) => i)
          )
        }))
    })

    describe("Verticals", () => {
      it.effect("lists the four verticals and gets one by slug; UnknownVertical otherwise", () =>
        Effect.gen(function*() {
          const verticals = yield* Verticals
          const all = yield* verticals.list
          expect(all.map((vertical) => vertical.slug)).toEqual(["vc", "pe", "family_office", "corp_dev"])
          expect(all.every((vertical) => vertical.seed_count > 0 && vertical.search_queries.length > 0)).toBe(true)
          expect((yield* verticals.get("family_office")).name).toBe("Family Offices")
          expect((yield* Effect.flip(verticals.get("crypto")))._tag).toBe("UnknownVertical")
        }))
    })

    describe("Stats", () => {
      it.effect("sums the caller's campaigns, leads and balance, with the 5 newest campaigns", () =>
        Effect.gen(function*() {
          const stats = yield* Stats
          const leads = yield* Leads
          const session = yield* register("overview")
          const created: Array<Campaign> = []
          for (const n of [1, 2, 3, 4, 5, 6]) {
            created.push(yield* createCampaign(session, `campaign ${n}`))
            yield* tick
          }
          const tag = randomUUID().slice(0, 8)
          const [annId] = yield* insertLeads(created[0]!, fiveLeads(tag))
          yield* insertLeads(created[5]!, [{ name: "Zed", score: 95, email: `zed-${tag}@acme.vc` }])
          const overview = yield* stats.overview(session.user.id)
          expect(overview).toMatchObject({
            total_campaigns: 6,
            total_leads: 6,
            total_emails: 5,
            email_rate: 83.3,
            credits_remaining: 500,
            hot_leads: 3,
            warm_leads: 1
          })
          expect(overview.recent_campaigns.map((c) => c.name)).toEqual([6, 5, 4, 3, 2].map((n) => `campaign ${n}`))
          yield* leads.optOut(session.user.id, annId!)
          expect(yield* stats.overview(session.user.id)).toMatchObject({ total_leads: 5, total_emails: 4, email_rate: 80, hot_leads: 2 })
        }))
    })
  })
}
