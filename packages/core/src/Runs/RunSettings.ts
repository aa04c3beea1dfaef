/**
 * Settings of campaign runs: where the leads come from (the crawl command, the import folder),
 * where run files go, and the timings of workers. docs/runs.md lists the environment variables.
 */
import { Context, Layer } from "effect"

export interface RunSettings {
  /** LF_CRAWL_COMMAND: the command line of the crawl engine, for every vertical. */
  readonly crawlCommand: string | undefined
  /** LF_CRAWL_CONFIG: a JSON file with a command (and working folder) per vertical. */
  readonly crawlConfigFile: string | undefined
  /** LF_IMPORT_DIR: the folder a campaign's `{"csv": "<file>"}` is read from. */
  readonly importDir: string | undefined
  /** LF_RUNS_DIR: logs and the crawl's output, `<dir>/<campaign id>/<run id>.log`. */
  readonly runsDir: string
  /** LF_RUN_TIMEOUT_SECONDS: a running run without a heartbeat for this long has lost its worker. */
  readonly timeoutSeconds: number
  /** LF_RUN_MAX_ATTEMPTS: claims of a run whose worker keeps dying before it fails as interrupted. */
  readonly maxAttempts: number
  /** LF_WORKER_CONCURRENCY: runs one worker process runs at once. */
  readonly concurrency: number
  /** LF_WORKER_POLL_MS: how often an idle worker looks for queued runs. */
  readonly pollMs: number
  /** LF_CRAWL_KILL_GRACE_SECONDS: from SIGTERM to SIGKILL when a crawl is stopped. */
  readonly killGraceMs: number
  /** How often a worker stamps its runs (and sees cancel requests): a quarter of the timeout, at most 1 s. */
  readonly heartbeatMs: number
}

export type RunSettingsOptions = Partial<Omit<RunSettings, "heartbeatMs">>

export const DEFAULT_RUNS_DIR = "./data/runs"
export const DEFAULT_RUN_TIMEOUT_SECONDS = 60
export const DEFAULT_RUN_MAX_ATTEMPTS = 2
export const DEFAULT_WORKER_POLL_MS = 1000
export const DEFAULT_KILL_GRACE_MS = 5000

const Tag = Context.GenericTag<RunSettings>("@leadfactory/core/RunSettings")

/** The settings with defaults filled in; throws an Error naming the setting when a value is out of range. */
const make = (options: RunSettingsOptions = {}): RunSettings => {
  const positive = (name: string, value: number) => {
    if (!(Number.isFinite(value) && value > 0)) throw new Error(`${name} must be a positive number, got ${value}.`)
    return value
  }
  const whole = (name: string, value: number) => {
    if (!(Number.isInteger(value) && value > 0)) throw new Error(`${name} must be a positive whole number, got ${value}.`)
    return value
  }
  const timeoutSeconds = positive("LF_RUN_TIMEOUT_SECONDS", options.timeoutSeconds ?? DEFAULT_RUN_TIMEOUT_SECONDS)
  const blankToUndefined = (value: string | undefined) => (value === undefined || value.trim() === "" ? undefined : value.trim())
  return {
    crawlCommand: blankToUndefined(options.crawlCommand),
    crawlConfigFile: blankToUndefined(options.crawlConfigFile),
    importDir: blankToUndefined(options.importDir),
    runsDir: blankToUndefined(options.runsDir) ?? DEFAULT_RUNS_DIR,
    timeoutSeconds,
    maxAttempts: whole("LF_RUN_MAX_ATTEMPTS", options.maxAttempts ?? DEFAULT_RUN_MAX_ATTEMPTS),
    concurrency: whole("LF_WORKER_CONCURRENCY", options.concurrency ?? 1),
    pollMs: positive("LF_WORKER_POLL_MS", options.pollMs ?? DEFAULT_WORKER_POLL_MS),
    killGraceMs: positive("LF_CRAWL_KILL_GRACE_SECONDS", options.killGraceMs ?? DEFAULT_KILL_GRACE_MS),
    heartbeatMs: Math.max(50, Math.min(1000, (timeoutSeconds * 1000) / 4))
  }
}

/**
 * The options in environment variables. Throws an Error naming the variable when one is not a
 * number where a number is expected.
 */
const optionsFromEnv = (env: Readonly<Record<string, string | undefined>>): RunSettingsOptions => {
  const number = (name: string, scale = 1): number | undefined => {
    const text = env[name]?.trim()
    if (text === undefined || text === "") return undefined
    const value = Number(text)
    if (!Number.isFinite(value)) throw new Error(`${name} must be a number, got "${text}".`)
    return value * scale
  }
  const options: { -readonly [K in keyof RunSettingsOptions]: RunSettingsOptions[K] } = {}
  const text = (key: "crawlCommand" | "crawlConfigFile" | "importDir" | "runsDir", name: string) => {
    const value = env[name]
    if (value !== undefined && value.trim() !== "") options[key] = value
  }
  const numeric = (
    key: "timeoutSeconds" | "maxAttempts" | "concurrency" | "pollMs" | "killGraceMs",
    name: string,
    scale = 1
  ) => {
    const value = number(name, scale)
    if (value !== undefined) options[key] = value
  }
  text("crawlCommand", "LF_CRAWL_COMMAND")
  text("crawlConfigFile", "LF_CRAWL_CONFIG")
  text("importDir", "LF_IMPORT_DIR")
  text("runsDir", "LF_RUNS_DIR")
  numeric("timeoutSeconds", "LF_RUN_TIMEOUT_SECONDS")
  numeric("maxAttempts", "LF_RUN_MAX_ATTEMPTS")
  numeric("concurrency", "LF_WORKER_CONCURRENCY")
  numeric("pollMs", "LF_WORKER_POLL_MS")
  numeric("killGraceMs", "LF_CRAWL_KILL_GRACE_SECONDS", 1000)
  make(options)
  return options
}

const layer = (options: RunSettingsOptions = {}): Layer.Layer<RunSettings> => Layer.sync(Tag, () => make(options))

/** The tag of the run settings, with `make`, `layer(options)` and `optionsFromEnv(env)`. */
export const RunSettings: Context.Tag<RunSettings, RunSettings> & {
  readonly make: typeof make
  readonly layer: typeof layer
  readonly optionsFromEnv: typeof optionsFromEnv
} = Object.assign(Tag, { make, layer, optionsFromEnv })
