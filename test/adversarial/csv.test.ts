/**
 * Case 5, CSV (OWASP ASVS V5.3 output encoding, V12 files): cells a spreadsheet would run as a
 * formula (`=`, `+`, `-`, `@`, tab, CR first) are refused at import and neutralised on export; a file
 * with an unterminated quote, 100,000 columns, a 10 MB field, binary bytes or only a header gets a
 * clear error or an empty import, never a crash, and the server process's peak memory stays bounded
 * while it reads one; a run's file outside LF_IMPORT_DIR (`..`, an absolute path, a symbolic link)
 * is never read.
 */
import { parse } from "csv-parse/sync"
import { randomUUID } from "node:crypto"
import { request as httpRequest } from "node:http"
import { mkdirSync, symlinkSync, writeFileSync } from "node:fs"
import { join } from "node:path"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { crawlerCsv, fixtureLeads, HEADER } from "../../packages/http/test/support/CrawlerCsv.js"
import { databases, scratchFolder } from "./support/Databases.js"
import { num, withInspector } from "./support/Inspector.js"
import {
  type Answer,
  call,
  memoryOf,
  register,
  type ServerProcess,
  serverProcess,
  sigkill,
  startTestServer,
  type TestServer,
  waitFor
} from "./support/Servers.js"

const FORMULAS = ["=HYPERLINK(\"http://evil.example\",\"click\")", "+1+1", "-2+3", "@SUM(A1:A9)", "\t=1+1", "\r=1+1", "=cmd|' /C calc'!A0"]
const FORMULA_START = /^[=+\-@\t\r]/

/** A crawler row whose text cells are `text`. */
const row = (text: string, email: string) => {
  const quote = (cell: string) => `"${cell.replaceAll("\"", "\"\"")}"`
  return [text, email, "scraped", text, text, text, text, text, text, "N/A", "https://x.example", "70", "WARM", "https://x.example/team", "2024-05-01T09:30:00"].map(quote).join(",")
}

/** The hostile files: each must end in a clear error or an empty import. */
const badFiles = (): Array<{ readonly label: string; readonly body: Buffer; readonly empty?: boolean }> => {
  const lines = crawlerCsv(fixtureLeads(3)).split("\r\n")
  const random = (seed: number, length: number) => {
    const bytes = Buffer.alloc(length)
    let state = seed
    for (let i = 0; i < length; i++) bytes[i] = (state = (state * 1103515245 + 12345) & 0x7fffffff) >> 16 & 0xff
    return bytes
  }
  return [
    { label: "an unterminated quote", body: Buffer.from(`${HEADER}\r\n"Ann Lee,ann@acme.example,scraped\r\n${lines[2]}\r\n${lines[3]}\r\n`) },
    { label: "an unterminated quote on the last line", body: Buffer.from(`${lines[0]}\r\n${lines[1]}\r\n"never closed,x@y.example`) },
    { label: "100,000 columns", body: Buffer.from(Array.from({ length: 100_000 }, (_, i) => `Column ${i}`).join(",") + "\r\n" + "x,".repeat(99_999) + "x\r\n") },
    { label: "100,000 cells in a row", body: Buffer.from(`${HEADER}\r\n` + "x,".repeat(99_999) + "x\r\n") },
    { label: "a 10 MB field", body: Buffer.from(`${HEADER}\r\n${"A".repeat(10 * 1024 * 1024)},a@b.example,scraped,,,,,,,,,50,COOL,,\r\n`) },
    { label: "a 10 MB quoted field with line breaks", body: Buffer.from(`${HEADER}\r\n"${"line\r\n".repeat(2 * 1024 * 1024)}",a@b.example\r\n`) },
    { label: "a 10 MB header line", body: Buffer.from("N".repeat(10 * 1024 * 1024)) },
    { label: "binary bytes", body: random(7, 64 * 1024) },
    { label: "binary bytes after a header", body: Buffer.concat([Buffer.from(`${HEADER}\r\n`), random(11, 64 * 1024)]) },
    { label: "high bytes without NUL", body: Buffer.concat([Buffer.from(`${HEADER}\r\n`), Buffer.from(Array.from({ length: 4096 }, (_, i) => 0x80 + (i % 0x7f)))]) },
    { label: "a ZIP archive", body: Buffer.concat([Buffer.from([0x50, 0x4b, 0x03, 0x04]), random(3, 2048)]) },
    { label: "UTF-16 with a BOM", body: Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(crawlerCsv(fixtureLeads(2)), "utf16le")]) },
    { label: "an empty file", body: Buffer.alloc(0) },
    { label: "only a header", body: Buffer.from(`${HEADER}\r\n`), empty: true },
    { label: "only a header with a BOM and no line break", body: Buffer.from(`\uFEFF${HEADER}`), empty: true },
    { label: "only line breaks", body: Buffer.from("\r\n\r\n\n\n") }
  ]
}

