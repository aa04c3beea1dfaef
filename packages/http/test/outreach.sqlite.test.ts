import * as StoreSqlite from "@leadfactory/store-sqlite"
import { mkdtempSync, rmSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { outreachSuite } from "./support/OutreachSuite.js"

outreachSuite("SQLite", async () => {
  const folder = mkdtempSync(join(tmpdir(), "lf-outreach-"))
  const filename = join(folder, "outreach.db")
  return {
    url: `sqlite:${filename}`,
    client: StoreSqlite.clientLayer({ filename }),
    close: async () => rmSync(folder, { recursive: true, force: true })
  }
})
