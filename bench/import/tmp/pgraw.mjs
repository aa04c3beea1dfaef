import pg from "pg"
import { randomUUID } from "node:crypto"
const client = new pg.Client({ connectionString: process.argv[2] })
await client.connect()
const camp = (await client.query("select id from campaigns limit 1")).rows[0].id
await client.query("delete from leads")
const cols = ["id","campaign_id","dedupe_key","name","email","email_status","email_source","email_verified","linkedin","phone","fund","role","website","sectors","check_size","stage","hq","score","tier","source","opted_out","scraped_at","last_verified","last_crawled_at"]
const mk = (i) => [randomUUID(), camp, "e:person" + i + "@fund" + (i % 300) + ".com", "Person " + i, "person" + i + "@fund" + (i % 300) + ".com", "guessed", "guessed", false, "https://www.linkedin.com/in/p" + i, null, "Fund " + (i%300), "Partner", "https://www.fund.com", "AI; ML; Fintech", null, "Seed", "San Francisco CA", (i * 7) % 100, "WARM", "https://www.fund.com/team", false, new Date(), null, new Date()]
const mode = process.argv[3]; const N = 100000, B = 2000
const t0 = performance.now(); let tl = 0, ti = 0
for (let b = 0; b < N; b += B) {
  const rows = []; for (let i = b; i < b + B; i++) rows.push(mk(i))
  await client.query("BEGIN")
  let t = performance.now()
  if (mode === "any") await client.query("SELECT id, dedupe_key, scraped_at FROM leads WHERE campaign_id = $1 AND dedupe_key = ANY($2)", [camp, rows.map(r => r[2])])
  else for (let c = 0; c < B; c += 1000) { const ks = rows.slice(c, c + 1000).map(r => r[2]); await client.query(`SELECT id, dedupe_key, scraped_at FROM leads WHERE campaign_id = $1 AND dedupe_key IN (${ks.map((_, i) => "$" + (i + 2))})`, [camp, ...ks]) }
  tl += performance.now() - t; t = performance.now()
  if (mode === "any") {
    await client.query(`INSERT INTO leads (${cols}) SELECT * FROM unnest(${cols.map((c, i) => `$${i + 1}::${["id","campaign_id"].includes(c) ? "uuid" : ["email_verified","opted_out"].includes(c) ? "boolean" : c === "score" ? "float8" : c.endsWith("_at") || c === "last_verified" ? "timestamptz" : "text"}[]`)}) ON CONFLICT (campaign_id, dedupe_key) DO NOTHING RETURNING id, dedupe_key`, cols.map((_, j) => rows.map(r => r[j])))
  } else {
    const per = Math.floor(65535 / cols.length)
    for (let c = 0; c < B; c += per) { const chunk = rows.slice(c, c + per); let p = 0
      await client.query(`INSERT INTO leads (${cols}) VALUES ${chunk.map(() => "(" + cols.map(() => "$" + (++p)) + ")")} ON CONFLICT (campaign_id, dedupe_key) DO NOTHING RETURNING id, dedupe_key`, chunk.flat()) }
  }
  ti += performance.now() - t
  await client.query("COMMIT")
}
console.log(mode, Math.round(performance.now() - t0), "ms total; lookups", Math.round(tl), "inserts", Math.round(ti))
await client.end()
