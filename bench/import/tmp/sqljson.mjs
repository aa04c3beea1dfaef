import Database from "better-sqlite3"
import { randomUUID } from "node:crypto"
import { copyFileSync, rmSync } from "node:fs"
const mode = process.argv[2]
rmSync("/tmp/imp/b.db", { force: true }); rmSync("/tmp/imp/b.db-wal", { force: true })
copyFileSync("/tmp/imp/stag.db", "/tmp/imp/b.db")
const db = new Database("/tmp/imp/b.db"); db.pragma("journal_mode = WAL")
for (const p of (process.env.PRAGMAS ?? "").split(",").filter(Boolean)) db.pragma(p)
const camp = db.prepare("select id from campaigns limit 1").get().id
const src = db.prepare(`SELECT coalesce('e:'||lower(nullif("Email",'N/A')), 'n:'||lower("Name")||char(1)||lower("Fund")) k, "Name" n, nullif("Email",'N/A') e, "Email Status" s, nullif("LinkedIn",'N/A') li, "Fund" f, nullif("Role",'N/A') r, "Website" w, nullif("Focus Areas",'N/A') fa, nullif("Check Size",'N/A') cs, nullif("Stage",'N/A') st, nullif("Location",'N/A') hq, CAST("Lead Score" AS REAL) sc, "Tier" t, "Source" so, "Scraped At" sa FROM staging`).all()
const cols = ["id","campaign_id","dedupe_key","name","email","email_status","email_source","email_verified","linkedin","phone","fund","role","website","sectors","check_size","stage","hq","score","tier","source","opted_out","scraped_at","last_verified","last_crawled_at"]
let seq = 0
const v7 = () => { const h = (Date.now() * 4096 + (seq++ % 4096)).toString(16).padStart(16, "0"); const r = randomUUID(); return `${h.slice(0, 8)}-${h.slice(8, 12)}-7${h.slice(13, 16)}-${r.slice(19)}` }
const rowOf = (x) => [process.env.V7 ? v7() : randomUUID(), camp, x.k, x.n, x.e, x.s, x.s, 0, x.li, null, x.f, x.r, x.w, x.fa, x.cs, x.st, x.hq, x.sc, x.t, x.so, 0, x.sa, null, x.sa]
const B = Number(process.env.B ?? 2000)
const single = db.prepare(`INSERT INTO leads (${cols}) VALUES (${cols.map(() => "?")}) ON CONFLICT (campaign_id, dedupe_key) DO NOTHING RETURNING id, dedupe_key`)
const json = db.prepare(`INSERT INTO leads (${cols}) SELECT ${cols.map((c, i) => `value ->> ${i}`)} FROM json_each(?) WHERE true ON CONFLICT (campaign_id, dedupe_key) DO NOTHING RETURNING id, dedupe_key`)
const t0 = performance.now()
let ret = 0
for (let b = 0; b < src.length; b += B) {
  const rows = src.slice(b, b + B).map(rowOf)
  db.transaction(() => {
    if (mode === "single") for (const r of rows) ret += single.all(...r).length
    else if (mode === "json") ret += json.all(JSON.stringify(rows)).length
    else {
      const per = Math.floor(32766 / cols.length)
      for (let c = 0; c < rows.length; c += per) { const chunk = rows.slice(c, c + per)
        ret += db.prepare(`INSERT INTO leads (${cols}) VALUES ${chunk.map(() => "(" + cols.map(() => "?") + ")")} ON CONFLICT (campaign_id, dedupe_key) DO NOTHING RETURNING id, dedupe_key`).all(...chunk.flat()).length }
    }
  })()
}
console.log(mode, "B", B, process.env.PRAGMAS ?? "", Math.round(performance.now() - t0), "ms", ret)