/** A clear error (400 with a sentence) or an import with nothing in it, never a crash. */
const expectClearRefusal = (answer: Answer, label: string, empty: boolean | undefined) => {
  expect(answer.status, `${label}: ${answer.text.slice(0, 300)}`).toBeLessThan(500)
  if (empty === true) {
    expect(answer.status, label).toBe(200)
    expect(answer.body, label).toMatchObject({ rows_read: 0, imported: 0, error_count: 0 })
    return
  }
  if (answer.status === 200) {
    // The rows the damage does not reach may be imported; the damaged ones are reported.
    expect(answer.body.error_count, label).toBeGreaterThan(0)
    expect(answer.body.errors[0].message.length, label).toBeGreaterThan(10)
  } else {
    expect(answer.status, label).toBe(400)
    expect(["InvalidCsv", "InvalidInput"], label).toContain(answer.body.code)
    expect(answer.body.detail.length, label).toBeGreaterThan(15)
    expect(answer.body.detail.length, `${label}: the message must not echo the file`).toBeLessThan(1000)
  }
}

const BOUNDARY = "----lf-adversarial"
const part = (name: string, body: string) =>
  `--${BOUNDARY}\r\nContent-Disposition: form-data; name="${name}"; filename="x.csv"\r\nContent-Type: text/csv\r\n\r\n${body}\r\n`
/** Multipart bodies a broken or hostile client sends: [label, content type, body]. */
const MALFORMED_FORMS: ReadonlyArray<readonly [string, string, string]> = [
  ["no boundary", "multipart/form-data", part("file", "Name\r\nA")],
  ["a boundary that never comes", `multipart/form-data; boundary=${BOUNDARY}`, "just text, no parts at all"],
  ["a part cut short", `multipart/form-data; boundary=${BOUNDARY}`, `--${BOUNDARY}\r\nContent-Disposition: form-data; name="file"; filename="x.csv"\r\n\r\nName,Email\r\nA,a@b.co`],
  ["a crawler file cut short", `multipart/form-data; boundary=${BOUNDARY}`, `--${BOUNDARY}\r\nContent-Disposition: form-data; name="file"; filename="x.csv"\r\n\r\n${crawlerCsv(fixtureLeads(3))}`],
  ["no file field", `multipart/form-data; boundary=${BOUNDARY}`, part("other", "x") + `--${BOUNDARY}--\r\n`],
  ["headers without an end", `multipart/form-data; boundary=${BOUNDARY}`, `--${BOUNDARY}\r\nContent-Disposition: form-data; name="file"`],
  ["two file fields", `multipart/form-data; boundary=${BOUNDARY}`, part("file", crawlerCsv(fixtureLeads(1))) + part("file", "junk") + `--${BOUNDARY}--\r\n`]
]

