import { startTestServer } from "../../../packages/http/test/support/TestServer.js"
const server = await startTestServer("sqlite::memory:")
const spec = await (await fetch(server.url + "/api/openapi.json")).json()
for (const [path, ops] of Object.entries<any>(spec.paths)) for (const [m, op] of Object.entries<any>(ops)) {
  console.log(m.toUpperCase(), path, op.operationId, JSON.stringify(op.security), (op.parameters ?? []).map((p: any) => `${p.in}:${p.name}${p.required ? "!" : ""}`).join(" "), op.requestBody ? Object.keys(op.requestBody.content).join("|") + (op.requestBody.required ? "!" : "") : "")
}
console.log(JSON.stringify(spec.components.securitySchemes))
await server.stop()
