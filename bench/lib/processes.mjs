// Child processes of the benchmark: LeadFactory's reference server, the bare node:http baseline
// server, and the peak resident memory of a process sampled from /proc.
import { spawn, spawnSync } from "node:child_process"
import { existsSync, openSync, readdirSync, readFileSync, statSync } from "node:fs"
import { createServer } from "node:net"
import { join } from "node:path"
import { OUT, REPO } from "./paths.mjs"

/** Settings of every server the bench starts: no rate limit on login, no run worker, no dashboard. */
export const SERVER_ENV = {
  LEADFACTORY_SECRET_KEY: "bench-secret-key-bench-secret-key",
  LF_BCRYPT_COST: "4",
  LF_RATE_LIMIT_AUTH: "off",
  LF_WORKER: "0",
  LF_DASHBOARD_DIR: join(OUT, "no-dashboard")
}

/** A TCP port that was free a moment ago, on loopback. */
export const freePort = () =>
  new Promise((resolve, reject) => {
    const probe = createServer()
    probe.once("error", reject)
    probe.listen(0, "127.0.0.1", () => {
      const { port } = probe.address()
      probe.close(() => resolve(port))
    })
  })

const newestTs = (dir) => {
  let newest = 0
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name)
    if (entry.isDirectory()) newest = Math.max(newest, newestTs(path))
    else if (entry.name.endsWith(".ts")) newest = Math.max(newest, statSync(path).mtimeMs)
  }
  return newest
}

const DIST_MAIN = join(REPO, "packages", "http", "dist", "main.js")

/**
 * The node flags of the root `npm start` script (`node <flags> packages/http/dist/main.js`), read
 * from package.json so that the bench measures the server exactly as users start it.
 */
const startScriptNodeFlags = () => {
  const { scripts } = JSON.parse(readFileSync(join(REPO, "package.json"), "utf8"))
  const match = /\bnode((?:\s+--\S+)*)\s+packages\/http\/dist\/main\.js/.exec(scripts.start ?? "")
  if (match === null) throw new Error(`the root start script does not run packages/http/dist/main.js: ${scripts.start}`)
  return match[1].trim().split(/\s+/).filter((flag) => flag !== "")
}

/** Whether every package the server loads has a `tsc -b` build newer than its sources. */
const distIsFresh = () =>
  existsSync(DIST_MAIN) &&
  readdirSync(join(REPO, "packages"), { withFileTypes: true }).every((entry) => {
    const dir = join(REPO, "packages", entry.name)
    const buildInfo = join(dir, "dist", ".tsbuildinfo")
    if (!entry.isDirectory() || entry.name === "dashboard" || !existsSync(join(dir, "tsconfig.json"))) return true
    return existsSync(buildInfo) && statSync(buildInfo).mtimeMs >= newestTs(join(dir, "src"))
  })

/**
 * How the server runs: the compiled `dist`, as `npm start` runs it, built first with `tsc -b
 * packages/http` when a source is newer (`--server dist`, the default); or the TypeScript sources
 * through tsx (`--server source`), which holds more memory than the compiled server.
 */
export const serverCommand = (mode = "dist") => {
  const sourceArgs = ["--conditions=@leadfactory/source", "--import", "tsx", join(REPO, "packages", "http", "src", "main.ts")]
  if (mode === "source") return { label: "TypeScript sources (tsx)", args: sourceArgs }
  if (!distIsFresh()) {
    process.stderr.write("building the server (tsc -b packages/http) …\n")
    const build = spawnSync("npx", ["tsc", "-b", join("packages", "http")], { cwd: REPO, encoding: "utf8" })
    if (build.status !== 0) process.stderr.write(`tsc -b reported errors; using what it emitted:\n${build.stdout.slice(0, 2000)}\n`)
  }
  if (!existsSync(DIST_MAIN)) throw new Error("no packages/http/dist/main.js after tsc -b packages/http")
  const flags = startScriptNodeFlags()
  return { label: `compiled dist, as npm start runs it (node ${[...flags, "packages/http/dist/main.js"].join(" ")})`, args: [...flags, DIST_MAIN] }
}

