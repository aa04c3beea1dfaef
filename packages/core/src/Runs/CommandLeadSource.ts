/**
 * The `command` lead source: runs the operator's crawl command as a child process (no shell), logs
 * its output, follows its `PROGRESS <pct> <stage>` lines and hands over the CSV it wrote.
 */
import { type ChildProcess, spawn } from "node:child_process"
import { existsSync, rmSync, statSync, writeFileSync } from "node:fs"
import { join } from "node:path"
import { createInterface } from "node:readline"
import { Effect } from "effect"
import type { ProgressStage } from "../Campaign.js"
import { fillPlaceholders } from "./CommandLine.js"
import { type LeadFile, type LeadJob, type LeadSource, LeadSourceFailed } from "./LeadSource.js"

export interface CrawlCommand {
  /** The arguments, placeholders not yet filled in. */
  readonly argv: ReadonlyArray<string>
  /** The working folder of the child; the process's own when undefined. */
  readonly cwd: string | undefined
}

/** Lines of stderr quoted in the message of a failed run. */
const QUOTED_STDERR_LINES = 5
const MAX_QUOTED_CHARS = 1000

/** Stages a crawler may name in its PROGRESS lines; anything else counts as crawling. */
const CRAWL_STAGES: ReadonlySet<ProgressStage> = new Set(["initializing", "crawling", "enriching", "validating", "scoring"])

const progressLine = /^PROGRESS\s+(\d+(?:\.\d+)?)%?(?:\s+(\S+))?/

/** `PROGRESS 40 enriching` as a stage and a percentage; undefined for any other line. */
export const parseProgressLine = (line: string): { readonly stage: ProgressStage; readonly pct: number } | undefined => {
  const match = progressLine.exec(line.trim())
  if (match === null) return undefined
  const named = match[2]?.toLowerCase() as ProgressStage | undefined
  return {
    stage: named !== undefined && CRAWL_STAGES.has(named) ? named : "crawling",
    pct: Math.min(100, Math.max(0, Number(match[1])))
  }
}

/** Our own secrets stay out of the crawler's environment; it gets what it needs as LF_* variables. */
const WITHHELD_VARIABLES = ["LEADFACTORY_SECRET_KEY", "DATABASE_URL"]

const childEnvironment = (extra: Record<string, string>): NodeJS.ProcessEnv => {
  const env: NodeJS.ProcessEnv = { PYTHONUNBUFFERED: "1", ...process.env, ...extra }
  for (const name of WITHHELD_VARIABLES) delete env[name]
  return env
}

const signalGroup = (child: ChildProcess, signal: NodeJS.Signals) => {
  if (child.pid === undefined) return
  try {
    // The child leads its own process group: the signal reaches whatever the crawler started too.
    process.kill(-child.pid, signal)
  } catch {
    // Already gone.
  }
}

const hasExited = (child: ChildProcess) => child.exitCode !== null || child.signalCode !== null

/**
 * Waits for the child's end. Interruptible even inside a finalizer (which `stop` runs in), so that
 * a timeout around it can give up waiting.
 */
const exited = (child: ChildProcess) =>
  Effect.interruptible(Effect.async<void>((resume) => {
    if (hasExited(child)) return resume(Effect.void)
    const done = () => resume(Effect.void)
    child.once("exit", done)
    return Effect.sync(() => child.off("exit", done))
  }))

/** SIGTERM to the process group, SIGKILL after the grace period, then wait for the end. */
const stop = (child: ChildProcess, graceMs: number) =>
  Effect.gen(function*() {
    if (child.pid === undefined || hasExited(child)) return
    signalGroup(child, "SIGTERM")
    const gone = yield* exited(child).pipe(Effect.timeoutTo({ duration: graceMs, onSuccess: () => true, onTimeout: () => false }))
    if (gone) {
      // The leader may leave helpers behind in its group; they get no grace once it is gone.
      signalGroup(child, "SIGKILL")
      return
    }
    signalGroup(child, "SIGKILL")
    yield* exited(child).pipe(Effect.timeout(2000), Effect.ignore)
  })

