#!/usr/bin/env node
// LeadFactory's read-path benchmark at a million leads (issue "Performance at a million leads").
//
//   npm run bench [-- --quick] [--no-pg] [--no-sqlite] [--refill] [--skip-import] [--strict]
//                 [--server dist|source] [--only list,stats,export,throughput,import] [--clear-cache]
//
// Fills SQLite and PostgreSQL (127.0.0.1:5432) with one campaign of 1,000,000 generated leads and
// nine of 100,000 (--quick: 100,000 and nine of 10,000), starts LeadFactory's reference server on
// each, and measures every figure next to its baseline in the same run (see bench/README.md):
// list and stats over HTTP vs the same SQL through the bare driver; the CSV export vs `psql COPY`
// and `sqlite3 -csv`; requests/s at 50 connections vs a bare node:http server; the import figure
// of bench/import. Prints one table; a full run writes bench/RESULTS.md, --quick bench/out/RESULTS-quick.md.
//
// Exit status: 1 when the bench could not run or an answer was wrong (a failed request, an export
// with the wrong number of rows, a wrong total); a missed goal is printed but fails only with
// --strict, since timings on a shared machine are noisy.
import { execFileSync, spawnSync } from "node:child_process"
import { writeFileSync } from "node:fs"
import { cpus, totalmem } from "node:os"
import { join } from "node:path"
import { login } from "./lib/api.mjs"
import { openDriver } from "./lib/drivers.mjs"
import { clearCache, filledDatabase, PG } from "./lib/fill.mjs"
import { alternatingThroughput, getOk, httpGet, latency, loadAverage, median, timedCommand } from "./lib/measure.mjs"
import { OUT, REPO } from "./lib/paths.mjs"
import { currentRssMb, sampleRss, serverCommand, startBareServer, startServer, stopAll } from "./lib/processes.mjs"
import { campaignStatsStatements, exportSelect, leadCursor, listStatements, pageWithTotalStatement, searchMatch, userStatsStatements } from "./lib/queries.mjs"
import { formatTable, resultsMarkdown } from "./lib/report.mjs"

const args = process.argv.slice(2)
const flag = (name) => args.includes(name)
const value = (name) => {
  const i = args.indexOf(name)
  return i === -1 ? undefined : args[i + 1]
}

const quick = flag("--quick")
const PROFILE = quick
  ? { name: "quick", sizes: { big: 100_000, small: 10_000, smallCount: 9 }, requests: 100, budgetSeconds: 1.5, loadSeconds: 4, warmupSeconds: 3 }
  : { name: "full", sizes: { big: 1_000_000, small: 100_000, smallCount: 9 }, requests: 200, budgetSeconds: 60, loadSeconds: 20, warmupSeconds: 5 }
const CONNECTIONS = 50
/**
 * The throughput's load, ours and the bare server's, alternates in turns. Each server first gets a
 * turn that is not counted: a fresh server of ours took 2.7–3.5 ms of CPU a page in its first 4 s
 * (V8 compiling its code), 1.1 ms from the 8th second on.
 */
const LOAD_WINDOWS = 4
const only = value("--only")?.split(",")
const wants = (part) => only === undefined || only.includes(part)

const log = (...parts) => process.stderr.write(`${parts.join(" ")}\n`)
const fmt = (n, digits = 2) => (n >= 100 ? n.toFixed(0) : n.toFixed(digits))
const thousands = (n) => Math.round(n).toLocaleString("en-US")

/** Answers that are wrong, not slow: these fail the run whatever the flags. */
const wrongAnswers = []
const check = (ok, message) => {
  if (!ok) {
    wrongAnswers.push(message)
    log(`WRONG: ${message}`)
  }
}

const rows = []
const addRow = (row) => {
  rows.push(row)
  log(`  ${row.db} · ${row.figure}: ours ${row.ours}, baseline ${row.baseline}, ratio ${row.ratio}, goal ${row.goal}: ${row.pass ? "pass" : "MISSED"}`)
}

const DB_LABEL = { sqlite: "SQLite", pg: "PostgreSQL" }

