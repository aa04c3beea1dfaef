// Measuring: latency percentiles of sequential calls, timed commands, HTTP requests on a keep-alive
// connection, and requests/s under concurrent load (wrk when installed, else a node load loop).
import { spawn, spawnSync } from "node:child_process"
import { Agent, request } from "node:http"
import { loadavg } from "node:os"

export const percentile = (sorted, p) => sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]

export const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b)
  const middle = Math.floor(sorted.length / 2)
  return sorted.length % 2 === 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2
}

/**
 * Runs `call` `count` times one after the other (after `warmup` untimed calls): p50 and p99 in ms,
 * and `n`, the calls timed. With `budgetSeconds`, stops early once that time is spent and at least
 * `minCount` calls are timed (--quick keeps slow figures from taking minutes).
 */
export const latency = async (call, { count, warmup = 5, budgetSeconds = Infinity, minCount = 20 }) => {
  for (let i = 0; i < warmup; i++) await call()
  const times = []
  const deadline = performance.now() + budgetSeconds * 1000
  for (let i = 0; i < count; i++) {
    const start = performance.now()
    await call()
    times.push(performance.now() - start)
    if (times.length >= minCount && performance.now() > deadline) break
  }
  times.sort((a, b) => a - b)
  return { p50: percentile(times, 50), p99: percentile(times, 99), n: times.length }
}

const keepAlive = new Agent({ keepAlive: true, maxSockets: 1 })

/** GET with a bearer token on a kept-alive connection; resolves to { status, body }. */
export const httpGet = (url, token) =>
  httpGetOnce(url, token).catch((error) => {
    // The server closes a connection left idle past its keep-alive timeout; a GET may be sent again.
    if (["ECONNRESET", "EPIPE"].includes(error.code) || /socket hang up/.test(error.message)) return httpGetOnce(url, token)
    throw error
  })

const httpGetOnce = (url, token) =>
  new Promise((resolve, reject) => {
    const req = request(url, { agent: keepAlive, headers: token === undefined ? {} : { authorization: `Bearer ${token}` } }, (response) => {
      const chunks = []
      response.on("data", (chunk) => chunks.push(chunk))
      response.on("end", () => resolve({ status: response.statusCode, body: Buffer.concat(chunks).toString("utf8") }))
      response.on("error", reject)
    })
    req.on("error", reject)
    req.end()
  })

/** GET that must answer 200 with JSON; the parsed body. */
export const getOk = async (url, token) => {
  const { status, body } = await httpGet(url, token)
  if (status !== 200) throw new Error(`GET ${url}: ${status} ${body.slice(0, 300)}`)
  return JSON.parse(body)
}

/** Runs a command with stdout to /dev/null (or a callback's file); wall time in seconds. */
export const timedCommand = (command, args, options = {}) =>
  new Promise((resolve, reject) => {
    const start = performance.now()
    const child = spawn(command, args, { stdio: ["ignore", options.stdout ?? "ignore", "pipe"], env: { ...process.env, ...options.env } })
    let stderr = ""
    let stdout = ""
    child.stderr.on("data", (data) => (stderr += data))
    child.stdout?.on("data", (data) => (stdout += data))
    child.on("close", (code) => {
      const seconds = (performance.now() - start) / 1000
      if (code !== 0) reject(new Error(`${command} failed (${code}): ${stderr.slice(0, 500)}`))
      else resolve({ seconds, stdout })
    })
  })

export const hasWrk = () => spawnSync("wrk", ["--version"]).error === undefined

/** wrk's report: the requests answered, in how many seconds, and every failed request (non-2xx answers, socket errors, timeouts). */
const runWrk = async (url, token, connections, seconds) => {
  const args = ["-t", "2", "-c", String(connections), "-d", `${seconds}s`, "--timeout", "10s"]
  if (token !== undefined) args.push("-H", `Authorization: Bearer ${token}`)
  const { stdout } = await timedCommand("wrk", [...args, url], { stdout: "pipe" })
  const done = /(\d+) requests in ([\d.]+)(m?s)/.exec(stdout)
  const non2xx = Number(/Non-2xx or 3xx responses:\s+(\d+)/.exec(stdout)?.[1] ?? 0)
  const socket = /Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)/.exec(stdout)
  const socketErrors = socket === null ? 0 : socket.slice(1).reduce((sum, n) => sum + Number(n), 0)
  if (done === null) throw new Error(`could not read wrk's output: ${stdout}`)
  return { requests: Number(done[1]), seconds: Number(done[2]) / (done[3] === "ms" ? 1000 : 1), errors: non2xx + socketErrors }
}

/** A node load loop: `connections` keep-alive connections, each sending the next request when answered. */
const runNodeLoad = async (url, token, connections, seconds) => {
  const agent = new Agent({ keepAlive: true, maxSockets: connections })
  const headers = token === undefined ? {} : { authorization: `Bearer ${token}` }
  const deadline = performance.now() + seconds * 1000
  let done = 0
  let errors = 0
  const one = () =>
    new Promise((resolve) => {
      const req = request(url, { agent, headers }, (response) => {
        response.resume()
        response.on("end", () => {
          if (response.statusCode === 200) done++
          else errors++
          resolve()
        })
      })
      req.on("error", () => {
        errors++
        resolve()
      })
      req.end()
    })
  const start = performance.now()
  await Promise.all(Array.from({ length: connections }, async () => {
    while (performance.now() < deadline) await one()
  }))
  agent.destroy()
  return { requests: done, seconds: (performance.now() - start) / 1000, errors }
}

/** GET `url` at `connections` concurrent connections for `seconds`, on loopback: requests answered, seconds, failures. */
const load = (url, token, connections, seconds) =>
  hasWrk() ? runWrk(url, token, connections, seconds) : runNodeLoad(url, token, connections, seconds)

/**
 * Requests/s of each target (`{ url, token }`) at `connections` concurrent connections, `seconds`
 * of load each, given in `windows` turns that alternate between the targets (after a turn of
 * `warmupSeconds` each, not counted): on a shared machine a slow moment then falls on all of them,
 * not on whichever ran at that time.
 */
export const alternatingThroughput = async (targets, { connections, seconds, windows, warmupSeconds }) => {
  for (const { url, token } of targets) await load(url, token, connections, warmupSeconds)
  const totals = targets.map(() => ({ requests: 0, seconds: 0, errors: 0 }))
  for (let window = 0; window < windows; window++) {
    for (const [i, { url, token }] of targets.entries()) {
      const turn = await load(url, token, connections, seconds / windows)
      totals[i].requests += turn.requests
      totals[i].seconds += turn.seconds
      totals[i].errors += turn.errors
    }
  }
  return totals.map(({ requests, seconds, errors }) => ({ rps: requests / seconds, errors }))
}

export const loadAverage = () => loadavg()[0]
