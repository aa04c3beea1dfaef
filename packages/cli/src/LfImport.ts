/** The lf-import program: runs the command and turns its outcome into an exit code. */
import { Command, ValidationError } from "@effect/cli"
import { Effect } from "effect"
import { type ExitCode as Code, ExitCode } from "./ExitCode.js"
import { importCommand } from "./ImportCommand.js"

export const VERSION = "0.1.0"

const cli = Command.run(importCommand, { name: "lf-import", version: VERSION })

/** Runs lf-import on `argv` (as process.argv: node, script, arguments…); failures are printed on stderr. */
export const runLfImport = (argv: ReadonlyArray<string>) =>
  cli(argv).pipe(
    Effect.as<Code>(ExitCode.ok),
    Effect.catchAll((error) =>
      Effect.sync((): Code => {
        // @effect/cli has printed the help or what is wrong with the options already.
        if (ValidationError.isValidationError(error)) return ExitCode.usage
        process.stderr.write(`lf-import: ${error.message}\n`)
        return error.code
      })
    )
  )
