/** Entry point of `lf-worker` (packages/cli/bin/lf-worker.js runs the compiled file). */
import { Logger } from "effect"
import { runEntryPoint } from "../RunEntryPoint.js"
import { RunExitCode } from "../RunServices.js"
import { workerCommand } from "../WorkerCommand.js"

// SIGTERM and Ctrl-C interrupt the worker: its crawls are stopped and their runs queued again.
runEntryPoint(workerCommand, { name: "lf-worker", logger: Logger.json, interruptedCode: RunExitCode.ok })
