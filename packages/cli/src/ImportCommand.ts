/**
 * `lf-import`: imports a crawler CSV into a campaign through the core import pipeline, from the
 * command line, with a progress bar on a terminal, a JSON summary on request and a report of every
 * rejected row.
 */
import { Command, HelpDoc, Options, Span } from "@effect/cli"
import {
  ACTIVE_STATUSES,
  CampaignId,
  Campaigns,
  CampaignsLive,
  CampaignStore,
  DEFAULT_BATCH_SIZE,
  Importer,
  ImporterLive,
  ImportSummary,
  MAX_BATCH_SIZE,
  NewCampaign,
  UserStore,
  VerticalsLive
} from "@leadfactory/core"
// The DATABASE_URL module alone: the package index would load the whole HTTP stack (about 60 MB).
import { storeLayerFromUrl } from "@leadfactory/http/DatabaseUrl"
import { Cause, Effect, Either, Layer, Option, Schema } from "effect"
import { randomUUID } from "node:crypto"
import { createReadStream } from "node:fs"
import { access, constants, stat } from "node:fs/promises"
import { basename } from "node:path"
import { openErrorReport } from "./ErrorReport.js"
import { CliFailure, EXIT_CODES_HELP, ExitCode } from "./ExitCode.js"
import { progressBar } from "./ProgressBar.js"
import { summaryText } from "./SummaryText.js"

const VERTICALS = ["vc", "pe", "family_office", "corp_dev"] as const
/** Bytes per read of the file: large reads keep the per-chunk overhead low. */
const READ_CHUNK = 256 * 1024

const options = {
  campaignId: Options.text("campaign-id").pipe(
    Options.withDescription("The campaign to import into (any user's: this is an operator command)."),
    Options.optional
  ),
  userEmail: Options.text("user-email").pipe(
    Options.withDescription("Create a campaign for the user with this email and import into it."),
    Options.optional
  ),
  name: Options.text("name").pipe(
    Options.withDescription("Name of the campaign made with --user-email (default: \"Import of <file>\")."),
    Options.optional
  ),
  vertical: Options.choice("vertical", VERTICALS).pipe(
    Options.withDescription("Vertical of the campaign made with --user-email."),
    Options.withDefault("vc" as const)
  ),
  csv: Options.text("csv").pipe(Options.withDescription("The crawler's CSV file.")),
  databaseUrl: Options.text("database-url").pipe(
    Options.withDescription("The database (else DATABASE_URL, else sqlite:./data/leadfactory.db): sqlite:<path>, postgres://…"),
    Options.optional
  ),
  dryRun: Options.boolean("dry-run").pipe(Options.withDescription("Parse, validate and report; write nothing.")),
  json: Options.boolean("json").pipe(Options.withDescription("Print the summary as JSON on stdout.")),
  report: Options.text("report").pipe(
    Options.withDescription("Write every rejected row (line, message) to this CSV file."),
    Options.optional
  ),
  batchSize: Options.integer("batch-size").pipe(
    Options.withDescription(`Rows per transaction, 1 to ${MAX_BATCH_SIZE}.`),
    Options.withDefault(DEFAULT_BATCH_SIZE)
  )
}

type ImportArgs = Command.Command.ParseConfig<typeof options>

const fail = (code: ExitCode, message: string) => Effect.fail(new CliFailure({ code, message }))

/** The first message of a defect's cause chain that says something (driver errors sit in `cause`). */
const describeDefect = (defect: unknown): string => {
  const messages: Array<string> = []
  let current: unknown = defect
  for (let depth = 0; depth < 5 && current !== undefined && current !== null; depth++) {
    const message = current instanceof Error ? current.message : typeof current === "string" ? current : undefined
    if (message !== undefined && message !== "" && !messages.includes(message)) messages.push(message)
    current = typeof current === "object" && "cause" in current ? (current as { cause?: unknown }).cause : undefined
  }
  return messages.join(": ") || String(defect)
}

/** The file must exist and be readable; its size drives the progress bar. */
const checkFile = (path: string) =>
  Effect.tryPromise({
    try: async () => {
      const info = await stat(path)
      if (!info.isFile()) throw new Error("it is not a file")
      await access(path, constants.R_OK)
      return info.size
    },
    catch: (cause) =>
      new CliFailure({
        code: ExitCode.input,
        message: `The file ${path} cannot be read: ${cause instanceof Error ? cause.message : String(cause)}`
      })
  })

