/**
 * The Promise facade: LeadFactory's services as plain async methods, for apps that do not use
 * Effect. Failures reject with the same tagged error instances as the Effect API (`err._tag`).
 */
import { Cause, Effect, Exit, Layer, ManagedRuntime, Schema, Stream } from "effect"
import type { ApiKey, CreatedApiKey } from "./ApiKey.js"
import { ApiKeyId } from "./ApiKey.js"
import { ACTIVE_STATUSES, type Campaign, CampaignId, CampaignStatus, NewCampaign, VerticalSlug } from "./Campaign.js"
import { LeadFactoryConfig } from "./Config.js"
import { type CreditBalance, CreditReason, type CreditTransaction } from "./CreditTransaction.js"
import { CampaignRunning, NotFound } from "./Errors.js"
import { Importer, type ImportOptions } from "./Import/Importer.js"
import { ImporterLive } from "./Import/ImporterLive.js"
import type { ImportSummary } from "./Import/ImportSummary.js"
import { decodeInput } from "./internal/decodeInput.js"
import {
  EmailStatus,
  type Lead,
  type LeadFilter,
  type LeadFreshness,
  LeadId,
  type LeadPage,
  LeadSortBy,
  type LeadStats,
  SortDir,
  Tier
} from "./Lead.js"
import type { Stores } from "./ports/index.js"
import { Accounts } from "./services/Accounts.js"
import { Campaigns } from "./services/Campaigns.js"
import { Credits } from "./services/Credits.js"
import { Leads, type OptOutResult, type PublicOptOutResult } from "./services/Leads.js"
import { type Services, servicesLayer } from "./services/ServicesLive.js"
import { type Overview, Stats } from "./services/Stats.js"
import { Verticals } from "./services/Verticals.js"
import { LoginRequest, RegisterRequest, type Session } from "./Session.js"
import { type User, UserId } from "./User.js"
import type { Vertical } from "./Vertical.js"

export interface LeadFactoryOptions {
  /** A store layer, e.g. `SqliteStore.layer({ filename })` from @leadfactory/store-sqlite. */
  readonly store: Layer.Layer<Stores, unknown>
  /** The JWT secret; without it, LEADFACTORY_SECRET_KEY and the rules of `LeadFactoryConfig.fromEnv` apply. */
  readonly secretKey?: string | undefined
  /** bcrypt cost, 4 to 31; 12 by default (or LF_BCRYPT_COST when `secretKey` is not given). */
  readonly bcryptCost?: number | undefined
}

export interface RegisterInput {
  readonly email: string
  readonly password: string
  readonly name: string
  readonly company?: string | null | undefined
}

export interface CampaignInput {
  readonly name: string
  readonly vertical: string
  readonly config?: Readonly<Record<string, unknown>> | undefined
}

export interface CampaignListOptions {
  readonly status?: CampaignStatus | undefined
  readonly vertical?: VerticalSlug | undefined
  readonly page?: number | undefined
  readonly per_page?: number | undefined
}

/** The filters and paging of `GET /api/leads`; everything optional, best leads first by default. */
export interface LeadListOptions extends LeadFilterOptions {
  readonly sort_by?: LeadSortBy | undefined
  readonly sort_dir?: SortDir | undefined
  readonly page?: number | undefined
  readonly per_page?: number | undefined
  readonly cursor?: string | undefined
}

/** The filters of `GET /api/leads`, as the services take them. */
export type LeadFilterOptions = LeadFilter

/** The import options of the Effect API, without the seam for campaign runs. */
export type CsvImportOptions = Omit<ImportOptions, "admitNewLeads" | "settleNewLeads">

