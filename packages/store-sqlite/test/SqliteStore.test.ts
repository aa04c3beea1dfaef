import { serviceContractSuite, storeContractSuite } from "@leadfactory/core/testing"
import * as StoreSqlite from "@leadfactory/store-sqlite"
import { mkdtempSync, rmSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { afterAll } from "vitest"

const folder = mkdtempSync(join(tmpdir(), "lf-store-sqlite-"))
afterAll(() => rmSync(folder, { recursive: true, force: true }))

// The database file's folder does not exist yet: the store creates it.
const filename = join(folder, "not-yet", "leadfactory.db")
storeContractSuite("SQLite file", () => StoreSqlite.layer({ filename }))
serviceContractSuite("SQLite file", () => StoreSqlite.layer({ filename }))

// An in-memory database lives as long as its connection: every build of the stores shares this one.
const memory = StoreSqlite.clientLayer({ filename: ":memory:" })
storeContractSuite("SQLite in memory", () => StoreSqlite.layerWithClient(memory))
serviceContractSuite("SQLite in memory", () => StoreSqlite.layerWithClient(memory))