/** The list figures: page 1, deep pages by cursor, and filters, each with the URL query it sends. */
const listFigures = (targets) => [
  { figure: "list page 1", filter: {}, query: {} },
  { figure: "list deep page (cursor)", filter: {}, after: targets.deep, query: { cursor: leadCursor(targets.deep) } },
  { figure: "list tier=HOT page 1", filter: { tier: ["HOT"] }, query: { tier: "HOT" } },
  { figure: "list tier=HOT deep page (cursor)", filter: { tier: ["HOT"] }, after: targets.hotDeep, query: { tier: "HOT", cursor: leadCursor(targets.hotDeep) } },
  { figure: "list min_score=80 & has_email", filter: { min_score: 80, has_email: true }, query: { min_score: "80", has_email: "true" } },
  { figure: "list search common (partner)", filter: { search: "partner" }, query: { search: "partner" }, search: true },
  { figure: "list search rare (one email)", filter: { search: targets.rare }, query: { search: targets.rare }, search: true }
]

/** Positions in the big campaign that the figures need, read once through the driver. */
const findTargets = async (driver, campaignId, big) => {
  const p = (n) => (driver.dialect === "pg" ? `$${n}` : "?")
  const at = async (where, offset) => {
    const [[row]] = await driver.run([{
      text: `SELECT score, id FROM leads WHERE campaign_id = ${p(1)} AND opted_out = FALSE ${where}
             ORDER BY score DESC, id ASC LIMIT 1 OFFSET ${p(2)}`,
      params: [campaignId, offset]
    }])
    return { value: Number(row.score), id: row.id }
  }
  const [[hot]] = await driver.run([{ text: `SELECT COUNT(*) AS n FROM leads WHERE campaign_id = ${p(1)} AND tier = 'HOT'`, params: [campaignId] }])
  const [[rare]] = await driver.run([{
    text: `SELECT email FROM leads WHERE campaign_id = ${p(1)} AND score = 77 AND email IS NOT NULL ORDER BY email LIMIT 1`,
    params: [campaignId]
  }])
  return {
    deep: await at("", Math.floor(big / 2)),
    hotDeep: await at("AND tier = 'HOT'", Math.floor(Number(hot.n) / 2)),
    rare: rare.email
  }
}

const timing = { count: PROFILE.requests, budgetSeconds: PROFILE.budgetSeconds }

/** The number of requests timed, when a time budget (--quick) cut it below PROFILE.requests. */
const requestsNote = (ours, base) =>
  ours.n < PROFILE.requests || base.n < PROFILE.requests ? ` (${ours.n} / ${base.n} requests)` : ""

const leadsUrl = (base, campaignId, query) => `${base}/api/leads?${new URLSearchParams({ campaign_id: campaignId, ...query })}`

/**
 * Untimed requests before the first timed figure, to the server (the list figures but the searches,
 * in turn) and page 1's statements to the bare driver: a server just started is still compiling its
 * hot code. On PostgreSQL (1M leads, stop 19) its p50 over consecutive rounds of 250 requests of
 * page 1 and of a deep page fell from 5.8 and 6.0 ms to 3.0–3.7 and 3.4–3.9 ms after about 3,000.
 */
const WARMUP_REQUESTS = quick ? 500 : 3_000

const warmUp = async ({ server, token, driver, campaigns, targets }) => {
  const urls = listFigures(targets).filter((spec) => !spec.search).map((spec) => leadsUrl(server.url, campaigns[0].id, spec.query))
  const statements = listStatements(driver.dialect, campaigns[0].id, { filter: {} })
  for (let i = 0; i < WARMUP_REQUESTS; i++) {
    await getOk(urls[i % urls.length], token)
    await Promise.all(statements.map((statement) => driver.run([statement])))
  }
}