/** Waits until `GET url` answers 200, or fails after `timeoutMs`. */
const waitForHealth = async (url, child, timeoutMs) => {
  const deadline = Date.now() + timeoutMs
  for (;;) {
    if (child.exitCode !== null) throw new Error(`the server exited with ${child.exitCode} before it answered`)
    try {
      const response = await fetch(url)
      if (response.ok) return
    } catch {
      // Not listening yet.
    }
    if (Date.now() > deadline) throw new Error(`no answer from ${url} after ${timeoutMs} ms`)
    await new Promise((resolve) => setTimeout(resolve, 100))
  }
}

/** Servers started and not yet stopped, so that an interrupted bench leaves none behind. */
const running = new Set()

/** Stops every server still running (on SIGINT / SIGTERM of the bench). */
export const stopAll = () => Promise.all([...running].map((child) => stopChild(child)))

const stopChild = (child) =>
  new Promise((resolve) => {
    if (child.exitCode !== null) return resolve()
    const timer = setTimeout(() => child.kill("SIGKILL"), 15_000)
    child.once("exit", () => {
      clearTimeout(timer)
      resolve()
    })
    child.kill("SIGTERM")
  })

/** Starts LeadFactory's server on `databaseUrl`; its log goes to bench/out/logs/<logName>.log. */
export const startServer = async ({ databaseUrl, command, logName }) => {
  const port = await freePort()
  const log = openSync(join(OUT, "logs", `${logName}.log`), "w")
  const child = spawn(process.execPath, command.args, {
    cwd: REPO,
    env: { ...process.env, ...SERVER_ENV, DATABASE_URL: databaseUrl, PORT: String(port), HOST: "127.0.0.1" },
    stdio: ["ignore", log, log]
  })
  running.add(child)
  child.once("exit", () => running.delete(child))
  const url = `http://127.0.0.1:${port}`
  try {
    await waitForHealth(`${url}/api/health`, child, 900_000)
  } catch (error) {
    await stopChild(child)
    throw new Error(`${error.message}; see bench/out/logs/${logName}.log`)
  }
  return {
    url,
    pid: child.pid,
    stop: () => stopChild(child),
    /**
     * How it ended ("exit 0", "SIGKILL"), waiting up to `ms` for it to end (a server told to stop
     * first refuses connections, then finishes its requests); undefined if it still runs.
     */
    ended: async (ms = 0) => {
      const deadline = Date.now() + ms
      while (child.exitCode === null && child.signalCode === null && Date.now() < deadline) {
        await new Promise((resolve) => setTimeout(resolve, 100))
      }
      return child.signalCode ?? (child.exitCode === null ? undefined : `exit ${child.exitCode}`)
    }
  }
}

/** Starts bench/bare-server.mjs: node:http plus the driver, answering the same page query. */
export const startBareServer = async ({ db, target, logName }) => {
  const port = await freePort()
  const log = openSync(join(OUT, "logs", `${logName}.log`), "w")
  const child = spawn(process.execPath, [join(REPO, "bench", "bare-server.mjs")], {
    cwd: REPO,
    env: { ...process.env, BENCH_PORT: String(port), BENCH_DB: db, BENCH_TARGET: JSON.stringify(target) },
    stdio: ["ignore", log, log]
  })
  running.add(child)
  child.once("exit", () => running.delete(child))
  const url = `http://127.0.0.1:${port}`
  try {
    await waitForHealth(`${url}/health`, child, 30_000)
  } catch (error) {
    await stopChild(child)
    throw new Error(`${error.message}; see bench/out/logs/${logName}.log`)
  }
  return { url, pid: child.pid, stop: () => stopChild(child) }
}

const rssKb = (pid) => {
  try {
    const match = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, "utf8"))
    return match ? Number(match[1]) : 0
  } catch {
    return 0
  }
}

/** Samples a process's resident memory every 20 ms until `stop()`, which gives the peak in MB. */
export const sampleRss = (pid) => {
  let peakKb = rssKb(pid)
  const timer = setInterval(() => {
    peakKb = Math.max(peakKb, rssKb(pid))
  }, 20)
  return {
    stop: () => {
      clearInterval(timer)
      peakKb = Math.max(peakKb, rssKb(pid))
      return peakKb / 1024
    }
  }
}

export const currentRssMb = (pid) => rssKb(pid) / 1024