export interface LeadFactory {
  readonly accounts: {
    readonly register: (input: RegisterInput) => Promise<Session>
    readonly login: (input: { readonly email: string; readonly password: string }) => Promise<Session>
    /** The user behind a JWT or an API key (`lf_…`). */
    readonly authenticate: (credential: string) => Promise<User>
    readonly me: (userId: string) => Promise<User>
    readonly createApiKey: (userId: string, name?: string) => Promise<CreatedApiKey>
    readonly listApiKeys: (userId: string) => Promise<ReadonlyArray<ApiKey>>
    readonly revokeApiKey: (userId: string, keyId: string) => Promise<void>
  }
  readonly campaigns: {
    readonly create: (userId: string, input: CampaignInput) => Promise<Campaign>
    readonly list: (
      userId: string,
      options?: CampaignListOptions
    ) => Promise<{ readonly campaigns: ReadonlyArray<Campaign>; readonly total: number }>
    readonly get: (userId: string, campaignId: string) => Promise<Campaign>
    readonly delete: (userId: string, campaignId: string) => Promise<void>
  }
  readonly leads: {
    readonly list: (userId: string, campaignId: string, options?: LeadListOptions) => Promise<LeadPage>
    /**
     * The campaign's matching leads by score, read from the database in chunks as the loop asks for
     * them. Ownership is checked when iteration starts: a NotFound rejects the first `next()`.
     */
    readonly export: (userId: string, campaignId: string, filter?: LeadFilterOptions) => AsyncIterable<Lead>
    readonly stats: (userId: string, campaignId: string) => Promise<LeadStats>
    readonly freshness: (userId: string, campaignId: string) => Promise<LeadFreshness>
    readonly optOut: (userId: string, leadId: string) => Promise<OptOutResult>
    readonly optOutByEmail: (email: string) => Promise<PublicOptOutResult>
  }
  readonly credits: {
    readonly balance: (userId: string) => Promise<CreditBalance>
    readonly history: (
      userId: string,
      options?: { readonly page?: number | undefined; readonly per_page?: number | undefined }
    ) => Promise<{ readonly transactions: ReadonlyArray<CreditTransaction>; readonly total: number }>
    /** `reason` defaults to "grant". */
    readonly grant: (userId: string, amount: number, reason?: CreditReason) => Promise<CreditTransaction>
    /** `reason` defaults to "campaign_run". */
    readonly charge: (
      userId: string,
      amount: number,
      reason?: CreditReason,
      campaignId?: string | null
    ) => Promise<CreditTransaction>
  }
  readonly verticals: {
    readonly list: () => Promise<ReadonlyArray<Vertical>>
    readonly get: (slug: string) => Promise<Vertical>
  }
  readonly stats: {
    readonly overview: (userId: string) => Promise<Overview>
  }
  /**
   * Imports the crawl engine's CSV into a campaign of the user's (NotFound otherwise, CampaignRunning
   * while it is queued or running). `csv` is the text, its bytes, or a byte stream such as
   * `fs.createReadStream(path)`, which is read as it arrives.
   */
  readonly importCsv: (
    userId: string,
    campaignId: string,
    csv: string | Uint8Array | AsyncIterable<Uint8Array>,
    options?: CsvImportOptions
  ) => Promise<ImportSummary>
  /** Releases the database connections; the object must not be used afterwards. */
  readonly close: () => Promise<void>
}

/** An id that cannot be one of ours names nothing: NotFound, like an id of someone else's row. */
const decodeId = <A>(schema: Schema.Schema<A, string>, resource: string) => {
  const decode = Schema.decodeUnknown(schema)
  return (id: string) => decode(id).pipe(Effect.mapError(() => NotFound.of(resource)))
}
const userIdOf = decodeId(UserId, "User")
const campaignIdOf = decodeId(CampaignId, "Campaign")
const leadIdOf = decodeId(LeadId, "Lead")
const apiKeyIdOf = decodeId(ApiKeyId, "API key")

const LeadFilterSchema = Schema.Struct({
  tier: Schema.optional(Schema.Array(Tier)),
  min_score: Schema.optional(Schema.Number),
  has_email: Schema.optional(Schema.Boolean),
  email_verified: Schema.optional(Schema.Boolean),
  email_status: Schema.optional(EmailStatus),
  fund: Schema.optional(Schema.String),
  sector: Schema.optional(Schema.String),
  stage: Schema.optional(Schema.String),
  check_size: Schema.optional(Schema.String),
  hq: Schema.optional(Schema.String),
  search: Schema.optional(Schema.String)
})
const decodeLeadFilter = decodeInput(LeadFilterSchema)
const decodeLeadListOptions = decodeInput(Schema.Struct({
  ...LeadFilterSchema.fields,
  sort_by: Schema.optionalWith(LeadSortBy, { default: () => "score" as const }),
  sort_dir: Schema.optionalWith(SortDir, { default: () => "desc" as const }),
  page: Schema.optionalWith(Schema.Int, { default: () => 1 }),
  per_page: Schema.optionalWith(Schema.Int, { default: () => 50 }),
  cursor: Schema.optional(Schema.String)
}))
const decodeCampaignListOptions = decodeInput(Schema.Struct({
  status: Schema.optional(CampaignStatus),
  vertical: Schema.optional(VerticalSlug),
  page: Schema.optionalWith(Schema.Int, { default: () => 1 }),
  per_page: Schema.optionalWith(Schema.Int, { default: () => 20 })
}))
const decodeRegister = decodeInput(RegisterRequest)
const decodeLogin = decodeInput(LoginRequest)
const decodeNewCampaign = decodeInput(NewCampaign)
const decodeReason = decodeInput(CreditReason)

