#!/usr/bin/env node
// Import benchmark: lf-import against the databases' own bulk loaders, on the same generated file,
// into the same `leads` table with the same indexes.
//
//   node bench/import/run.mjs [--rows N] [--quick] [--repeat R] [--no-pg] [--no-sqlite] [--source] [--batch-size N]
//
// Default sizes: 100,000 and 1,000,000 rows (--rows N: that size only; --quick: 20,000). With
// --repeat R each pair is run R times, alternating ours and theirs, and the medians are shown
// (the machine may be shared: the load average is printed first).
// Ours: `lf-import --campaign-id … --csv …` as a child process: packages/cli/bin/lf-import.js, the
// launcher that `npx lf-import` runs, executed by its shebang line with the node flags it sets, on
// the bundled CLI (--source runs the TypeScript through tsx instead), timed from spawn to exit;
// peak RSS is the child's VmHWM from /proc.
// Theirs: SQLite: `sqlite3` with `.import` into a staging table and one INSERT … SELECT into
// leads, in one transaction; PostgreSQL: `psql` with `\copy` into a staging table and one
// INSERT … SELECT, in one transaction. A loader cannot compute the dedupe key or the UUIDs by
// itself, so the INSERT … SELECT (with ON CONFLICT DO NOTHING) is part of "theirs".
// PostgreSQL is 127.0.0.1:5432 (user postgres), scratch databases lf_import_bench_*, dropped after.
import { execFileSync, spawn, spawnSync } from "node:child_process"
import { closeSync, existsSync, mkdtempSync, openSync, readFileSync, rmSync, statSync } from "node:fs"
import { loadavg, tmpdir } from "node:os"
import { join } from "node:path"
import { fileURLToPath } from "node:url"

const REPO = fileURLToPath(new URL("../../", import.meta.url))
const GENERATOR = join(REPO, "bench", "gen-leads.mjs")
const CLI_BUNDLE = join(REPO, "packages", "cli", "dist", "bundle", "lf-import.js")
/** What `npx lf-import` runs: the launcher, executed by its shebang line (which sets node's flags). */
const CLI_LAUNCHER = join(REPO, "packages", "cli", "bin", "lf-import.js")
const TSX = ["--conditions=@leadfactory/source", "--import", "tsx"]
const PG = { host: "127.0.0.1", port: "5432", user: "postgres" }

const args = process.argv.slice(2)
const flag = (name) => args.includes(name)
const value = (name) => {
  const i = args.indexOf(name)
  return i === -1 ? undefined : args[i + 1]
}
const sizes = value("--rows") !== undefined ? [Number(value("--rows"))] : flag("--quick") ? [20_000] : [100_000, 1_000_000]
const batchArgs = value("--batch-size") === undefined ? [] : ["--batch-size", value("--batch-size")]
const fromSource = flag("--source")
const repeat = Math.max(1, Number(value("--repeat") ?? 1))
const median = (values) => [...values].sort((a, b) => a - b)[Math.floor((values.length - 1) / 2)]

const log = (...parts) => process.stderr.write(`${parts.join(" ")}\n`)
const seconds = (start) => (performance.now() - start) / 1000

/** Runs a command to completion; its wall time in seconds. Throws with its stderr on failure. */
const timed = (command, commandArgs, options = {}) => {
  const start = performance.now()
  const result = spawnSync(command, commandArgs, { cwd: REPO, encoding: "utf8", maxBuffer: 1 << 26, ...options })
  const time = seconds(start)
  if (result.status !== 0) throw new Error(`${command} ${commandArgs.join(" ")} failed (${result.status}): ${result.stderr}`)
  return { time, stdout: result.stdout }
}

