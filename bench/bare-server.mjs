// The throughput baseline: a bare node:http server that answers every request with page 1 of the
// campaign (the same statements LeadFactory's store runs, through the same driver), as JSON.
// No framework, no authentication, no validation: what the database and driver alone can serve.
//
//   BENCH_PORT=… BENCH_DB=sqlite:… | postgres://… BENCH_TARGET='{"campaignId":"…"}' node bench/bare-server.mjs
import { createServer } from "node:http"
import { openDriver } from "./lib/drivers.mjs"
import { listStatements, pageWithTotalStatement } from "./lib/queries.mjs"

const driver = openDriver(process.env.BENCH_DB)
const { campaignId } = JSON.parse(process.env.BENCH_TARGET)
// As the store reads it: on PostgreSQL the page with its total as a last column, on SQLite apart.
const withTotal = pageWithTotalStatement(driver.dialect, campaignId, { filter: {} })
const statements = withTotal === undefined ? listStatements(driver.dialect, campaignId, { filter: {} }) : [withTotal]

const server = createServer((request, response) => {
  if (request.url === "/health") {
    response.writeHead(200, { "content-type": "application/json" }).end("{}")
    return
  }
  driver.run(statements).then(
    ([rows, counted]) => {
      const count = withTotal === undefined ? counted[0].count : (rows[0]?.count ?? 0)
      const leads = rows.slice(0, 50)
      const body = JSON.stringify({ leads, total: Number(count), page: 1, per_page: 50, next_cursor: rows.length > 50 ? "next" : null })
      response.writeHead(200, { "content-type": "application/json" }).end(body)
    },
    (error) => {
      response.writeHead(500, { "content-type": "text/plain" }).end(String(error))
    }
  )
})

server.listen(Number(process.env.BENCH_PORT), "127.0.0.1")
process.once("SIGTERM", () => server.close(() => driver.close().then(() => process.exit(0))))