const measureList = async (context) => {
  const { db, driver, campaigns, targets } = context
  const big = campaigns[0]
  await warmUp(context)
  for (const spec of listFigures(targets)) await attempt(context, spec.figure, async ({ server, token }) => {
    const url = leadsUrl(server.url, big.id, spec.query)
    const answer = await getOk(url, token)
    const statements = (match) => listStatements(driver.dialect, big.id, { filter: spec.filter, after: spec.after, searchMatch: match })
    // As the store: a total from lead_counts in the page's statement on PostgreSQL, after the page on
    // SQLite; a counted total (search) after the page, and none when page 1 holds every match. A
    // search on SQLite first asks the search index for the term's candidates, once for the page and its total.
    const withTotal = pageWithTotalStatement(driver.dialect, big.id, { filter: spec.filter, after: spec.after })
    const baseline = async () => {
      if (withTotal !== undefined) {
        const [rows] = await driver.run([withTotal])
        return Number(rows[0].count)
      }
      if (!spec.search) {
        const [pageStatement, totalStatement] = statements(undefined)
        const [[], [[{ count }]]] = await Promise.all([driver.run([pageStatement]), driver.run([totalStatement])])
        return Number(count)
      }
      const [pageStatement, totalStatement] = statements(await searchMatch(driver, spec.filter.search))
      const [rows] = await driver.run([pageStatement])
      return spec.after === undefined && rows.length <= 50 ? rows.length : Number((await driver.run([totalStatement]))[0][0].count)
    }
    const count = await baseline()
    if (spec.figure === "list page 1") check(answer.total === big.leads, `${db} page 1: total ${answer.total}, expected ${big.leads}`)
    check(answer.leads.length > 0, `${db} ${spec.figure}: no leads`)
    if (!spec.search) check(answer.total === Number(count), `${db} ${spec.figure}: total ${answer.total}, the SQL counts ${count}`)
    const ours = await latency(() => getOk(url, token), timing)
    const base = await latency(baseline, timing)
    const goal = spec.search ? 50 : 5
    addRow({
      db: DB_LABEL[db],
      figure: `${spec.figure}, p50 / p99${requestsNote(ours, base)}`,
      ours: `${fmt(ours.p50)} / ${fmt(ours.p99)} ms`,
      baseline: `${fmt(base.p50)} / ${fmt(base.p99)} ms`,
      ratio: `${fmt(ours.p50 / base.p50, 1)}×`,
      goal: `p50 ≤ ${goal} ms`,
      pass: ours.p50 <= goal
    })
  })
}

const measureStats = (context) => attempt(context, "stats", async ({ server, token }) => {
  const { db, driver, campaigns, userId } = context
  const big = campaigns[0]
  const figures = [
    { figure: "stats /api/leads/stats (1M campaign)", url: `${server.url}/api/leads/stats?campaign_id=${big.id}`, statements: campaignStatsStatements(driver.dialect, big.id) },
    { figure: "stats /api/stats (all 10 campaigns)", url: `${server.url}/api/stats`, statements: userStatsStatements(driver.dialect, userId) }
  ]
  const stats = await getOk(figures[0].url, token)
  check(stats.total_leads === big.leads, `${db} stats: total_leads ${stats.total_leads}, expected ${big.leads}`)
  const overview = await getOk(figures[1].url, token)
  const all = campaigns.reduce((sum, c) => sum + c.leads, 0)
  check(overview.total_leads === all, `${db} /api/stats: total_leads ${overview.total_leads}, expected ${all}`)
  for (const spec of figures) {
    const ours = await latency(() => getOk(spec.url, token), timing)
    const base = await latency(() => driver.run(spec.statements), timing)
    addRow({
      db: DB_LABEL[db],
      figure: `${spec.figure.replace("1M", PROFILE.name === "quick" ? "100k" : "1M")}, p50 / p99${requestsNote(ours, base)}`,
      ours: `${fmt(ours.p50)} / ${fmt(ours.p99)} ms`,
      baseline: `${fmt(base.p50)} / ${fmt(base.p99)} ms`,
      ratio: `${fmt(ours.p50 / base.p50, 1)}×`,
      goal: "p50 ≤ 50 ms",
      pass: ours.p50 <= 50
    })
  }
})

/** Lines of CSV read by `wc -l` from a pipe, so that a short export cannot pass for a fast one. */
const countedPipe = (command) => ["bash", ["-c", `set -o pipefail; ${command} | wc -l`]]
const shellQuote = (text) => `'${text.replaceAll("'", "'\\''")}'`