/** Runs lf-import and samples its peak RSS (VmHWM) until it exits. */
const runOurs = (databaseUrl, campaignId, file) =>
  new Promise((resolve, reject) => {
    const cliArgs = ["--campaign-id", campaignId, "--csv", file, "--database-url", databaseUrl, "--json", ...batchArgs]
    const start = performance.now()
    const child = fromSource
      ? spawn(process.execPath, [...TSX, "packages/cli/src/bin/lf-import.ts", ...cliArgs], { cwd: REPO })
      : spawn(CLI_LAUNCHER, cliArgs, { cwd: REPO })
    let peakKb = 0
    const sample = () => {
      try {
        const match = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${child.pid}/status`, "utf8"))
        if (match) peakKb = Math.max(peakKb, Number(match[1]))
      } catch {
        // The process has just exited.
      }
    }
    const timer = setInterval(sample, 20)
    let stdout = ""
    let stderr = ""
    child.stdout.on("data", (data) => (stdout += data))
    child.stderr.on("data", (data) => (stderr += data))
    child.on("exit", () => sample())
    child.on("close", (code) => {
      const time = seconds(start)
      clearInterval(timer)
      if (code !== 0) return reject(new Error(`lf-import exited ${code}: ${stderr}`))
      resolve({ time, peakMb: peakKb / 1024, summary: JSON.parse(stdout) })
    })
  })

const setup = (databaseUrl) =>
  timed(process.execPath, [...TSX, "bench/import/setup.ts", databaseUrl]).stdout.trim()

const generate = (rows, dir) => {
  const file = join(dir, `leads-${rows}.csv`)
  if (!existsSync(file)) {
    const out = openSync(file, "w")
    try {
      execFileSync(process.execPath, [GENERATOR, "--rows", String(rows), "--seed", "bench"], { stdio: ["ignore", out, "inherit"] })
    } finally {
      closeSync(out)
    }
  }
  return file
}

const HEADER_COLUMNS = `"Name","Email","Email Status","Role","Fund","Focus Areas","Stage","Check Size","Location","LinkedIn","Website","Lead Score","Tier","Source","Scraped At"`
const INSERT_COLUMNS =
  "id, campaign_id, dedupe_key, name, email, email_status, email_source, email_verified, linkedin, fund, role, website, sectors, check_size, stage, hq, score, tier, source, opted_out, scraped_at, last_crawled_at"
const na = (column) => `nullif("${column}", 'N/A')`
const selectColumns = (idExpr, campaignId, falseValue, scoreType, dateExpr) => `
  ${idExpr}, '${campaignId}',
  CASE WHEN ${na("Email")} IS NOT NULL THEN 'e:' || lower("Email")
       ELSE 'n:' || lower(trim("Name")) || chr(1) || lower(trim(coalesce(${na("Fund")}, ''))) END,
  "Name", ${na("Email")},
  CASE "Email Status" WHEN 'guessed' THEN 'guessed' WHEN 'unknown' THEN 'unknown' ELSE 'scraped' END,
  ${na("Email Status")}, ${falseValue}, ${na("LinkedIn")}, ${na("Fund")}, ${na("Role")}, ${na("Website")},
  ${na("Focus Areas")}, ${na("Check Size")}, ${na("Stage")}, ${na("Location")},
  CAST("Lead Score" AS ${scoreType}), upper(trim(substr("Tier", length("Tier") - 4))), ${na("Source")}, ${falseValue},
  ${dateExpr}, ${dateExpr}`

const sqliteLoader = (dbFile, campaignId, file) => {
  const script = `BEGIN;
CREATE TEMP TABLE staging (${HEADER_COLUMNS});
.import --csv --skip 1 '${file}' staging
INSERT INTO leads (${INSERT_COLUMNS})
SELECT ${selectColumns("lower(hex(randomblob(16)))", campaignId, "0", "REAL", `${na("Scraped At")}`).replaceAll("chr(1)", "char(1)")}
FROM staging WHERE true
ON CONFLICT (campaign_id, dedupe_key) DO NOTHING;
COMMIT;
`
  return timed("sqlite3", [dbFile], { input: script }).time
}

const pgLoader = (database, campaignId, file) => {
  const script = `\\set ON_ERROR_STOP on
BEGIN;
CREATE TEMP TABLE staging (${HEADER_COLUMNS.split(",").map((c) => `${c} text`).join(", ")}) ON COMMIT DROP;
\\copy staging FROM '${file}' WITH (FORMAT csv, HEADER true)
INSERT INTO leads (${INSERT_COLUMNS})
SELECT ${selectColumns("gen_random_uuid()", campaignId, "false", "double precision", `(${na("Scraped At")})::timestamp AT TIME ZONE 'UTC'`)}
FROM staging
ON CONFLICT (campaign_id, dedupe_key) DO NOTHING;
COMMIT;
`
  return timed("psql", ["-h", PG.host, "-p", PG.port, "-U", PG.user, "-d", database, "-q"], { input: script }).time
}

const pgAvailable = () =>
  !flag("--no-pg") && spawnSync("pg_isready", ["-q", "-h", PG.host, "-p", PG.port]).status === 0 &&
  spawnSync("psql", ["--version"]).status === 0

const pgDatabase = (name) => {
  spawnSync("dropdb", ["-h", PG.host, "-U", PG.user, "--if-exists", name])
  timed("createdb", ["-h", PG.host, "-U", PG.user, name])
  return { name, url: `postgres://${PG.user}@${PG.host}:${PG.port}/${name}` }
}

const countLeads = {
  sqlite: (dbFile) => Number(timed("sqlite3", [dbFile, "SELECT count(*) FROM leads"]).stdout.trim()),
  pg: (database) =>
    Number(timed("psql", ["-h", PG.host, "-U", PG.user, "-d", database, "-tAc", "SELECT count(*) FROM leads"]).stdout.trim())
}

/** One round on SQLite: ours into one fresh database file, the loader into another. */
const measureSqlite = async (rows, file, dir, runs) => {
  const oursDb = join(dir, `ours-${rows}.db`)
  const theirsDb = join(dir, `theirs-${rows}.db`)
  const ours = await runOurs(`sqlite:${oursDb}`, setup(`sqlite:${oursDb}`), file)
  const theirs = sqliteLoader(theirsDb, setup(`sqlite:${theirsDb}`), file)
  runs.ours.push(ours.time)
  runs.theirs.push(theirs)
  runs.peakMb = Math.max(runs.peakMb, ours.peakMb)
  runs.leads = [countLeads.sqlite(oursDb), countLeads.sqlite(theirsDb)]
  for (const db of [oursDb, theirsDb]) for (const suffix of ["", "-wal", "-shm"]) rmSync(db + suffix, { force: true })
  log(`  SQLite: ours ${ours.time.toFixed(1)} s, theirs ${theirs.toFixed(1)} s, peak RSS ${ours.peakMb.toFixed(0)} MB`)
}

/** One round on PostgreSQL: two scratch databases, dropped afterwards. */
const measurePg = async (rows, file, runs) => {
  const oursPg = pgDatabase(`lf_import_bench_ours_${rows}`)
  const theirsPg = pgDatabase(`lf_import_bench_theirs_${rows}`)
  try {
    const ours = await runOurs(oursPg.url, setup(oursPg.url), file)
    const theirs = pgLoader(theirsPg.name, setup(theirsPg.url), file)
    runs.ours.push(ours.time)
    runs.theirs.push(theirs)
    runs.peakMb = Math.max(runs.peakMb, ours.peakMb)
    runs.leads = [countLeads.pg(oursPg.name), countLeads.pg(theirsPg.name)]
    log(`  PostgreSQL: ours ${ours.time.toFixed(1)} s, theirs ${theirs.toFixed(1)} s, peak RSS ${ours.peakMb.toFixed(0)} MB`)
  } finally {
    for (const name of [oursPg.name, theirsPg.name]) spawnSync("dropdb", ["-h", PG.host, "-U", PG.user, "--if-exists", name])
  }
}

const main = async () => {
  log(`load average ${loadavg().map((n) => n.toFixed(2)).join(" ")}, sizes ${sizes.join(", ")}`)
  if (!fromSource) {
    log("building packages/cli (tsc -b, then its bundle) …")
    const build = spawnSync("npx", ["tsc", "-b", "packages/cli"], { cwd: REPO, encoding: "utf8" })
    if (build.status !== 0) log("tsc -b reported errors (in other packages?); using the emitted files anyway")
    const bundle = spawnSync("npm", ["run", "bundle"], { cwd: REPO, encoding: "utf8" })
    if (bundle.status !== 0 || !existsSync(CLI_BUNDLE)) throw new Error(`no bundled CLI at ${CLI_BUNDLE}: ${bundle.stdout}${bundle.stderr}`)
  }
  const dir = mkdtempSync(join(tmpdir(), "lf-import-bench-"))
  const withPg = pgAvailable()
  if (!withPg) log("PostgreSQL at 127.0.0.1:5432 not used (--no-pg, not reachable, or no psql)")
  const withSqlite = !flag("--no-sqlite") && spawnSync("sqlite3", ["--version"]).status === 0
  if (!withSqlite) log("SQLite not measured (--no-sqlite, or the sqlite3 command-line shell is not installed)")
  const results = []
  for (const rows of sizes) {
    const file = generate(rows, dir)
    const mb = statSync(file).size / 1e6
    log(`${rows} rows, ${mb.toFixed(0)} MB`)

    const sqlite = { ours: [], theirs: [], peakMb: 0, leads: [] }
    const pg = { ours: [], theirs: [], peakMb: 0, leads: [] }
    for (let round = 0; round < repeat; round++) {
      if (withSqlite) await measureSqlite(rows, file, dir, sqlite)
      if (withPg) await measurePg(rows, file, pg)
    }
    for (const [db, runs] of [["SQLite", sqlite], ["PostgreSQL", pg]]) {
      if (runs.ours.length > 0) {
        results.push({ db, rows, ours: { time: median(runs.ours), peakMb: runs.peakMb }, theirs: median(runs.theirs), leads: runs.leads })
      }
    }
  }
  rmSync(dir, { recursive: true, force: true })

  const lines = [
    "| database | rows | ours rows/s | loader rows/s | ratio ours/loader | ours peak RSS | leads (ours / loader) |",
    "|---|---:|---:|---:|---:|---:|---|"
  ]
  for (const r of results) {
    const oursRate = r.rows / r.ours.time
    const theirsRate = r.rows / r.theirs
    lines.push(
      `| ${r.db} | ${r.rows.toLocaleString("en-US")} | ${Math.round(oursRate).toLocaleString("en-US")} | ${Math.round(theirsRate).toLocaleString("en-US")} | ${(oursRate / theirsRate).toFixed(2)} | ${r.ours.peakMb.toFixed(0)} MB | ${r.leads[0].toLocaleString("en-US")} / ${r.leads[1].toLocaleString("en-US")} |`
    )
  }
  process.stdout.write(`${lines.join("\n")}\n`)
}

main().catch((error) => {
  log(String(error?.stack ?? error))
  process.exit(1)
})