/** A form is imported (200) or refused with a sentence (400); nothing else. */
const expectFormAnswer = (answer: Answer, label: string) => {
  expect(answer.status, `${label}: ${answer.text.slice(0, 200)}`).toBeLessThan(500)
  if (answer.status !== 200) {
    expect(answer.status, label).toBe(400)
    expect(answer.body.detail.length, label).toBeGreaterThan(10)
  }
}

const upload = (base: string, token: string, campaignId: string, body: Buffer, asForm = false) => {
  if (!asForm) return call(base, `/api/campaigns/${campaignId}/import`, { token, body, headers: { "content-type": "text/csv" } })
  const form = new FormData()
  form.append("file", new Blob([body], { type: "text/csv" }), "leads.csv")
  return call(base, `/api/campaigns/${campaignId}/import`, { token, body: form })
}

const backends = await databases("csv")
const importDir = scratchFolder("csv-imports")
const outside = scratchFolder("csv-outside")

describe.each(backends)("CSV files on $name", ({ url }) => {
  let server: TestServer
  let user: Awaited<ReturnType<typeof register>>
  const newCampaign = async (config: Record<string, unknown> = {}, name = `CSV ${randomUUID()}`) => {
    const created = await call(server.url, "/api/campaigns", { token: user.token, json: { name, vertical: "vc", config } })
    expect(created.status).toBe(201)
    return created.body.id as string
  }

  beforeAll(async () => {
    server = await startTestServer(url, { LF_IMPORT_DIR: importDir, LF_RUNS_DIR: join(outside, `runs-${randomUUID()}`), LF_WORKER_POLL_MS: "50" })
    user = await register(server.url)
  })
  afterAll(async () => {
    await server?.stop()
  })

  it("refuses formula cells at import, row by row, with a message", async () => {
    const id = await newCampaign()
    const body = [HEADER, ...FORMULAS.map((text, i) => row(text, `formula${i}@example.com`)), row("Plain Person", "plain@example.com")].join("\r\n")
    const answer = await call(server.url, `/api/campaigns/${id}/import`, { token: user.token, body, headers: { "content-type": "text/csv" } })
    expect(answer.status).toBe(200)
    expect(answer.body).toMatchObject({ imported: 1, error_count: FORMULAS.length })
    for (const issue of answer.body.errors) expect(issue.message).toMatch(/formula|spreadsheet/i)
  })

  it("neutralises formula cells on export, in every column, even when they are in the database already", async () => {
    const name = "Leads =1+1\r\nX-Injected: yes \"quoted\""
    const id = await newCampaign({}, name)
    // Rows written by something other than the importer (an older version, a migration, an operator).
    await withInspector(url, async (db) => {
      for (const [i, text] of FORMULAS.entries()) {
        await db.rows(
          `INSERT INTO leads (id, campaign_id, dedupe_key, name, email, email_status, email_source, role, fund, sectors, stage, check_size, hq, linkedin, website, source, score, tier)
           VALUES ($1, $2, $3, $4, $5, 'scraped', $4, $4, $4, $4, $4, $4, $4, $4, $4, $4, $6, 'WARM')`,
          randomUUID(), id, `e:legacy${i}@example.com`, text, `legacy${i}@example.com`, 70 - i
        )
      }
    })
    const response = await fetch(`${server.url}/api/leads/export?campaign_id=${id}`, { headers: { authorization: `Bearer ${user.token}` } })
    expect(response.status).toBe(200)
    expect(response.headers.get("x-injected")).toBeNull()
    expect(response.headers.get("content-disposition")).toMatch(/^attachment; filename="[A-Za-z0-9._-]+\.csv"; filename\*=UTF-8''[A-Za-z0-9%._~-]+$/)
    const rows = parse(await response.text(), { bom: true, relax_column_count: true }) as Array<Array<string>>
    expect(rows.length).toBe(FORMULAS.length + 1)
    let neutralised = 0
    for (const cells of rows.slice(1)) {
      for (const cell of cells) {
        expect(cell, `an exported cell runs as a formula: ${JSON.stringify(cell)}`).not.toMatch(FORMULA_START)
        if (cell.startsWith("'") && FORMULA_START.test(cell.slice(1))) neutralised++
      }
    }
    // Name, Email Status, Role, Fund, Focus Areas, Stage, Check Size, Location, LinkedIn, Website, Source of each row.
    expect(neutralised).toBe(FORMULAS.length * 11)
    // The API's JSON shows the stored values as they are: only the CSV needs the guard.
    const listed = await call(server.url, `/api/leads?campaign_id=${id}&per_page=200`, { token: user.token })
    expect(listed.body.leads.map((lead: { name: string }) => lead.name).sort()).toEqual([...FORMULAS].sort())
  })

  it("answers a clear error or an empty import to every hostile file, as a body or as a form, and stores only what it reports", async () => {
    for (const { body, empty, label } of badFiles()) {
      for (const asForm of [false, true]) {
        const id = await newCampaign()
        const answer = await upload(server.url, user.token, id, body, asForm)
        expectClearRefusal(answer, `${label}${asForm ? " (form)" : ""}`, empty)
        const stored = (await call(server.url, `/api/leads?campaign_id=${id}`, { token: user.token })).body.total
        expect(stored, label).toBe(answer.status === 200 ? answer.body.imported : 0)
        expect(stored, label).toBeLessThanOrEqual(2)
      }
    }
    expect((await call(server.url, "/api/health")).status).toBe(200)
    const failures = server.logs.filter((line) => /"status":5\d\d/.test(line))
    expect(failures).toEqual([])
  })

  it("rejects a line with a NUL byte anywhere in the file, past the first chunk too, and imports the others", async () => {
    // 60 good rows (well past the 4 KB the encoding sniffer reads), then damaged ones, then good ones.
    const good = crawlerCsv(fixtureLeads(80)).split("\r\n")
    const damaged = [row("Null\u0000Byte", "nul1@example.com"), row("Fund Null", "nul2@example.com").replace("\"Fund Null\",\"nul2", "\"Fund Null\",\"nul\u00002")]
    const body = [...good.slice(0, 61), ...damaged, ...good.slice(61)].join("\r\n")
    expect(Buffer.byteLength(body.slice(0, body.indexOf("\u0000")))).toBeGreaterThan(8 * 1024)
    for (const asForm of [false, true]) {
      const id = await newCampaign()
      const answer = await upload(server.url, user.token, id, Buffer.from(body), asForm)
      expect(answer.status, answer.text.slice(0, 300)).toBe(200)
      expect(answer.body).toMatchObject({ imported: 80, error_count: 2 })
      for (const issue of answer.body.errors) expect(issue.message).toMatch(/NUL/)
      expect(answer.body.errors.map((issue: { line: number }) => issue.line)).toEqual([62, 63])
    }
  })

  it("answers malformed multipart uploads with 400, never 5xx", async () => {
    const id = await newCampaign()
    for (const [label, type, body] of MALFORMED_FORMS) expectFormAnswer(await call(server.url, `/api/campaigns/${id}/import`, { token: user.token, body, headers: { "content-type": type } }), label)
    expect((await call(server.url, "/api/health")).status).toBe(200)
  })

  it("reads a run's file only from inside LF_IMPORT_DIR: `..`, absolute paths and links out are refused, and nothing is imported", async () => {
    const secret = crawlerCsv(fixtureLeads(4))
    writeFileSync(join(outside, "secret.csv"), secret)
    mkdirSync(join(importDir, "sub"), { recursive: true })
    writeFileSync(join(importDir, "inside.csv"), crawlerCsv(fixtureLeads(2)))
    symlinkSync(join(outside, "secret.csv"), join(importDir, `link-${randomUUID()}.csv`))
    const link = (await import("node:fs")).readdirSync(importDir).find((name) => name.startsWith("link-"))!
    const linkedDir = `dirlink-${randomUUID()}`
    symlinkSync(outside, join(importDir, linkedDir))

    const refusedAtRequest = ["../csv-outside/secret.csv", join(outside, "secret.csv"), "sub/../../secret.csv", "..\\secret.csv", "..", "", "   ", 42, ["inside.csv"], { path: "inside.csv" }]
    for (const name of refusedAtRequest) {
      const id = await newCampaign({ csv: name })
      const answer = await call(server.url, `/api/campaigns/${id}/run`, { method: "POST", token: user.token })
      expect(answer.status, JSON.stringify(name)).toBe(400)
      expect(answer.body.errors?.[0]?.field ?? answer.body.code, JSON.stringify(name)).toBe("config.csv")
    }

    const refusedAtRun = [link, `${linkedDir}/secret.csv`, "%2e%2e/secret.csv", "sub", "missing.csv"]
    for (const name of refusedAtRun) {
      const id = await newCampaign({ csv: name })
      const queued = await call(server.url, `/api/campaigns/${id}/run`, { method: "POST", token: user.token })
      expect(queued.status, name).toBe(202)
      const ended = await waitFor(`the run of ${name} to end`, async () => {
        const campaign = (await call(server.url, `/api/campaigns/${id}`, { token: user.token })).body
        return campaign.status === "queued" || campaign.status === "running" ? undefined : campaign
      })
      expect(ended, name).toMatchObject({ status: "failed", total_leads: 0, credits_used: 0 })
      expect(ended.error_message, name).toMatch(/import folder|not a file|outside/)
      expect(ended.error_message, `${name}: the message must not show the file`).not.toContain("Investor")
    }
    // The control: a file inside the folder is read.
    const id = await newCampaign({ csv: "inside.csv" })
    expect((await call(server.url, `/api/campaigns/${id}/run`, { method: "POST", token: user.token })).status).toBe(202)
    const done = await waitFor("the inside file's run", async () => {
      const campaign = (await call(server.url, `/api/campaigns/${id}`, { token: user.token })).body
      return campaign.status === "completed" ? campaign : campaign.status === "failed" ? campaign : undefined
    })
    expect(done).toMatchObject({ status: "completed", total_leads: 2 })
  })
})

