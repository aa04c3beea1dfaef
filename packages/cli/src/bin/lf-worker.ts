/** Entry point of `lf-worker` (packages/cli/bin/lf-worker.js runs the compiled file). */
import { Command, ValidationError } from "@effect/cli"
import { NodeContext, NodeRuntime } from "@effect/platform-node"
import { Cause, Effect, Exit, Logger } from "effect"
import { RunExitCode } from "../RunServices.js"
import { workerCommand } from "../WorkerCommand.js"

const cli = Command.run(workerCommand, { name: "lf-worker", version: "0.1.0" })

let code: RunExitCode = RunExitCode.ok

const program = cli(process.argv).pipe(
  Effect.catchAll((error) =>
    Effect.sync(() => {
      // @effect/cli has printed what is wrong with the options already.
      if (ValidationError.isValidationError(error)) {
        code = RunExitCode.usage
        return
      }
      process.stderr.write(`lf-worker: ${error.message}\n`)
      code = error.code
    })
  ),
  Effect.provide(Logger.json),
  Effect.provide(NodeContext.layer)
)

// SIGTERM and Ctrl-C interrupt the worker: its crawls are stopped and their runs queued again.
NodeRuntime.runMain(program, {
  disableErrorReporting: true,
  disablePrettyLogger: true,
  teardown: (exit, onExit) =>
    onExit(Exit.isSuccess(exit) ? code : Cause.isInterruptedOnly(exit.cause) ? RunExitCode.ok : RunExitCode.database)
})
