/**
 * Which source runs a campaign, from the run settings: a campaign whose config names a `csv` reads
 * that file from LF_IMPORT_DIR; any other runs its vertical's crawl command (LF_CRAWL_CONFIG, else
 * LF_CRAWL_COMMAND). Commands are checked when the layer is built, so a typo stops the start.
 */
import { readFileSync } from "node:fs"
import { dirname, resolve } from "node:path"
import { ConfigError, Effect, Either, Layer, ParseResult, Schema } from "effect"
import { type VerticalSlug } from "../Campaign.js"
import { InvalidInput } from "../Errors.js"
import { makeCommandLeadSource, type CrawlCommand } from "./CommandLeadSource.js"
import { parseCommand } from "./CommandLine.js"
import { CSV_CONFIG_KEY, csvPathOf, makeCsvLeadSource } from "./CsvLeadSource.js"
import { type LeadSource, LeadSources } from "./LeadSource.js"
import { RunSettings } from "./RunSettings.js"

const Command = Schema.Union(Schema.String, Schema.Array(Schema.String))

const CommandEntry = Schema.Struct({ command: Command, cwd: Schema.optional(Schema.String) })

/** The file of LF_CRAWL_CONFIG. */
const CrawlConfigFile = Schema.Struct({
  /** For every vertical without an entry of its own. */
  command: Schema.optional(Command),
  cwd: Schema.optional(Schema.String),
  verticals: Schema.optional(Schema.Struct({
    vc: Schema.optional(CommandEntry),
    pe: Schema.optional(CommandEntry),
    family_office: Schema.optional(CommandEntry),
    corp_dev: Schema.optional(CommandEntry)
  }))
})

const VERTICALS: ReadonlyArray<VerticalSlug> = ["vc", "pe", "family_office", "corp_dev"]

export const NO_SOURCE_MESSAGE = "No lead source is configured for this campaign. An operator sets LF_CRAWL_COMMAND " +
  "(e.g. \"python engine.py --vertical {vertical} --out {output}\") or LF_CRAWL_CONFIG on the server and its " +
  `workers; or sets LF_IMPORT_DIR and gives the campaign the config {"${CSV_CONFIG_KEY}": "<file in that folder>"}. ` +
  "See docs/runs.md."

const invalid = (path: Array<string>, message: string) => ConfigError.InvalidData(path, message)

/** The crawl command of each vertical, from the settings. */
const crawlCommands = (settings: RunSettings) =>
  Effect.gen(function*() {
    const commands = new Map<VerticalSlug, CrawlCommand>()
    const add = (
      verticals: ReadonlyArray<VerticalSlug>,
      command: string | ReadonlyArray<string>,
      cwd: string | undefined,
      origin: string
    ) =>
      Either.match(parseCommand(command, origin), {
        onLeft: (message) => Effect.fail(invalid([origin], message)),
        onRight: (argv) => Effect.sync(() => verticals.forEach((vertical) => commands.set(vertical, { argv, cwd })))
      })
    if (settings.crawlCommand !== undefined) yield* add(VERTICALS, settings.crawlCommand, undefined, "LF_CRAWL_COMMAND")
    const file = settings.crawlConfigFile
    if (file === undefined) return commands
    const text = yield* Effect.try({
      try: () => readFileSync(file, "utf8"),
      catch: (error) => invalid(["LF_CRAWL_CONFIG"], `LF_CRAWL_CONFIG names ${file}, which cannot be read: ${String(error)}`)
    })
    const parsed = yield* Schema.decodeUnknown(Schema.parseJson(CrawlConfigFile))(text, { onExcessProperty: "error" }).pipe(
      Effect.mapError((error) =>
        invalid(["LF_CRAWL_CONFIG"], `${file} is not a valid crawl config: ${ParseResult.TreeFormatter.formatErrorSync(error)}`)
      )
    )
    // Working folders in the file are relative to the file.
    const folderOf = (cwd: string | undefined) => (cwd === undefined ? undefined : resolve(dirname(file), cwd))
    if (parsed.command !== undefined) yield* add(VERTICALS, parsed.command, folderOf(parsed.cwd), `${file}: command`)
    for (const vertical of VERTICALS) {
      const entry = parsed.verticals?.[vertical]
      if (entry !== undefined) {
        yield* add([vertical], entry.command, folderOf(entry.cwd ?? parsed.cwd), `${file}: verticals.${vertical}.command`)
      }
    }
    return commands
  })

export const makeLeadSources = Effect.gen(function*() {
  const settings = yield* RunSettings
  const commands = yield* crawlCommands(settings)
  const sources = new Map<VerticalSlug, LeadSource>(
    [...commands].map(([vertical, command]) => [vertical, makeCommandLeadSource(command, settings.killGraceMs)])
  )
  const csv = settings.importDir === undefined ? undefined : makeCsvLeadSource(settings.importDir)

  return LeadSources.of({
    forCampaign: ({ config, vertical }) => {
      if (config[CSV_CONFIG_KEY] !== undefined) {
        if (settings.importDir === undefined || csv === undefined) {
          return Either.left(
            InvalidInput.field(
              `config.${CSV_CONFIG_KEY}`,
              `This campaign imports a CSV file, but no import folder is configured: an operator sets LF_IMPORT_DIR. See docs/runs.md.`
            )
          )
        }
        return Either.map(csvPathOf(settings.importDir, config), () => csv)
      }
      const source = sources.get(vertical)
      return source === undefined ? Either.left(InvalidInput.field("source", NO_SOURCE_MESSAGE)) : Either.right(source)
    }
  })
})

/** The sources of the run settings; fails when LF_CRAWL_COMMAND or LF_CRAWL_CONFIG cannot be used. */
export const LeadSourcesLive: Layer.Layer<LeadSources, ConfigError.ConfigError, RunSettings> = Layer.effect(
  LeadSources,
  makeLeadSources
)