const measureExport = (context) => attempt(context, "export", async ({ server, token }) => {
  const { db, campaigns, databaseUrl } = context
  const big = campaigns[0]
  const url = `${server.url}/api/leads/export?campaign_id=${big.id}`
  const ours = countedPipe(`curl -sS --fail -H ${shellQuote(`Authorization: Bearer ${token}`)} ${shellQuote(url)}`)
  const select = exportSelect(big.id).replace(/\s+/g, " ")
  const theirs = db === "pg"
    ? countedPipe(`psql -h ${PG.host} -p ${PG.port} -U ${PG.user} -d ${shellQuote(databaseUrl.split("/").pop())} -c ${shellQuote(`COPY (${select}) TO STDOUT WITH (FORMAT csv, HEADER)`)}`)
    : countedPipe(`sqlite3 -csv -header ${shellQuote(databaseUrl.slice("sqlite:".length))} ${shellQuote(select)}`)
  const oursRuns = []
  const theirsRuns = []
  // What the server holds already (its code, and the heap the figures before have grown), for comparison.
  const beforeMb = currentRssMb(server.pid)
  let peakMb = 0
  // Alternate ours and theirs, three times each (once in --quick): the median of each.
  for (let i = 0; i < (quick ? 1 : 3); i++) {
    const rss = sampleRss(server.pid)
    const run = await timedCommand(...ours, { stdout: "pipe" })
    peakMb = Math.max(peakMb, rss.stop())
    check(Number(run.stdout.trim()) === big.leads + 1, `${db} export: ${run.stdout.trim()} lines, expected ${big.leads + 1}`)
    oursRuns.push(run.seconds)
    const base = await timedCommand(...theirs, { stdout: "pipe" })
    check(Number(base.stdout.trim()) === big.leads + 1, `${db} baseline export: ${base.stdout.trim()} lines`)
    theirsRuns.push(base.seconds)
  }
  const oursRate = big.leads / median(oursRuns)
  const theirsRate = big.leads / median(theirsRuns)
  addRow({
    db: DB_LABEL[db],
    figure: `export ${big.leads.toLocaleString("en-US")} rows over HTTP, rows/s (${db === "pg" ? "vs psql COPY TO" : "vs sqlite3 -csv"})`,
    ours: `${thousands(oursRate)}/s (${fmt(median(oursRuns), 1)} s)`,
    baseline: `${thousands(theirsRate)}/s (${fmt(median(theirsRuns), 1)} s)`,
    ratio: `${(oursRate / theirsRate).toFixed(2)}`,
    goal: "ratio ≥ 0.5",
    pass: oursRate / theirsRate >= 0.5
  })
  addRow({
    db: DB_LABEL[db],
    figure: "export: server peak RSS (RSS before the export)",
    ours: `${peakMb.toFixed(0)} MB (${beforeMb.toFixed(0)} MB)`,
    baseline: "",
    ratio: "",
    goal: "≤ 150 MB",
    pass: peakMb <= 150
  })
})

const measureThroughput = (context) => attempt(context, "throughput", async ({ server, token }) => {
  const { db, campaigns, databaseUrl } = context
  const big = campaigns[0]
  const bare = await startBareServer({ db: databaseUrl, target: { campaignId: big.id }, logName: `bare-${db}` })
  let measured
  try {
    const probe = await httpGet(`${bare.url}/api/leads`)
    check(probe.status === 200, `${db} bare server: ${probe.status} ${probe.body.slice(0, 200)}`)
    measured = await alternatingThroughput(
      [{ url: leadsUrl(server.url, big.id, {}), token }, { url: `${bare.url}/api/leads`, token: undefined }],
      { connections: CONNECTIONS, seconds: PROFILE.loadSeconds, windows: LOAD_WINDOWS, warmupSeconds: PROFILE.warmupSeconds }
    )
  } finally {
    await bare.stop()
  }
  const [ours, theirs] = measured
  check(ours.errors === 0, `${db} throughput: ${ours.errors} failed requests`)
  check(theirs.errors === 0, `${db} bare throughput: ${theirs.errors} failed requests`)
  addRow({
    db: DB_LABEL[db],
    figure: `GET /api/leads page 1, ${CONNECTIONS} connections × ${PROFILE.loadSeconds} s in ${LOAD_WINDOWS} alternating turns, req/s (vs bare node:http + driver)`,
    ours: `${thousands(ours.rps)}/s, ${ours.errors} errors`,
    baseline: `${thousands(theirs.rps)}/s`,
    ratio: (ours.rps / theirs.rps).toFixed(2),
    goal: "ratio ≥ 0.5, no errors",
    pass: ours.rps / theirs.rps >= 0.5 && ours.errors === 0
  })
})

