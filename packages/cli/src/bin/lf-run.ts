/** Entry point of `lf-run` (packages/cli/bin/lf-run.js runs the compiled file). */
import { Logger } from "effect"
import { runCommand } from "../RunCommand.js"
import { runEntryPoint } from "../RunEntryPoint.js"
import { RunExitCode } from "../RunServices.js"

runEntryPoint(runCommand, {
  name: "lf-run",
  // Log lines (warnings of the worker) go to stderr: stdout carries the progress.
  logger: Logger.replace(Logger.defaultLogger, Logger.withLeveledConsole(Logger.logfmtLogger)),
  interruptedCode: RunExitCode.interrupted
})
