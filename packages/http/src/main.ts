/**
 * `npm start`: the reference server on http://127.0.0.1:8000 (PORT, HOST), over the database of
 * DATABASE_URL (SQLite at ./data/leadfactory.db when unset).
 */
import { fileURLToPath } from "node:url"
import { logLine, startServer } from "./Server.js"
import { serverConfigFromEnv } from "./ServerConfig.js"

const dashboardDir = fileURLToPath(new URL("../../dashboard/dist/app", import.meta.url))

const main = async () => {
  const config = serverConfigFromEnv(process.env, dashboardDir)
  const running = await startServer(config)
  logLine({ message: "listening", url: running.url, docs: `${running.url}/api/docs` })
  const shutdown = (signal: NodeJS.Signals) => {
    logLine({ message: "shutting down", signal })
    running.stop().then(() => {
      logLine({ message: "stopped" })
      process.exit(0)
    })
  }
  process.once("SIGTERM", shutdown)
  process.once("SIGINT", shutdown)
}

main().catch((error: unknown) => {
  process.stderr.write(
    JSON.stringify({ time: new Date().toISOString(), level: "ERROR", message: "could not start", error: String(error) }) + "\n"
  )
  process.exit(1)
})