/** Server restarts, for the results: on this shared machine another process once sent ours a SIGTERM. */
const restarts = []

const startAndSignIn = async (databaseUrl, command, logName) => {
  const server = await startServer({ databaseUrl, command, logName })
  try {
    return { server, token: await login(server.url, { email: "bench@example.com", password: "bench-password-1" }) }
  } catch (error) {
    await server.stop()
    throw error
  }
}

/**
 * Runs one figure with the current server. When the server has ended under it (it was killed from
 * outside), starts a new one and runs the figure once more; any other failure stands.
 */
const attempt = async (context, label, run) => {
  try {
    return await run(context)
  } catch (error) {
    const ended = await context.server.ended(20_000)
    if (ended === undefined) throw error
    restarts.push(`${DB_LABEL[context.db]} server ended (${ended}) during "${label}"; figure repeated with a new server`)
    log(`the server ended (${ended}) during ${label}: starting a new one and repeating the figure`)
    Object.assign(context, await startAndSignIn(context.databaseUrl, context.command, `server-${context.db}-${restarts.length}`))
    return await run(context)
  }
}

const benchDatabase = async (db, command) => {
  const fill = await filledDatabase({ db, profile: PROFILE.name, sizes: PROFILE.sizes, command, refill: flag("--refill") })
  log(`${DB_LABEL[db]}: ${fill.reused ? "reusing the cached fill" : `filled in ${fill.seconds.toFixed(0)} s`} (${fill.databaseUrl})`)
  const driver = openDriver(fill.databaseUrl)
  const context = { db, command, driver, campaigns: fill.campaigns, databaseUrl: fill.databaseUrl }
  try {
    Object.assign(context, await startAndSignIn(fill.databaseUrl, command, `server-${db}`))
    context.userId = (await getOk(`${context.server.url}/api/users/me`, context.token)).id
    context.targets = await findTargets(driver, fill.campaigns[0].id, fill.campaigns[0].leads)
    if (wants("list")) await measureList(context)
    if (wants("stats")) await measureStats(context)
    if (wants("export")) await measureExport(context)
    if (wants("throughput")) await measureThroughput(context)
    return await versionOf(driver)
  } finally {
    await driver.close()
    await context.server?.stop()
  }
}

const versionOf = async (driver) => {
  const [[row]] = await driver.run([{ text: driver.dialect === "pg" ? "SELECT version() AS v" : "SELECT sqlite_version() AS v", params: [] }])
  return row.v
}

/** bench/import (the import issue's benchmark, another engineer's): run as it is, its table read back. */
const measureImport = () => {
  log("running bench/import/run.mjs …")
  const result = spawnSync(process.execPath, [join(REPO, "bench", "import", "run.mjs"), ...(quick ? ["--quick"] : [])], {
    cwd: REPO,
    encoding: "utf8",
    stdio: ["ignore", "pipe", "inherit"],
    maxBuffer: 1 << 24
  })
  if (result.status !== 0) {
    check(false, `bench/import/run.mjs exited ${result.status}`)
    return
  }
  for (const line of result.stdout.split("\n")) {
    const cells = line.split("|").map((cell) => cell.trim())
    if (cells.length < 8 || !/^\d/.test(cells[2] ?? "")) continue
    const [, database, size, oursRate, loaderRate, ratio, peak] = cells
    const peakMb = Number.parseFloat(peak)
    addRow({
      db: database,
      figure: `import ${size} rows (bench/import), rows/s (vs ${database === "SQLite" ? "sqlite3 .import" : "psql \\copy"}); peak RSS`,
      ours: `${oursRate}/s; ${peak}`,
      baseline: `${loaderRate}/s`,
      ratio,
      goal: "ratio ≥ 0.5, RSS < 150 MB",
      pass: Number(ratio) >= 0.5 && peakMb < 150
    })
  }
}

