/** The entry point lf-run and lf-worker share: runs their command on process.argv and exits with a RunExitCode. */
import { Command, ValidationError } from "@effect/cli"
// Subpath imports: the package index also loads the cluster, RPC and HTTP server modules.
import * as NodeContext from "@effect/platform-node/NodeContext"
import * as NodeRuntime from "@effect/platform-node/NodeRuntime"
import { Cause, Effect, Exit, type Layer } from "effect"
import { type RunCliFailure, RunExitCode } from "./RunServices.js"

export interface RunEntryPointOptions {
  /** The program's name, in its help and before its error messages. */
  readonly name: string
  /** Where its log lines go. */
  readonly logger: Layer.Layer<never>
  /** The exit code when a signal interrupts it. */
  readonly interruptedCode: RunExitCode
}

export const runEntryPoint = <Name extends string, A>(
  command: Command.Command<Name, never, RunCliFailure, A>,
  { interruptedCode, logger, name }: RunEntryPointOptions
): void => {
  const cli = Command.run(command, { name, version: "0.1.0" })

  let code: RunExitCode = RunExitCode.ok

  const program = cli(process.argv).pipe(
    Effect.catchAll((error) =>
      Effect.sync(() => {
        // @effect/cli has printed what is wrong with the options already.
        if (ValidationError.isValidationError(error)) {
          code = RunExitCode.usage
          return
        }
        process.stderr.write(`${name}: ${error.message}\n`)
        code = error.code
      })
    ),
    Effect.provide(logger),
    Effect.provide(NodeContext.layer)
  )

  NodeRuntime.runMain(program, {
    disableErrorReporting: true,
    disablePrettyLogger: true,
    teardown: (exit, onExit) =>
      onExit(Exit.isSuccess(exit) ? code : Cause.isInterruptedOnly(exit.cause) ? interruptedCode : RunExitCode.database)
  })
}
