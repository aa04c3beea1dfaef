/**
 * How a campaign's lead source is chosen and configured: the command line split without a shell,
 * its placeholders, PROGRESS lines, the import folder's confinement, and the run settings.
 */
import {
  csvPathOf,
  fillPlaceholders,
  LeadSources,
  LeadSourcesLive,
  parseCommand,
  parseProgressLine,
  RunSettings,
  splitCommandLine
} from "@leadfactory/core"
import { Effect, Either, Exit, Layer } from "effect"
import { writeFileSync } from "node:fs"
import { join } from "node:path"
import { describe, expect, it } from "vitest"
import { tempDir } from "./support.js"

const values = {
  vertical: "vc",
  config: "{\"seed\": \"a b; rm -rf / $(reboot)\"}",
  config_file: "/runs/c.json",
  output: "/runs/out dir/leads.csv",
  campaign_id: "0b8e4ba8-4c2e-4f7c-9d41-3a3c0d0f8d11"
}

describe("the crawl command line", () => {
  it("splits like a shell would quote, without running one", () => {
    expect(Either.getOrThrow(splitCommandLine("python engine.py --vertical {vertical} --out {output}"))).toEqual([
      "python", "engine.py", "--vertical", "{vertical}", "--out", "{output}"
    ])
    expect(Either.getOrThrow(splitCommandLine(`"/opt/my engine/run" --label 'a b' --x "say \\"hi\\"" c\\ d`))).toEqual([
      "/opt/my engine/run", "--label", "a b", "--x", "say \"hi\"", "c d"
    ])
    expect(Either.getOrThrow(splitCommandLine("echo $HOME `id` ; ls | wc > f"))).toEqual(["echo", "$HOME", "`id`", ";", "ls", "|", "wc", ">", "f"])
    expect(Either.getLeft(splitCommandLine("python 'engine.py"))._tag).toBe("Some")
    expect(Either.isLeft(splitCommandLine("   "))).toBe(true)
  })

  it("fills each placeholder inside its own argument, whatever the value holds", () => {
    const argv = Either.getOrThrow(parseCommand("engine --config {config} --out={output} {campaign_id}", "LF_CRAWL_COMMAND"))
    expect(fillPlaceholders(argv, values)).toEqual([
      "engine", "--config", values.config, `--out=${values.output}`, values.campaign_id
    ])
    // A value that looks like a placeholder is not filled in again.
    expect(fillPlaceholders(["{config}"], { ...values, config: "{output}" })).toEqual(["{output}"])
  })

  it("refuses unknown placeholders and commands it cannot read, naming where they were set", () => {
    expect(Either.getLeft(parseCommand("engine --out {outptu}", "LF_CRAWL_COMMAND"))).toEqual(
      expect.objectContaining({ value: expect.stringContaining("LF_CRAWL_COMMAND uses unknown placeholders {outptu}") })
    )
    expect(Either.isLeft(parseCommand("engine \"--out", "LF_CRAWL_COMMAND"))).toBe(true)
    expect(Either.isLeft(parseCommand([], "crawl.json"))).toBe(true)
    // JSON in an argument is not a placeholder.
    expect(Either.isRight(parseCommand(["engine", "--defaults", "{\"depth\": 2}"], "crawl.json"))).toBe(true)
  })

  it("reads PROGRESS lines as a stage and a percentage", () => {
    expect(parseProgressLine("PROGRESS 40 enriching")).toEqual({ stage: "enriching", pct: 40 })
    expect(parseProgressLine("PROGRESS 12.5% crawling")).toEqual({ stage: "crawling", pct: 12.5 })
    expect(parseProgressLine("PROGRESS 140")).toEqual({ stage: "crawling", pct: 100 })
    expect(parseProgressLine("PROGRESS 30 storing")).toEqual({ stage: "crawling", pct: 30 })
    expect(parseProgressLine("visited 40 sites")).toBeUndefined()
  })
})

