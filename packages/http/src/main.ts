/**
 * `npm start`: the reference server on http://127.0.0.1:8000 (PORT, HOST), over the database of
 * DATABASE_URL (SQLite at ./data/leadfactory.db when unset).
 *
 * Before it loads anything else it sets how V8 grows its heap for the database of DATABASE_URL
 * (HeapSettings), where node's own arguments or NODE_OPTIONS leave it unset.
 */
import { applyHeapSettings } from "./HeapSettings.js"

applyHeapSettings(process.execArgv, process.env.NODE_OPTIONS, process.env.DATABASE_URL)

// Imported once the flags are set: loading the server's modules is the first thing they size.
const { fileURLToPath } = await import("node:url")
const { LeadFactoryStartError } = await import("./LeadFactory.js")
const { jsonLine, writeStdout } = await import("./LogLines.js")
const { startServer } = await import("./Server.js")
const { serverConfigFromEnv } = await import("./ServerConfig.js")

const dashboardDir = fileURLToPath(new URL("../../dashboard/dist/app", import.meta.url))

const main = async () => {
  const config = serverConfigFromEnv(process.env, dashboardDir)
  const running = await startServer(config)
  writeStdout(jsonLine("INFO", "listening", { url: running.url, docs: `${running.url}/api/docs` }))
  const shutdown = (signal: NodeJS.Signals) => {
    writeStdout(jsonLine("INFO", "shutting down", { signal }))
    running.stop().then(() => {
      writeStdout(jsonLine("INFO", "stopped"))
      process.exit(0)
    })
  }
  process.once("SIGTERM", shutdown)
  process.once("SIGINT", shutdown)
}

main().catch((error: unknown) => {
  // LeadFactory has logged its own failure; anything else (a bad setting, a port in use) is logged here.
  if (!(error instanceof LeadFactoryStartError)) writeStdout(jsonLine("ERROR", "could not start", { error: String(error) }))
  process.exit(1)
})
