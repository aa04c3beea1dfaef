/** Entry point of `lf-import` (packages/cli/bin/lf-import.js runs the compiled file). */
// Subpath imports: the package index also loads the cluster, RPC and HTTP server modules.
import * as NodeContext from "@effect/platform-node/NodeContext"
import * as NodeRuntime from "@effect/platform-node/NodeRuntime"
import { Cause, Effect, Exit } from "effect"
import { ExitCode } from "../ExitCode.js"
import { runLfImport } from "../LfImport.js"

NodeRuntime.runMain(runLfImport(process.argv).pipe(Effect.provide(NodeContext.layer)), {
  disableErrorReporting: true,
  teardown: (exit, onExit) =>
    onExit(
      Exit.isSuccess(exit)
        ? typeof exit.value === "number" ? exit.value : ExitCode.ok
        : Cause.isInterruptedOnly(exit.cause) ? ExitCode.interrupted : ExitCode.database
    )
})