describe.each(backends)("a server process reading hostile files on $name", ({ url }) => {
  let server: ServerProcess
  let token: string
  /** Growth of the process's peak resident memory in MB allowed for one file, whatever its size. */
  const BOUND_MB = 32

  beforeAll(async () => {
    server = await serverProcess(url)
    token = (await register(server.url)).token
  })
  afterAll(async () => {
    if (server !== undefined) await sigkill(server)
  })

  it(`keeps the peak memory within ${BOUND_MB} MB above its warm level while reading a 10 MB field or 100,000 columns`, async () => {
    const campaign = (await call(server.url, "/api/campaigns", { token, json: { name: "Memory", vertical: "vc" } })).body.id as string
    // Warm up: the code paths of an import and of a refusal are loaded and have run once.
    expect((await upload(server.url, token, campaign, Buffer.from(crawlerCsv(fixtureLeads(50))))).status).toBe(200)
    expect((await upload(server.url, token, campaign, Buffer.from("x,".repeat(20_000)))).status).toBe(400)
    const files = badFiles().filter((file) => /10 MB|100,000/.test(file.label))
    expect(files.length).toBe(5)
    for (const { body, label } of files) {
      for (const asForm of [false, true]) {
        const before = memoryOf(server.child.pid!)
        const answer = await upload(server.url, token, campaign, body, asForm)
        const after = memoryOf(server.child.pid!)
        const growth = after.peakMb - before.peakMb
        console.log(`${label}${asForm ? " (form)" : ""}: ${answer.status}, peak ${before.peakMb.toFixed(0)} → ${after.peakMb.toFixed(0)} MB (+${growth.toFixed(1)})`)
        expectClearRefusal(answer, label, false)
        expect(growth, `${label}: peak memory grew by ${growth.toFixed(1)} MB`).toBeLessThan(BOUND_MB)
      }
    }
    expect((await call(server.url, "/api/health")).status).toBe(200)
    await withInspector(url, async (db) => {
      expect(num((await db.rows<{ n: unknown }>("SELECT COUNT(*) AS n FROM leads WHERE campaign_id = $1", campaign))[0]!.n)).toBe(50)
    })
  })

  it("stays up when a form is cut short, or a client goes away in the middle of an upload", async () => {
    const campaign = (await call(server.url, "/api/campaigns", { token, json: { name: "Cut short", vertical: "vc" } })).body.id as string
    const target = `${server.url}/api/campaigns/${campaign}/import`
    for (const [label, type, body] of MALFORMED_FORMS) {
      expectFormAnswer(await call(server.url, `/api/campaigns/${campaign}/import`, { token, body, headers: { "content-type": type } }), label)
      expect(server.child.exitCode, `the server died of ${label}`).toBeNull()
    }
    const rows = Buffer.from(crawlerCsv(fixtureLeads(3000)))
    for (const [label, type, head] of [
      ["a CSV body", "text/csv", Buffer.alloc(0)],
      ["a form", `multipart/form-data; boundary=${BOUNDARY}`, Buffer.from(`--${BOUNDARY}\r\nContent-Disposition: form-data; name="file"; filename="x.csv"\r\n\r\n`)]
    ] as const) {
      const abort = new AbortController()
      let sent = 0
      const body = new ReadableStream<Uint8Array>({
        async pull(controller) {
          if (sent === 0) controller.enqueue(head)
          controller.enqueue(rows.subarray(sent, sent + 16 * 1024))
          sent += 16 * 1024
          if (sent > 128 * 1024) abort.abort()
          await new Promise((resolve) => setTimeout(resolve, 10))
        }
      })
      const outcome = await fetch(target, { method: "POST", headers: { authorization: `Bearer ${token}`, "content-type": type }, body, duplex: "half", signal: abort.signal } as RequestInit)
        .then((response) => `answered ${response.status}`, (error: unknown) => String(error))
      expect(outcome, label).toMatch(/abort/i)
      await new Promise((resolve) => setTimeout(resolve, 300))
      expect(server.child.exitCode, `the server died of ${label} going away`).toBeNull()
      expect((await call(server.url, "/api/health")).status, label).toBe(200)
    }
  })

  it("serves no file outside the dashboard's folder, however the path is written", async () => {
    const { hostname, port } = new URL(server.url)
    // Raw request targets: fetch would resolve the dot segments before sending them.
    const get = (target: string) =>
      new Promise<{ status: number; text: string }>((resolve, reject) => {
        const request = httpRequest({ host: hostname, port, path: target, headers: { accept: "text/html,*/*" } }, (response) => {
          let text = ""
          response.setEncoding("utf8")
          response.on("data", (chunk: string) => (text += chunk))
          response.on("end", () => resolve({ status: response.statusCode ?? 0, text }))
        })
        request.on("error", reject)
        request.end()
      })
    const targets = [
      "/../../../package.json", "/..%2F..%2F..%2Fpackage.json", "/%2e%2e/%2e%2e/%2e%2e/package.json", "/%252e%252e/%252e%252e/package.json",
      "/..\\..\\..\\package.json", "/....//....//....//package.json", "/lf-dashboard.js/../../../../package.json",
      "/../../../../../../etc/passwd", "/%2e%2e%2f%2e%2e%2f%2e%2e%2f%2e%2e%2fetc%2fpasswd", "/api/../../package.json", "/index.html%00.json"
    ]
    for (const target of targets) {
      const answer = await get(target)
      expect(answer.status, target).toBeLessThan(500)
      expect(answer.text, target).not.toContain("\"workspaces\"")
      expect(answer.text, target).not.toMatch(/root:.*:0:0:/)
    }
  })
})
