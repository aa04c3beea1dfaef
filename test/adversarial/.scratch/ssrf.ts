import { createServer } from "node:http"
import { call, register, startTestServer } from "../support/Servers.js"
const hits: Array<string> = []
const receiver = createServer((req, res) => { hits.push(`${req.method} ${req.url}`); req.resume(); res.end("{}") })
await new Promise<void>((r) => receiver.listen(0, "127.0.0.1", r))
const port = (receiver.address() as any).port
const server = await startTestServer(`sqlite:/tmp/adv-ssrf-${Date.now()}.db`)
const { token } = await register(server.url)
const campaign = (await call(server.url, "/api/campaigns", { token, json: { name: "s", vertical: "vc" } })).body.id
for (const host of ["127.0.0.1", "[::ffff:127.0.0.1]", "[0:0:0:0:0:ffff:7f00:1]", "2130706433", "localhost", "[::1]"]) {
  const put = await call(server.url, "/api/users/integrations/webhook", { method: "PUT", token, json: { url: `http://${host}:${port}/hook`, secret: "a webhook secret of some length" } })
  const launch = await call(server.url, "/api/outreach/launch", { token, json: { name: `s ${host}`, provider: "webhook", campaign_id: campaign, from_email: "a@b.co", from_name: "A", steps: [{ subject: "s", body: "b", delay_days: 0 }] } })
  console.log(host, put.status, launch.status, launch.text.slice(0, 120), "hits", hits.length)
}
await server.stop(); receiver.close()
