import { createRequire } from "node:module"; const Database = createRequire("/work/main/packages/store-sqlite/package.json")("better-sqlite3")
const stats = new Map()
const proto = Object.getPrototypeOf((new Database(":memory:")).prepare("select 1"))
for (const m of ["all", "run", "get"]) {
  const orig = proto[m]
  proto[m] = function(...args) { const self = this;
    const t = performance.now()
    try { return orig.apply(this, args) } finally {
      const k = m + " " + self.source.slice(0, 60).replace(/\s+/g, " ") + (self.source.length > 60 ? " [len]" : "")
      const key = k.replace(/\[len \d+\]/, "[len]")
      const s = stats.get(key) ?? { n: 0, ms: 0 }; s.n++; s.ms += performance.now() - t; stats.set(key, s)
    }
  }
}
const dbProto = Database.prototype
const origPrepare = dbProto.prepare
let prepMs = 0, prepN = 0
dbProto.prepare = function(...a) { const t = performance.now(); try { return origPrepare.apply(this, a) } finally { prepMs += performance.now() - t; prepN++ } }
process.on("exit", () => { if (process.env.NOPATCH) return;
  console.error("prepare", prepN, Math.round(prepMs))
  for (const [k, s] of [...stats].sort((a, b) => b[1].ms - a[1].ms).slice(0, 12)) console.error(Math.round(s.ms).toString().padStart(6), s.n.toString().padStart(6), k)
})
