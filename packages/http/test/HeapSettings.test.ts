import { describe, expect, it } from "vitest"
import { heapFlagsToSet } from "../src/HeapSettings.js"

const SQLITE = "sqlite:./data/leadfactory.db"
const POSTGRES = "postgresql+asyncpg://lf@db.example/leads"

describe("the server's heap settings", () => {
  it("are all set when node's arguments size nothing of the heap", () => {
    expect(heapFlagsToSet([], undefined, SQLITE)).toEqual([
      "--semi-space-growth-factor=1",
      "--heap-growing-percent=25",
      "--no-allocation-site-pretenuring"
    ])
    expect(heapFlagsToSet(["--enable-source-maps"], "--max-old-space-size=512", POSTGRES)).toEqual([
      "--semi-space-growth-factor=1",
      "--heap-growing-percent=50",
      "--no-allocation-site-pretenuring"
    ])
  })

  it("let the old generation grow by a quarter on SQLite (the default) and by half on PostgreSQL", () => {
    expect(heapFlagsToSet([], undefined, undefined)).toContain("--heap-growing-percent=25")
    expect(heapFlagsToSet([], undefined, "  ")).toContain("--heap-growing-percent=25")
    expect(heapFlagsToSet([], undefined, "sqlite+aiosqlite:///leads.db")).toContain("--heap-growing-percent=25")
    expect(heapFlagsToSet([], undefined, "postgres://127.0.0.1/leads")).toContain("--heap-growing-percent=50")
    expect(heapFlagsToSet([], undefined, "PostgreSQL://127.0.0.1/leads")).toContain("--heap-growing-percent=50")
    // A URL the server will refuse at start gets SQLite's settings meanwhile.
    expect(heapFlagsToSet([], undefined, "mysql://127.0.0.1/leads")).toContain("--heap-growing-percent=25")
  })

  it("give way, one by one, to flags of the same family on the command line or in NODE_OPTIONS, in either spelling", () => {
    const pretenuringOff = "--no-allocation-site-pretenuring"
    expect(heapFlagsToSet(["--max-semi-space-size=4"], undefined, SQLITE)).toEqual(["--heap-growing-percent=25", pretenuringOff])
    expect(heapFlagsToSet([], "--enable-source-maps --max_semi_space_size=16", POSTGRES)).toEqual([
      "--heap-growing-percent=50",
      pretenuringOff
    ])
    expect(heapFlagsToSet([], "--heap-growing-percent=100", SQLITE)).toEqual(["--semi-space-growth-factor=1", pretenuringOff])
    expect(heapFlagsToSet(["--allocation-site-pretenuring"], undefined, SQLITE)).toEqual([
      "--semi-space-growth-factor=1",
      "--heap-growing-percent=25"
    ])
    expect(heapFlagsToSet(["--min-semi-space-size=2", "--no_allocation_site_pretenuring"], "--heap_growing_percent=20", POSTGRES))
      .toEqual([])
  })
})