async function* once(bytes: Uint8Array) {
  yield bytes
}

const bytesOf = (csv: string | Uint8Array | AsyncIterable<Uint8Array>): AsyncIterable<Uint8Array> =>
  typeof csv === "string" ? once(new TextEncoder().encode(csv)) : csv instanceof Uint8Array ? once(csv) : csv

const configLayer = (options: LeadFactoryOptions): Layer.Layer<LeadFactoryConfig, unknown> => {
  const { bcryptCost, secretKey } = options
  if (secretKey !== undefined) return LeadFactoryConfig.layer({ secretKey, bcryptCost })
  if (bcryptCost === undefined) return LeadFactoryConfig.fromEnv
  // The secret from the environment, the cost from the caller.
  return Layer.unwrapEffect(
    Effect.map(LeadFactoryConfig, (fromEnv) => LeadFactoryConfig.layer({ ...fromEnv, bcryptCost }))
  ).pipe(Layer.provide(LeadFactoryConfig.fromEnv))
}

/**
 * Opens LeadFactory on a store: builds the services (connecting to the database and migrating it,
 * as the store layer does) and resolves when they are ready. Call `close()` when done.
 */
export const createLeadFactory = async (options: LeadFactoryOptions): Promise<LeadFactory> => {
  const runtime = ManagedRuntime.make(
    Layer.merge(servicesLayer, ImporterLive).pipe(Layer.provide(Layer.merge(options.store, configLayer(options))))
  )

  const run = async <A, E>(effect: Effect.Effect<A, E, Services | Importer>): Promise<A> => {
    const exit = await runtime.runPromiseExit(effect)
    // Rejecting with the error itself (not a FiberFailure wrapper) keeps `err._tag` and instanceof.
    if (Exit.isSuccess(exit)) return exit.value
    throw Cause.squash(exit.cause)
  }

  try {
    await run(Effect.void)
  } catch (error) {
    await runtime.dispose()
    throw error
  }
  const builtRuntime = await runtime.runtime()

  return {
    accounts: {
      register: (input) =>
        run(Effect.flatMap(decodeRegister(input), (request) => Effect.flatMap(Accounts, (a) => a.register(request)))),
      login: (input) =>
        run(Effect.flatMap(decodeLogin(input), (request) => Effect.flatMap(Accounts, (a) => a.login(request)))),
      authenticate: (credential) => run(Effect.flatMap(Accounts, (a) => a.authenticate(credential))),
      me: (userId) => run(Effect.flatMap(userIdOf(userId), (id) => Effect.flatMap(Accounts, (a) => a.me(id)))),
      createApiKey: (userId, name) =>
        run(Effect.flatMap(userIdOf(userId), (id) => Effect.flatMap(Accounts, (a) => a.createApiKey(id, name)))),
      listApiKeys: (userId) =>
        run(Effect.flatMap(userIdOf(userId), (id) => Effect.flatMap(Accounts, (a) => a.listApiKeys(id)))),
      revokeApiKey: (userId, keyId) =>
        run(Effect.gen(function*() {
          const accounts = yield* Accounts
          return yield* accounts.revokeApiKey(yield* userIdOf(userId), yield* apiKeyIdOf(keyId))
        }))
    },

    campaigns: {
      create: (userId, input) =>
        run(Effect.gen(function*() {
          const campaigns = yield* Campaigns
          const { config, name, vertical } = input
          const request = yield* decodeNewCampaign(config === undefined ? { name, vertical } : { name, vertical, config })
          return yield* campaigns.create(yield* userIdOf(userId), request)
        })),
      list: (userId, listOptions = {}) =>
        run(Effect.gen(function*() {
          const campaigns = yield* Campaigns
          return yield* campaigns.list(yield* userIdOf(userId), yield* decodeCampaignListOptions(listOptions))
        })),
      get: (userId, campaignId) =>
        run(Effect.gen(function*() {
          const campaigns = yield* Campaigns
          return yield* campaigns.get(yield* userIdOf(userId), yield* campaignIdOf(campaignId))
        })),
      delete: (userId, campaignId) =>
        run(Effect.gen(function*() {
          const campaigns = yield* Campaigns
          return yield* campaigns.delete(yield* userIdOf(userId), yield* campaignIdOf(campaignId))
        }))
    },

    leads: {
      list: (userId, campaignId, listOptions = {}) =>
        run(Effect.gen(function*() {
          const leads = yield* Leads
          const { cursor, page, per_page, sort_by, sort_dir, ...filter } = yield* decodeLeadListOptions(listOptions)
          return yield* leads.list(yield* userIdOf(userId), yield* campaignIdOf(campaignId), filter, {
            sort_by,
            sort_dir,
            page,
            per_page,
            cursor
          })
        })),
      export: (userId, campaignId, filter = {}) => {
        const stream = Stream.unwrap(Effect.gen(function*() {
          const leads = yield* Leads
          const exported = yield* leads.export(
            yield* userIdOf(userId),
            yield* campaignIdOf(campaignId),
            yield* decodeLeadFilter(filter)
          )
          return exported.leads
        }))
        // Handing over whole chunks saves a fiber round trip per lead.
        const chunks = Stream.toAsyncIterableRuntime(Stream.chunks(stream), builtRuntime)
        return {
          async *[Symbol.asyncIterator]() {
            for await (const chunk of chunks) yield* chunk
          }
        }
      },
      stats: (userId, campaignId) =>
        run(Effect.gen(function*() {
          const leads = yield* Leads
          return yield* leads.stats(yield* userIdOf(userId), yield* campaignIdOf(campaignId))
        })),
      freshness: (userId, campaignId) =>
        run(Effect.gen(function*() {
          const leads = yield* Leads
          return yield* leads.freshness(yield* userIdOf(userId), yield* campaignIdOf(campaignId))
        })),
      optOut: (userId, leadId) =>
        run(Effect.gen(function*() {
          const leads = yield* Leads
          return yield* leads.optOut(yield* userIdOf(userId), yield* leadIdOf(leadId))
        })),
      optOutByEmail: (email) => run(Effect.flatMap(Leads, (leads) => leads.optOutByEmail(email)))
    },

    credits: {
      balance: (userId) => run(Effect.flatMap(userIdOf(userId), (id) => Effect.flatMap(Credits, (c) => c.balance(id)))),
      history: (userId, paging = {}) =>
        run(Effect.flatMap(userIdOf(userId), (id) =>
          Effect.flatMap(Credits, (c) => c.history(id, paging.page ?? 1, paging.per_page ?? 20)))),
      grant: (userId, amount, reason = "grant") =>
        run(Effect.gen(function*() {
          const credits = yield* Credits
          return yield* credits.grant(yield* userIdOf(userId), amount, yield* decodeReason(reason))
        })),
      charge: (userId, amount, reason = "campaign_run", campaignId = null) =>
        run(Effect.gen(function*() {
          const credits = yield* Credits
          const campaign = campaignId === null ? null : yield* campaignIdOf(campaignId)
          return yield* credits.charge(yield* userIdOf(userId), amount, yield* decodeReason(reason), campaign)
        }))
    },

    verticals: {
      list: () => run(Effect.flatMap(Verticals, (verticals) => verticals.list)),
      get: (slug) => run(Effect.flatMap(Verticals, (verticals) => verticals.get(slug)))
    },

    stats: {
      overview: (userId) =>
        run(Effect.flatMap(userIdOf(userId), (id) => Effect.flatMap(Stats, (stats) => stats.overview(id))))
    },

    importCsv: (userId, campaignId, csv, importOptions = {}) =>
      run(Effect.gen(function*() {
        const campaigns = yield* Campaigns
        const importer = yield* Importer
        const campaign = yield* campaigns.get(yield* userIdOf(userId), yield* campaignIdOf(campaignId))
        if (ACTIVE_STATUSES.includes(campaign.status)) return yield* CampaignRunning.default()
        return yield* importer.importCsv(campaign.id, bytesOf(csv), importOptions)
      })),

    close: () => runtime.dispose()
  }
}
