/** Entry point of `lf-run` (packages/cli/bin/lf-run.js runs the compiled file). */
import { Command, ValidationError } from "@effect/cli"
import { NodeContext, NodeRuntime } from "@effect/platform-node"
import { Cause, Effect, Exit, Logger } from "effect"
import { runCommand } from "../RunCommand.js"
import { RunExitCode } from "../RunServices.js"

const cli = Command.run(runCommand, { name: "lf-run", version: "0.1.0" })

let code: RunExitCode = RunExitCode.ok

const program = cli(process.argv).pipe(
  Effect.catchAll((error) =>
    Effect.sync(() => {
      // @effect/cli has printed what is wrong with the options already.
      if (ValidationError.isValidationError(error)) {
        code = RunExitCode.usage
        return
      }
      process.stderr.write(`lf-run: ${error.message}\n`)
      code = error.code
    })
  ),
  // Log lines (warnings of the worker) go to stderr: stdout carries the progress.
  Effect.provide(Logger.replace(Logger.defaultLogger, Logger.withLeveledConsole(Logger.logfmtLogger))),
  Effect.provide(NodeContext.layer)
)

NodeRuntime.runMain(program, {
  disableErrorReporting: true,
  disablePrettyLogger: true,
  teardown: (exit, onExit) =>
    onExit(
      Exit.isSuccess(exit) ? code : Cause.isInterruptedOnly(exit.cause) ? RunExitCode.interrupted : RunExitCode.database
    )
})