/** The last lines of a stream, for the failure message. */
class Tail {
  private readonly lines: Array<string> = []
  constructor(private readonly size: number) {}
  push(line: string) {
    if (line.trim() === "") return
    this.lines.push(line)
    if (this.lines.length > this.size) this.lines.shift()
  }
  text(): string {
    const text = this.lines.join("\n")
    return text.length > MAX_QUOTED_CHARS ? `…${text.slice(-MAX_QUOTED_CHARS)}` : text
  }
}

const describeExit = (code: number | null, signal: NodeJS.Signals | null) =>
  code !== null ? `exited with code ${code}` : `was killed by ${signal ?? "a signal"}`

export const makeCommandLeadSource = (command: CrawlCommand, killGraceMs: number): LeadSource => ({
  kind: "command",
  produce: (job: LeadJob) =>
    Effect.gen(function*() {
      // Per attempt: the crawl of a worker that was killed may still be writing the previous one's files.
      const base = join(job.workDir, `${job.run.id}-${job.run.attempts}`)
      const output = `${base}.csv`
      const configFile = `${base}.config.json`
      const configJson = JSON.stringify(job.config)
      yield* Effect.acquireRelease(
        Effect.sync(() => {
          rmSync(output, { force: true })
          writeFileSync(configFile, configJson)
        }),
        () => Effect.sync(() => {
          rmSync(output, { force: true })
          rmSync(configFile, { force: true })
        })
      )
      const argv = fillPlaceholders(command.argv, {
        vertical: job.vertical,
        config: configJson,
        config_file: configFile,
        output,
        campaign_id: job.run.campaign_id
      })
      job.log(`command: ${JSON.stringify(argv)}${command.cwd === undefined ? "" : ` in ${command.cwd}`}`)
      job.progress("crawling", 0)
      const stderr = new Tail(QUOTED_STDERR_LINES)

      const child = yield* Effect.acquireRelease(
        Effect.sync(() =>
          spawn(argv[0]!, argv.slice(1), {
            cwd: command.cwd,
            env: childEnvironment({
              LF_RUN_ID: job.run.id,
              LF_CAMPAIGN_ID: job.run.campaign_id,
              LF_VERTICAL: job.vertical,
              LF_OUTPUT: output,
              LF_CONFIG_FILE: configFile
            }),
            stdio: ["ignore", "pipe", "pipe"],
            detached: true
          })
        ),
        (child) => stop(child, killGraceMs)
      )
      createInterface({ input: child.stdout!, crlfDelay: Infinity }).on("line", (line) => {
        job.log(`[stdout] ${line}`)
        const progress = parseProgressLine(line)
        if (progress !== undefined) job.progress(progress.stage, progress.pct)
      })
      createInterface({ input: child.stderr!, crlfDelay: Infinity }).on("line", (line) => {
        job.log(`[stderr] ${line}`)
        stderr.push(line)
      })

      // "close" comes after stdout and stderr ended, so every line above has been seen.
      const ended = yield* Effect.async<
        { readonly code: number | null; readonly signal: NodeJS.Signals | null },
        LeadSourceFailed
      >((resume) => {
        child.once("error", (error) =>
          resume(Effect.fail(new LeadSourceFailed({ message: `The crawl command could not be started: ${error.message}.` }))))
        child.once("close", (code, signal) => resume(Effect.succeed({ code, signal })))
      })
      job.log(`command ${describeExit(ended.code, ended.signal)}`)
      if (ended.code !== 0) {
        const quoted = stderr.text()
        return yield* new LeadSourceFailed({
          message: `The crawl command ${describeExit(ended.code, ended.signal)}${quoted === "" ? "." : `: ${quoted}`}`
        })
      }
      if (!existsSync(output) || !statSync(output).isFile()) {
        return yield* new LeadSourceFailed({
          message: "The crawl command succeeded but wrote no CSV: it must write its leads to the path of {output} (also in LF_OUTPUT)."
        })
      }
      return { path: output } satisfies LeadFile
    })
})
