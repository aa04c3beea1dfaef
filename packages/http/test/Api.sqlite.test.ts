import { mkdtempSync, rmSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { afterAll } from "vitest"
import { apiSuite } from "./support/ApiSuite.js"

const folder = mkdtempSync(join(tmpdir(), "lf-http-"))
afterAll(() => rmSync(folder, { recursive: true, force: true }))

apiSuite("SQLite", async () => `sqlite:${join(folder, "api.db")}`)