const machine = (versions) => {
  const cpu = cpus()[0]?.model ?? "unknown CPU"
  return [
    `${cpus().length} CPUs (nproc ${execFileSync("nproc", { encoding: "utf8" }).trim()}, ${cpu}), ${(totalmem() / 2 ** 30).toFixed(1)} GiB memory`,
    `node ${process.version}; better-sqlite3's SQLite ${versions.sqlite ?? "not run"}; sqlite3 CLI ${spawnSync("sqlite3", ["--version"], { encoding: "utf8" }).stdout.split(" ")[0] ?? "missing"}`,
    `${versions.pg ?? "PostgreSQL not run"}`,
    `load tool: ${spawnSync("wrk", ["--version"], { encoding: "utf8" }).error === undefined ? "wrk" : "node load loop (wrk not installed)"}`
  ]
}

const main = async () => {
  if (flag("--clear-cache")) {
    clearCache()
    log("cache cleared")
    return
  }
  const started = performance.now()
  const command = serverCommand(value("--server"))
  log(`profile ${PROFILE.name}; server from ${command.label}; load average ${loadAverage().toFixed(2)} at start`)
  const versions = {}
  const loads = [loadAverage()]
  if (!flag("--no-sqlite")) versions.sqlite = await benchDatabase("sqlite", command)
  loads.push(loadAverage())
  const pgUp = spawnSync("pg_isready", ["-q", "-h", PG.host, "-p", PG.port]).status === 0
  if (!flag("--no-pg") && pgUp) versions.pg = await benchDatabase("pg", command)
  else if (!flag("--no-pg")) check(false, "PostgreSQL at 127.0.0.1:5432 is not reachable (pass --no-pg to skip it)")
  loads.push(loadAverage())
  if (wants("import") && !flag("--skip-import")) measureImport()
  loads.push(loadAverage())

  const seconds = (performance.now() - started) / 1000
  const table = formatTable(rows)
  const missed = rows.filter((row) => !row.pass)
  process.stdout.write(`\n${table}\n`)
  const description = machine(versions)
  process.stdout.write(`\n${description.join("\n")}\n`)
  process.stdout.write(`load average (1 min) at each step: ${loads.map((n) => n.toFixed(2)).join(", ")}; ${seconds.toFixed(0)} s in all\n`)
  if (restarts.length > 0) process.stdout.write(`${restarts.join("\n")}\n`)
  const markdown = resultsMarkdown({ profile: PROFILE, table, description, loads, seconds, args, missed, wrongAnswers, restarts })
  const target = quick ? join(OUT, "RESULTS-quick.md") : join(REPO, "bench", "RESULTS.md")
  if (!quick && (only !== undefined || flag("--no-pg") || flag("--no-sqlite"))) {
    writeFileSync(join(OUT, "RESULTS-partial.md"), markdown)
    log("a partial run: table written to bench/out/RESULTS-partial.md, bench/RESULTS.md left as it was")
  } else {
    writeFileSync(target, markdown)
    log(`table written to ${target.slice(REPO.length)}`)
  }
  if (missed.length > 0) {
    process.stdout.write(`\nGOALS MISSED (${missed.length}): ${missed.map((row) => `${row.db} · ${row.figure}`).join("; ")}\n`)
    if (!flag("--strict")) process.stdout.write("(timings on a shared machine are noisy: a missed goal fails the run only with --strict)\n")
  } else {
    process.stdout.write("\nEvery goal met.\n")
  }
  if (wrongAnswers.length > 0) {
    process.stdout.write(`\nWRONG ANSWERS (${wrongAnswers.length}):\n${wrongAnswers.map((m) => `- ${m}`).join("\n")}\n`)
    process.exit(1)
  }
  if (missed.length > 0 && flag("--strict")) process.exit(1)
}

for (const signal of ["SIGINT", "SIGTERM"]) {
  process.once(signal, () => {
    log(`${signal}: stopping the servers`)
    stopAll().finally(() => process.exit(130))
  })
}

main().catch((error) => {
  log(String(error?.stack ?? error))
  process.exit(1)
})
