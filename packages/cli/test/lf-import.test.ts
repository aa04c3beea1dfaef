/** lf-import run as a real child process (from its TypeScript sources) against a SQLite file. */
import { CampaignStore, type CampaignId, LeadStore } from "@leadfactory/core"
import { Effect, Option } from "effect"
import { spawnSync } from "node:child_process"
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { leadCount, makeCampaign, makeUser, REPO, runCli, storesAt } from "./fixtures.js"

const HEADER = "Name,Email,Email Status,Role,Fund,Focus Areas,Stage,Check Size,Location,LinkedIn,Website,Lead Score,Tier,Source,Scraped At"
const row = (email: string, score = "80", scraped = "2026-02-20T10:00:00") =>
  `Ann Lee,${email},scraped,Partner,Acme,"AI, ML",Seed,N/A,"New York, NY",N/A,https://acme.vc,${score},🔴 HOT,https://acme.vc/team,${scraped}`

const dir = mkdtempSync(join(tmpdir(), "lf-import-cli-"))
const databaseUrl = `sqlite:${join(dir, "leads.db")}`
const db = storesAt(databaseUrl)
const inDb = <A, E>(effect: Effect.Effect<A, E, import("@leadfactory/core").Stores>) => db.runPromise(effect)
let campaignId: CampaignId
let userEmail: string

const file = (name: string, content: string) => {
  const path = join(dir, name)
  writeFileSync(path, content)
  return path
}

const GOOD = file("good.csv", [HEADER, row("a@acme.vc"), row("b@acme.vc"), row("A@ACME.VC", "90", "2026-02-21T00:00:00"), "Bo,N/A,,,Solo,,,,,,,x,,,"].join("\n"))

beforeAll(async () => {
  const user = await inDb(makeUser(10))
  userEmail = user.email
  campaignId = await inDb(makeCampaign(user.id))
})
afterAll(() => db.dispose())

