import { call, register, serverProcess, sigkill } from "../support/Servers.js"
const server = await serverProcess(`sqlite:/tmp/adv-mp-${Date.now()}.db`)
const { token } = await register(server.url)
const id = (await call(server.url, "/api/campaigns", { token, json: { name: "mp", vertical: "vc" } })).body.id
const boundary = "----x"
const body = `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="x.csv"\r\n\r\nName,Email\r\nA,a@b.co`
const answer = await call(server.url, `/api/campaigns/${id}/import`, { token, body, headers: { "content-type": `multipart/form-data; boundary=${boundary}` } }).catch((e) => ({ status: String(e), text: "" }))
console.log("answer", answer.status, answer.text.slice(0, 200))
await new Promise((r) => setTimeout(r, 1000))
console.log("exit", server.child.exitCode, server.child.signalCode)
console.log(server.lines.slice(-5).join("\n").slice(0, 1500))
const health = await call(server.url, "/api/health").catch((e) => ({ status: String(e) }))
console.log("health", health.status)
await sigkill(server)
