/**
 * The `csv` lead source: a file the operator put in LF_IMPORT_DIR, named by the campaign's config
 * (`{"csv": "leads.csv"}`). Nothing outside that folder is read: not `..`, not an absolute path,
 * not a symbolic link that points out of it.
 */
import { realpathSync, statSync } from "node:fs"
import { isAbsolute, relative, resolve, sep } from "node:path"
import { Effect, Either } from "effect"
import type { CampaignConfig } from "../Campaign.js"
import { InvalidInput } from "../Errors.js"
import { type LeadJob, type LeadSource, LeadSourceFailed } from "./LeadSource.js"

/** The config key that names the file. */
export const CSV_CONFIG_KEY = "csv"

const refuse = (message: string) => Either.left(InvalidInput.field(`config.${CSV_CONFIG_KEY}`, message))

const isInside = (folder: string, path: string) => {
  const rest = relative(folder, path)
  return rest !== "" && !rest.startsWith(`..${sep}`) && rest !== ".." && !isAbsolute(rest)
}

/** The path of the campaign's CSV inside `importDir`, checked by name only (the file may come later). */
export const csvPathOf = (importDir: string, config: CampaignConfig): Either.Either<string, InvalidInput> => {
  const name = config[CSV_CONFIG_KEY]
  if (typeof name !== "string" || name.trim() === "") {
    return refuse(`config.${CSV_CONFIG_KEY} must be the name of a CSV file in the import folder.`)
  }
  if (name.includes("\0") || isAbsolute(name) || name.split(/[\\/]/).includes("..")) {
    return refuse(`config.${CSV_CONFIG_KEY} must be a path inside the import folder, without "..".`)
  }
  const folder = resolve(importDir)
  const path = resolve(folder, name)
  return isInside(folder, path) ? Either.right(path) : refuse(`config.${CSV_CONFIG_KEY} must name a file inside the import folder.`)
}

export const makeCsvLeadSource = (importDir: string): LeadSource => ({
  kind: "csv",
  produce: (job: LeadJob) =>
    Effect.gen(function*() {
      const path = yield* Either.match(csvPathOf(importDir, job.config), {
        onLeft: (invalid) => Effect.fail(new LeadSourceFailed({ message: invalid.message })),
        onRight: Effect.succeed
      })
      const name = String(job.config[CSV_CONFIG_KEY])
      // Links are followed now, at run time: the file found must still be inside the folder.
      const real = yield* Effect.try({
        try: () => ({ folder: realpathSync(importDir), file: realpathSync(path) }),
        catch: () => new LeadSourceFailed({ message: `The file "${name}" is not in the import folder.` })
      })
      if (!isInside(real.folder, real.file)) {
        return yield* new LeadSourceFailed({ message: `The file "${name}" leads outside the import folder; it is refused.` })
      }
      if (!statSync(real.file).isFile()) {
        return yield* new LeadSourceFailed({ message: `"${name}" in the import folder is not a file.` })
      }
      job.log(`csv: ${real.file}`)
      return { path: real.file }
    })
})