describe("lf-import", () => {
  it("--help documents the options and the exit codes", async () => {
    const result = await runCli(["--help"])
    expect(result.code).toBe(0)
    for (const text of ["--campaign-id", "--user-email", "--dry-run", "--json", "--report", "--batch-size", "Exit codes", "130"]) {
      expect(result.stdout).toContain(text)
    }
  })

  it("imports into a campaign, prints the summary as JSON, and a second run changes nothing", async () => {
    const first = await runCli(["--campaign-id", campaignId, "--csv", GOOD, "--database-url", databaseUrl, "--json"])
    expect(first.stderr).toBe("")
    expect(first.code).toBe(0)
    expect(JSON.parse(first.stdout)).toMatchObject({
      campaign_id: campaignId, rows_read: 4, imported: 2, updated: 1, unchanged: 0, skipped: 1, error_count: 1,
      errors: [{ line: 5, message: "Lead Score \"x\" is not a number from 0 to 100" }], encoding: "utf-8", delimiter: ",", dry_run: false
    })
    // DATABASE_URL is read when --database-url is absent.
    const second = await runCli(["--campaign-id", campaignId, "--csv", GOOD, "--json"], { DATABASE_URL: databaseUrl })
    expect(JSON.parse(second.stdout)).toMatchObject({ imported: 0, updated: 0, unchanged: 3, skipped: 1 })
    expect(await inDb(leadCount(campaignId))).toBe(2)
    const campaign = await inDb(Effect.flatMap(CampaignStore, (store) => store.findById(campaignId)))
    expect(Option.getOrThrow(campaign)).toMatchObject({ total_leads: 2, total_emails: 2 })
  })

  it("--user-email makes the campaign (named by --name) and prints a readable summary", async () => {
    const result = await runCli(["--user-email", userEmail.toUpperCase(), "--name", "Seed funds", "--csv", GOOD, "--database-url", databaseUrl])
    expect(result.code).toBe(0)
    expect(result.stderr).toBe("")
    expect(result.stdout).toMatch(/^Imported: .*good\.csv into campaign [0-9a-f-]{36} \(Seed funds, new, for cli-/)
    expect(result.stdout).toMatch(/imported \(new leads\)\s+2\n/)
    expect(result.stdout).toContain("line 5: Lead Score \"x\" is not a number from 0 to 100")
    const id = /into campaign ([0-9a-f-]{36})/.exec(result.stdout)![1] as CampaignId
    expect(await inDb(leadCount(id))).toBe(2)
  })

  it("--dry-run writes nothing, also with --user-email", async () => {
    const other = file("dry.csv", [HEADER, row("dry1@acme.vc"), row("dry2@acme.vc")].join("\n"))
    const result = await runCli(["--campaign-id", campaignId, "--csv", other, "--database-url", databaseUrl, "--dry-run", "--json"])
    expect(JSON.parse(result.stdout)).toMatchObject({ dry_run: true, imported: 2 })
    expect(await inDb(leadCount(campaignId))).toBe(2)
    const byEmail = await runCli(["--user-email", userEmail, "--csv", other, "--database-url", databaseUrl, "--dry-run", "--json"])
    expect(byEmail.code).toBe(0)
    const made = await inDb(Effect.flatMap(CampaignStore, (store) => store.findById(JSON.parse(byEmail.stdout).campaign_id)))
    expect(Option.isNone(made)).toBe(true)
  })

  it("--report lists every rejected row, the summary only the first 100", async () => {
    const rows = [HEADER, ...Array.from({ length: 130 }, (_, i) => row(`r${i}@acme.vc`, i === 7 ? "50" : "abc")), "\"Eve, \"\"Q\"\"\",e@acme.vc"]
    const report = join(dir, "errors.csv")
    const result = await runCli(["--campaign-id", campaignId, "--csv", file("bad.csv", rows.join("\r\n")), "--database-url", databaseUrl, "--report", report, "--json"])
    const summary = JSON.parse(result.stdout)
    expect(summary).toMatchObject({ rows_read: 131, error_count: 130, imported: 1 })
    expect(summary.errors).toHaveLength(100)
    const lines = readFileSync(report, "utf8").trimEnd().split("\n")
    expect(lines).toHaveLength(131)
    expect(lines.slice(0, 3)).toEqual([
      "line,message",
      "2,\"Lead Score \"\"abc\"\" is not a number from 0 to 100\"",
      "3,\"Lead Score \"\"abc\"\" is not a number from 0 to 100\""
    ])
    expect(lines.map((line) => Number(line.split(",")[0])).slice(1)).toEqual([...Array.from({ length: 130 }, (_, i) => i + 2).filter((n) => n !== 9), 132])
    expect(lines[130]).toBe("132,\"has 2 fields but the header has 15 (a missing or extra delimiter, or an unquoted line break?)\"")
  })

  it.skipIf(spawnSync("script", ["--version"]).status !== 0)("draws a progress bar on a terminal, and none otherwise", async () => {
    const rows = [HEADER, ...Array.from({ length: 500 }, (_, i) => row(`bar${i}@acme.vc`))].join("\n")
    const csv = file("bar.csv", rows)
    const command = [process.execPath, "--conditions=@leadfactory/source", "--import", "tsx", "packages/cli/src/bin/lf-import.ts",
      "--campaign-id", campaignId, "--csv", csv, "--database-url", databaseUrl, "--batch-size", "100"].join(" ")
    // `script` gives the command a pseudo-terminal, as an interactive shell would.
    const onTerminal = spawnSync("script", ["-qec", command, "/dev/null"], { cwd: REPO, encoding: "utf8", env: { ...process.env, DATABASE_URL: "" } })
    expect(onTerminal.status).toBe(0)
    expect(onTerminal.stdout).toMatch(/100% \| 500 rows \| \d+ rows\/s \| ETA \d+s/)
    expect(onTerminal.stdout).toMatch(/\d+% \| \d+ rows/)
    const piped = await runCli(["--campaign-id", campaignId, "--csv", csv, "--database-url", databaseUrl, "--batch-size", "100"])
    expect(piped.stderr).toBe("")
    expect(piped.stdout).not.toContain("rows/s")
  })

  it("exits 1 on wrong options, 2 on an unreadable or invalid file, 3 when the database cannot be opened, 4 when nothing matches", async () => {
    const noName = file("noname.csv", "Email,Lead Score\na@b.co,5\n")
    const cases: Array<[ReadonlyArray<string>, number, RegExp]> = [
      [["--csv", GOOD, "--database-url", databaseUrl], 1, /exactly one/],
      [["--campaign-id", "nope", "--csv", GOOD, "--database-url", databaseUrl], 1, /not a UUID/],
      [["--campaign-id", campaignId, "--csv", GOOD, "--batch-size", "0", "--database-url", databaseUrl], 1, /--batch-size/],
      [["--campaign-id", campaignId, "--csv", GOOD, "--database-url", "mysql://x"], 1, /unknown scheme/],
      [["--campaign-id", campaignId, "--csv", join(dir, "missing.csv"), "--database-url", databaseUrl], 2, /cannot be read/],
      [["--campaign-id", campaignId, "--csv", noName, "--database-url", databaseUrl], 2, /no Name column/],
      [["--campaign-id", campaignId, "--csv", GOOD, "--database-url", "postgres://nobody@127.0.0.1:9/none"], 3, /./],
      [["--campaign-id", "00000000-0000-4000-8000-000000000000", "--csv", GOOD, "--database-url", databaseUrl], 4, /No campaign/],
      [["--user-email", "nobody@example.com", "--csv", GOOD, "--database-url", databaseUrl], 4, /No user/]
    ]
    const results = await Promise.all(cases.map(([args]) => runCli(args)))
    results.forEach((result, i) => {
      const [args, code, message] = cases[i]!
      expect({ args, code: result.code }).toEqual({ args, code })
      expect({ args, stderr: result.stderr }).toEqual({ args, stderr: expect.stringMatching(message) })
    })
  })

  it("exits 5 when the user has no credits to create a campaign", async () => {
    const broke = await inDb(makeUser(0))
    const result = await runCli(["--user-email", broke.email, "--csv", GOOD, "--database-url", databaseUrl])
    expect(result.code).toBe(5)
    expect(result.stderr).toMatch(/Not enough credits/)
    expect(await inDb(Effect.flatMap(LeadStore, (store) => store.countsForUser(broke.id)))).toMatchObject({ total_leads: 0 })
  })
})
