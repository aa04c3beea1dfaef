/**
 * The node flags and environment that the lf-import launcher (bin/lf-import.js) sets on its shebang
 * line: with them, hostile files still end in lf-import's own error, not in a crash of the JavaScript
 * heap. Runs the TypeScript sources under them, so only the shebang test needs the build.
 */
import { spawn } from "node:child_process"
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { finished, makeCampaign, makeUser, REPO, storesAt } from "./fixtures.js"

const LAUNCHER = join(REPO, "packages/cli/bin/lf-import.js")

const HEADER = "Name,Email,Email Status,Role,Fund,Focus Areas,Stage,Check Size,Location,LinkedIn,Website,Lead Score,Tier,Source,Scraped At"

/** The environment and node options of the launcher's `#!/usr/bin/env -S NAME=value … node …` line. */
const launcherLine = (): { readonly environment: Record<string, string>; readonly flags: Array<string> } => {
  const shebang = readFileSync(LAUNCHER, "utf8").split("\n")[0]!
  const match = /^#!\/usr\/bin\/env -S((?: [A-Z_]+=\S+)*) node((?: --[a-z-]+(?:=\S+)?)*)$/.exec(shebang)
  if (match === null) throw new Error(`unexpected shebang line: ${shebang}`)
  const words = (text: string) => text.trim().split(" ").filter((word) => word !== "")
  return {
    environment: Object.fromEntries(words(match[1]!).map((assignment) => assignment.split("=") as [string, string])),
    flags: words(match[2]!)
  }
}

const dir = mkdtempSync(join(tmpdir(), "lf-import-launcher-"))
const databaseUrl = `sqlite:${join(dir, "leads.db")}`
const db = storesAt(databaseUrl)
let campaignId: string

const file = (name: string, content: string) => {
  const path = join(dir, name)
  writeFileSync(path, content)
  return path
}

const runWithLauncherFlags = (csv: string) =>
  finished(
    spawn(
      process.execPath,
      [...launcherLine().flags, "--conditions=@leadfactory/source", "--import", "tsx", "packages/cli/src/bin/lf-import.ts",
        "--campaign-id", campaignId, "--csv", csv, "--database-url", databaseUrl, "--json"],
      {
        cwd: REPO,
        env: { ...process.env, ...launcherLine().environment, DATABASE_URL: undefined },
        stdio: ["ignore", "pipe", "pipe"]
      }
    )
  )

beforeAll(async () => {
  const user = await db.runPromise(makeUser(10))
  campaignId = await db.runPromise(makeCampaign(user.id))
})
afterAll(() => db.dispose())

describe("lf-import under the launcher's node flags", () => {
  it("sets flags that this node accepts, and imports with them", async () => {
    expect(launcherLine()).toEqual({
      environment: { MALLOC_MMAP_THRESHOLD_: "131072" },
      flags: ["--max-semi-space-size=2", "--heap-growing-percent=10"]
    })
    const rows = Array.from({ length: 50 }, (_, i) => `Lead ${i},lead${i}@acme.example,scraped,,Acme,,,,,,,70,WARM,,2026-02-20T10:00:00`)
    const result = await runWithLauncherFlags(file("good.csv", [HEADER, ...rows].join("\n")))
    expect(result.stderr).toBe("")
    expect(result.code).toBe(0)
    expect(JSON.parse(result.stdout)).toMatchObject({ rows_read: 50, imported: 50 })
  })

  it("runs by its shebang line (the bundle that npm ci builds)", async () => {
    const result = await finished(spawn(LAUNCHER, ["--version"], { cwd: REPO, stdio: ["ignore", "pipe", "pipe"] }))
    expect(result.stderr).toBe("")
    expect(result.code).toBe(0)
    expect(result.stdout.trim()).toMatch(/^\d+\.\d+\.\d+$/)
  })

  it.each([
    ["a 10 MB field", () => `${HEADER}\r\n${"A".repeat(10 * 1024 * 1024)},a@b.example,scraped,,,,,,,,,50,COOL,,\r\n`, /longer than 1,000,000 characters/],
    ["100,000 columns", () => Array.from({ length: 100_000 }, (_, i) => `Column ${i}`).join(",") + "\r\n" + "x,".repeat(99_999) + "x\r\n", /The first line is longer than/],
    ["100,000 cells in a row", () => `${HEADER}\r\n` + "x,".repeat(99_999) + "x\r\n", /Line 2: a record has more than 10,000 fields/]
  ])("refuses %s with exit code 2 and a sentence saying why", async (label, content, message) => {
    const result = await runWithLauncherFlags(file(`${label}.csv`, content()))
    expect(result.signal).toBeNull()
    expect(result.code).toBe(2)
    expect(result.stderr).toMatch(message)
    expect(result.stderr).not.toMatch(/heap|allocation failed/i)
  })
})
