/** Starts the example on http://127.0.0.1:3100 (PORT), with LeadFactory over DATABASE_URL. */
import { createLeadFactory } from "@leadfactory/http"
import { makeApp } from "./app.js"

const leadFactory = createLeadFactory({ database: process.env.DATABASE_URL ?? "sqlite:./data/embed-example.db" })
await leadFactory.ready
const port = Number(process.env.PORT ?? 3100)
const server = makeApp(leadFactory).listen(port, "127.0.0.1", () => {
  console.log(`Example app on http://127.0.0.1:${port} (try /hello and /api/verticals)`)
})

const stop = () => server.close(() => void leadFactory.close().then(() => process.exit(0)))
process.once("SIGTERM", stop)
process.once("SIGINT", stop)
