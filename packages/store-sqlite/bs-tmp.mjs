import Database from "better-sqlite3"
import { randomUUID } from "node:crypto"
import { copyFileSync, rmSync } from "node:fs"
const mode = process.argv[2]
rmSync("/tmp/imp/b.db", { force: true }); rmSync("/tmp/imp/b.db-wal", { force: true })
copyFileSync("/tmp/imp/t.db", "/tmp/imp/b.db")
const db = new Database("/tmp/imp/b.db")
db.pragma("journal_mode = WAL")
if (process.argv[3]) db.pragma("cache_size = " + process.argv[3])
if (process.argv[4]) db.pragma("synchronous = " + process.argv[4])
db.exec("delete from leads")
const camp = db.prepare("select id from campaigns limit 1").get().id
const cols = ["id","campaign_id","dedupe_key","name","email","email_status","email_source","email_verified","linkedin","phone","fund","role","website","sectors","check_size","stage","hq","score","tier","source","opted_out","scraped_at","last_verified","last_crawled_at"]
const mk = (i) => [randomUUID(), camp, "e:person" + i + "@fund" + (i % 300) + ".com", "Person " + i, "person" + i + "@fund" + (i % 300) + ".com", "guessed", "guessed", 0, "https://www.linkedin.com/in/p" + i, null, "Fund " + (i%300), "Partner", "https://www.fund.com", "AI; ML; Fintech", null, "Seed", "San Francisco CA", (i * 7) % 100, "WARM", "https://www.fund.com/team", 0, "2026-02-20T00:09:45.359Z", null, "2026-02-20T00:09:45.359Z"]
const N = 100000, B = Number(process.env.B ?? 2000)
const t0 = performance.now()
const single = db.prepare(`INSERT INTO leads (${cols}) VALUES (${cols.map(() => "?")}) ON CONFLICT (campaign_id, dedupe_key) DO NOTHING RETURNING id, dedupe_key`)
const lookup = db.prepare(`SELECT id, dedupe_key, scraped_at FROM leads WHERE campaign_id = ? AND dedupe_key IN (${Array(1000).fill("?")})`)
for (let b = 0; b < N; b += B) {
  const rows = []; for (let i = b; i < b + B; i++) rows.push(mk(i))
  db.transaction(() => {
    if (mode.includes("lookup")) for (let c = 0; c < B; c += 1000) lookup.all(camp, ...rows.slice(c, c + 1000).map(r => r[2]))
    if (mode.includes("multi")) {
      const per = Math.floor(32766 / cols.length)
      for (let c = 0; c < B; c += per) {
        const chunk = rows.slice(c, c + per)
        db.prepare(`INSERT INTO leads (${cols}) VALUES ${chunk.map(() => "(" + cols.map(() => "?") + ")")} ON CONFLICT (campaign_id, dedupe_key) DO NOTHING RETURNING id, dedupe_key`).all(...chunk.flat())
      }
    } else {
      for (const r of rows) single.all(...r)
    }
  })()
}
console.log(mode, Math.round(performance.now() - t0), "ms")