describe("the import folder", () => {
  it("takes a file name inside it and refuses everything else", () => {
    const folder = "/srv/imports"
    expect(Either.getOrThrow(csvPathOf(folder, { csv: "leads.csv" }))).toBe("/srv/imports/leads.csv")
    expect(Either.getOrThrow(csvPathOf(folder, { csv: "2026/nov.csv" }))).toBe("/srv/imports/2026/nov.csv")
    for (const csv of ["../etc/passwd", "a/../../b.csv", "/etc/passwd", "..", "", 42, "a\0b"]) {
      const refused = csvPathOf(folder, { csv })
      expect(Either.isLeft(refused)).toBe(true)
      expect(Either.getLeft(refused).pipe((o) => o._tag === "Some" && o.value.errors[0]!.field)).toBe("config.csv")
    }
  })
})

describe("choosing a source", () => {
  const build = (settings: Parameters<typeof RunSettings.layer>[0]) =>
    Effect.runPromiseExit(Effect.provide(LeadSources, LeadSourcesLive.pipe(Layer.provide(RunSettings.layer(settings)))))

  it("runs the command of the vertical, the default command elsewhere, and the CSV when the config names one", async () => {
    const dir = tempDir("sources")
    const file = join(dir, "crawl.json")
    writeFileSync(file, JSON.stringify({ command: "default-engine {output}", verticals: { pe: { command: ["pe-engine", "{output}"], cwd: "engines" } } }))
    const sources = Exit.getOrElse(await build({ crawlConfigFile: file, importDir: dir }), () => expect.unreachable())
    expect(Either.getOrThrow(sources.forCampaign({ vertical: "vc", config: {} })).kind).toBe("command")
    expect(Either.getOrThrow(sources.forCampaign({ vertical: "pe", config: {} })).kind).toBe("command")
    expect(Either.getOrThrow(sources.forCampaign({ vertical: "vc", config: { csv: "x.csv" } })).kind).toBe("csv")

    const none = Exit.getOrElse(await build({}), () => expect.unreachable())
    const refused = Either.getLeft(none.forCampaign({ vertical: "vc", config: {} }))
    expect(refused._tag === "Some" && refused.value.message).toContain("LF_CRAWL_COMMAND")
    const noFolder = Either.getLeft(none.forCampaign({ vertical: "vc", config: { csv: "x.csv" } }))
    expect(noFolder._tag === "Some" && noFolder.value.message).toContain("LF_IMPORT_DIR")
  })

  it("stops the start on a crawl config it cannot use", async () => {
    const dir = tempDir("bad-config")
    const typo = join(dir, "typo.json")
    writeFileSync(typo, JSON.stringify({ verticals: { vc: { command: "engine {outptu}" } } }))
    const unknownVertical = join(dir, "unknown.json")
    writeFileSync(unknownVertical, JSON.stringify({ verticals: { crypto: { command: "engine" } } }))
    for (const crawlConfigFile of [typo, unknownVertical, join(dir, "missing.json")]) {
      expect(Exit.isFailure(await build({ crawlConfigFile }))).toBe(true)
    }
    expect(Exit.isFailure(await build({ crawlCommand: "engine 'unclosed" }))).toBe(true)
  })
})

describe("run settings from the environment", () => {
  it("reads the variables, and names the one that is wrong", () => {
    const options = RunSettings.optionsFromEnv({
      LF_CRAWL_COMMAND: "engine {output}",
      LF_RUN_TIMEOUT_SECONDS: "30",
      LF_CRAWL_KILL_GRACE_SECONDS: "2",
      LF_WORKER_CONCURRENCY: "3"
    })
    const settings = RunSettings.make(options)
    expect(settings).toMatchObject({ crawlCommand: "engine {output}", timeoutSeconds: 30, killGraceMs: 2000, concurrency: 3, heartbeatMs: 1000 })
    expect(() => RunSettings.optionsFromEnv({ LF_RUN_TIMEOUT_SECONDS: "soon" })).toThrow("LF_RUN_TIMEOUT_SECONDS")
    expect(() => RunSettings.optionsFromEnv({ LF_WORKER_CONCURRENCY: "1.5" })).toThrow("LF_WORKER_CONCURRENCY")
  })
})