/** The campaign named by --campaign-id, or the one made (or, in a dry run, imagined) for --user-email. */
const targetCampaign = (args: ImportArgs) =>
  Effect.gen(function*() {
    if (Option.isSome(args.campaignId)) {
      const id = Schema.decodeUnknownOption(CampaignId)(args.campaignId.value.trim())
      if (Option.isNone(id)) return yield* fail(ExitCode.usage, `--campaign-id ${args.campaignId.value} is not a UUID.`)
      const campaign = yield* (yield* CampaignStore).findById(id.value)
      if (Option.isNone(campaign)) return yield* fail(ExitCode.notFound, `No campaign has the id ${id.value}.`)
      if (ACTIVE_STATUSES.includes(campaign.value.status)) {
        return yield* fail(ExitCode.conflict, `The campaign ${id.value} is ${campaign.value.status}; import when its run has ended.`)
      }
      return { id: id.value, label: `${id.value} (${campaign.value.name})` }
    }
    const email = Option.getOrThrow(args.userEmail).trim().toLowerCase()
    const user = yield* (yield* UserStore).findByEmail(email)
    if (Option.isNone(user)) return yield* fail(ExitCode.notFound, `No user has the email ${email}.`)
    const name = Option.getOrElse(args.name, () => `Import of ${basename(args.csv)}`)
    const request = Schema.decodeUnknownEither(NewCampaign)({ name, vertical: args.vertical })
    if (Either.isLeft(request)) return yield* fail(ExitCode.usage, `--name is not a valid campaign name: ${request.left.message}`)
    if (args.dryRun) {
      // Nothing may be written, so the campaign is not made; a fresh id has no leads to compare with.
      return { id: CampaignId.make(randomUUID()), label: `(new, for ${email}: not created in a dry run)` }
    }
    const campaign = yield* (yield* Campaigns).create(user.value.id, request.right).pipe(
      Effect.catchTags({
        InsufficientCredits: (error) => fail(ExitCode.conflict, `The campaign cannot be created: ${error.message}`),
        UnknownVertical: (error) => fail(ExitCode.usage, error.message),
        InvalidInput: (error) => fail(ExitCode.usage, `--name: ${error.message}`)
      })
    )
    return { id: campaign.id, label: `${campaign.id} (${campaign.name}, new, for ${email})` }
  })

const runImport = (args: ImportArgs) =>
  Effect.gen(function*() {
    if (Option.isSome(args.campaignId) === Option.isSome(args.userEmail)) {
      return yield* fail(ExitCode.usage, "Give either --campaign-id <uuid> or --user-email <email> (exactly one).")
    }
    if (!(args.batchSize >= 1 && args.batchSize <= MAX_BATCH_SIZE)) {
      return yield* fail(ExitCode.usage, `--batch-size must be from 1 to ${MAX_BATCH_SIZE}.`)
    }
    const size = yield* checkFile(args.csv)
    const databaseUrl = Option.getOrElse(args.databaseUrl, () => process.env.DATABASE_URL)
    const services = Layer.mergeAll(ImporterLive, CampaignsLive).pipe(
      Layer.provide(VerticalsLive),
      Layer.provideMerge(storeLayerFromUrl(databaseUrl))
    )
    const program = Effect.gen(function*() {
      const campaign = yield* targetCampaign(args)
      const report = Option.isSome(args.report) ? yield* openErrorReport(args.report.value) : undefined
      const bar = progressBar(size)
      const summary = yield* (yield* Importer).importCsv(campaign.id, createReadStream(args.csv, { highWaterMark: READ_CHUNK }), {
        dryRun: args.dryRun,
        batchSize: args.batchSize,
        onProgress: bar.update,
        ...(report === undefined ? {} : { onRowError: report.add })
      }).pipe(
        Effect.ensuring(Effect.sync(bar.stop)),
        Effect.catchTag("InvalidCsv", (error) => fail(ExitCode.input, error.message))
      )
      if (args.json) {
        const encoded = Schema.encodeSync(ImportSummary)(summary)
        process.stdout.write(`${JSON.stringify({ campaign_id: campaign.id, ...encoded }, null, 2)}\n`)
      } else {
        process.stdout.write(`${summaryText(summary, { file: args.csv, campaign: campaign.label })}\n`)
      }
    }).pipe(Effect.scoped)
    return yield* program.pipe(
      Effect.provide(services),
      Effect.catchTags({
        InvalidDatabaseUrl: (error) => fail(ExitCode.usage, error.message),
        StoreUnavailable: (error) =>
          fail(ExitCode.database, `${error.message}${error.cause === undefined ? "" : ` (${describeDefect(Cause.isCause(error.cause) ? Cause.squash(error.cause) : error.cause)})`}`)
      }),
      Effect.catchAllDefect((defect) => fail(ExitCode.database, `The database failed: ${describeDefect(defect)}`))
    )
  })

const description = HelpDoc.blocks([
  HelpDoc.p("Imports the crawl engine's CSV into a campaign: streamed, in batches of one transaction each, idempotent (a run that is stopped can be run again; the same file twice changes nothing)."),
  HelpDoc.p("lf-import --campaign-id <uuid> --csv <file>     imports into an existing campaign"),
  HelpDoc.p("lf-import --user-email <email> [--name <name>] --csv <file>     makes the user a campaign first"),
  HelpDoc.p("The database is --database-url, else DATABASE_URL, else sqlite:./data/leadfactory.db. Rules: docs/import.md."),
  HelpDoc.h2("Exit codes"),
  HelpDoc.descriptionList(
    EXIT_CODES_HELP.map(([code, text]) => [Span.text(String(code)), HelpDoc.p(text)] as [Span.Span, HelpDoc.HelpDoc]) as [
      [Span.Span, HelpDoc.HelpDoc],
      ...Array<[Span.Span, HelpDoc.HelpDoc]>
    ]
  )
])

export const importCommand = Command.make("lf-import", options, runImport).pipe(Command.withDescription(description))
