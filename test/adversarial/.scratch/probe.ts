import { startTestServer } from "../../../packages/http/test/support/TestServer.js"
import { call, register } from "../../../packages/http/test/support/Http.js"
import { mkdtempSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"

const which = process.argv[2] ?? "sqlite"
const url = which === "pg" ? "postgres://postgres@127.0.0.1:5432/lf_adv_probe" : `sqlite:${join(mkdtempSync(join(tmpdir(), "adv-")), "db.sqlite")}`
const server = await startTestServer(url)
const base = server.url
const a = await register(base)
const show = (label: string, r: { status: number; text: string }) => console.log(label.padEnd(40), r.status, r.text.slice(0, 160))
const camp = await call(base, "/api/campaigns", { token: a.token, json: { name: "x", vertical: "vc" } })
const id = camp.body.id
show("nul name", await call(base, "/api/campaigns", { token: a.token, json: { name: "a\u0000b", vertical: "vc" } }))
show("nul config", await call(base, "/api/campaigns", { token: a.token, json: { name: "ab", vertical: "vc", config: { x: "a\u0000b" } } }))
show("nul config key", await call(base, "/api/campaigns", { token: a.token, json: { name: "ab", vertical: "vc", config: { ["a\u0000"]: 1 } } }))
const deep = '{"a":'.repeat(20000) + "1" + "}".repeat(20000)
show("deep config", await call(base, "/api/campaigns", { token: a.token, body: `{"name":"deep","vertical":"vc","config":${deep}}`, headers: { "content-type": "application/json" } }))
show("deep config 3000", await call(base, "/api/campaigns", { token: a.token, body: `{"name":"deep","vertical":"vc","config":${'{"a":'.repeat(3000) + "1" + "}".repeat(3000)}}`, headers: { "content-type": "application/json" } }))
show("deep body raw arrays", await call(base, "/api/campaigns", { token: a.token, body: "[".repeat(200000) + "]".repeat(200000), headers: { "content-type": "application/json" } }))
show("unknown field", await call(base, "/api/campaigns", { token: a.token, json: { name: "u", vertical: "vc", status: "completed", user_id: "x" } }))
show("register mass assign", await call(base, "/api/users/register", { json: { email: `m${Date.now()}@x.com`, password: "long enough pw", name: "M", credits_remaining: 999999, is_admin: true, plan: "enterprise" } }))
show("nul register name", await call(base, "/api/users/register", { json: { email: `n${Date.now()}@x.com`, password: "long enough pw", name: "a\u0000" } }))
show("nul password", await call(base, "/api/users/register", { json: { email: `p${Date.now()}@x.com`, password: "long\u0000enough pw", name: "a" } }))
show("nul email login", await call(base, "/api/users/login", { json: { email: `a\u0000@x.com`, password: "long enough pw" } }))
show("nul search", await call(base, `/api/leads?campaign_id=${id}&search=%00`, { token: a.token }))
show("nul fund", await call(base, `/api/leads?campaign_id=${id}&fund=a%00b`, { token: a.token }))
show("invalid utf8 search", await call(base, `/api/leads?campaign_id=${id}&search=%FF%FE`, { token: a.token }))
show("invalid utf8 path", await call(base, `/api/campaigns/%FF`, { token: a.token }))
show("bad percent path", await call(base, `/api/campaigns/%E0%A4%A`, { token: a.token }))
show("bad percent query", await call(base, `/api/leads?campaign_id=%E0%A4%A`, { token: a.token }))
show("invalid utf8 body", await call(base, "/api/campaigns", { token: a.token, body: Buffer.concat([Buffer.from('{"name":"'), Buffer.from([0xff, 0xfe, 0xc3]), Buffer.from('","vertical":"vc"}')]), headers: { "content-type": "application/json" } }))
show("lone surrogate", await call(base, "/api/campaigns", { token: a.token, body: '{"name":"\\ud800x","vertical":"vc"}', headers: { "content-type": "application/json" } }))
show("huge name", await call(base, "/api/campaigns", { token: a.token, json: { name: "x".repeat(900000), vertical: "vc" } }))
show("huge config", await call(base, "/api/campaigns", { token: a.token, json: { name: "hc", vertical: "vc", config: { x: "y".repeat(1000000) } } }))
show("apikey nul name", await call(base, "/api/users/api-keys", { token: a.token, json: { name: "k\u0000" } }))
show("optout nul", await call(base, `/api/leads/optout?email=a%00b@x.com`))
show("optout utf8", await call(base, `/api/leads/optout?email=%FF@x.com`))
show("cursor nul", await call(base, `/api/leads?campaign_id=${id}&cursor=%00`, { token: a.token }))
show("page huge", await call(base, `/api/leads?campaign_id=${id}&page=1000000`, { token: a.token }))
show("page float", await call(base, `/api/campaigns?page=1e3`, { token: a.token }))
show("dup param", await call(base, `/api/leads?campaign_id=${id}&campaign_id=${id}`, { token: a.token }))
show("min_score", await call(base, `/api/leads?campaign_id=${id}&min_score=1e308`, { token: a.token }))
show("text/plain json", await call(base, "/api/campaigns", { token: a.token, body: '{"name":"tp","vertical":"vc"}', headers: { "content-type": "text/plain" } }))
show("no ctype", await call(base, "/api/campaigns", { token: a.token, body: '{"name":"tp","vertical":"vc"}' }))
show("form urlenc", await call(base, "/api/campaigns", { token: a.token, body: 'name=tp&vertical=vc', headers: { "content-type": "application/x-www-form-urlencoded" } }))
show("json null", await call(base, "/api/campaigns", { token: a.token, body: 'null', headers: { "content-type": "application/json" } }))
show("json empty", await call(base, "/api/campaigns", { token: a.token, body: '', headers: { "content-type": "application/json" } }))
show("proto", await call(base, "/api/campaigns", { token: a.token, body: '{"name":"p","vertical":"vc","__proto__":{"x":1},"config":{"__proto__":{"polluted":1}}}', headers: { "content-type": "application/json" } }))
show("csv nul", await call(base, `/api/campaigns/${id}/import`, { token: a.token, body: "Name,Email\nA\u0000B,a@b.co\n", headers: { "content-type": "text/csv" } }))
show("csv binary", await call(base, `/api/campaigns/${id}/import`, { token: a.token, body: Buffer.from([0x4e, 0x61, 0x6d, 0x65, 0x0a, 0xff, 0x00, 0x01, 0x02, 0x0a, 0x80, 0x81]), headers: { "content-type": "text/csv" } }))
show("csv header only", await call(base, `/api/campaigns/${id}/import`, { token: a.token, body: "Name,Email\n", headers: { "content-type": "text/csv" } }))
show("csv unterminated", await call(base, `/api/campaigns/${id}/import`, { token: a.token, body: "Name,Email\n\"abc,a@b.co\nX,y@z.co\n", headers: { "content-type": "text/csv" } }))
show("csv empty", await call(base, `/api/campaigns/${id}/import`, { token: a.token, body: "", headers: { "content-type": "text/csv" } }))
show("form nul", await call(base, "/api/campaigns", { token: a.token, body: 'name=a%00b&vertical=vc', headers: { "content-type": "application/x-www-form-urlencoded" } }))
{ const f = new FormData(); f.append("name", "a\u0000b"); f.append("vertical", "vc"); show("multipart nul", await call(base, "/api/campaigns", { token: a.token, body: f })) }
{ const f = new FormData(); f.append("name", "mp"); f.append("vertical", "vc"); show("multipart ok", await call(base, "/api/campaigns", { token: a.token, body: f })) }
show("register multipart", await (async () => { const f = new FormData(); f.append("email", `mp${Date.now()}@x.com`); f.append("password", "long\u0000enough pw"); f.append("name", "x\u0000"); return call(base, "/api/users/register", { body: f }) })())
show("health", await call(base, "/api/health"))
console.log("5xx in logs:", server.logs.filter((l) => l.includes('"status":5') || l.includes('"level":"ERROR"')).map((l) => l.slice(0, 300)))
await server.stop()
