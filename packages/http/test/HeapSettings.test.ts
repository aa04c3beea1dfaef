import { describe, expect, it } from "vitest"
import { heapFlagsToSet } from "../src/HeapSettings.js"

describe("the server's heap settings", () => {
  it("are all set when node's arguments size nothing of the heap", () => {
    expect(heapFlagsToSet([], undefined)).toEqual(["--semi-space-growth-factor=1", "--heap-growing-percent=50"])
    expect(heapFlagsToSet(["--enable-source-maps"], "--max-old-space-size=512")).toEqual([
      "--semi-space-growth-factor=1",
      "--heap-growing-percent=50"
    ])
  })

  it("give way, one by one, to flags of the same family on the command line or in NODE_OPTIONS, in either spelling", () => {
    expect(heapFlagsToSet(["--max-semi-space-size=4"], undefined)).toEqual(["--heap-growing-percent=50"])
    expect(heapFlagsToSet([], "--enable-source-maps --max_semi_space_size=16")).toEqual(["--heap-growing-percent=50"])
    expect(heapFlagsToSet([], "--heap-growing-percent=100")).toEqual(["--semi-space-growth-factor=1"])
    expect(heapFlagsToSet(["--min-semi-space-size=2"], "--heap_growing_percent=20")).toEqual([])
  })
})
