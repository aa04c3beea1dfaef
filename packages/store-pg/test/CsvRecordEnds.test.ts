/**
 * The CRLF record ends of the COPY export (store-sql's internal/csvRecordEnds.ts), wherever the
 * socket happens to cut the bytes: inside a quoted cell, between a doubled quote, inside a
 * character of several bytes.
 */
import { describe, expect, it } from "vitest"
import { makeCrlfRecordEnds } from "../../store-sql/src/internal/csvRecordEnds.js"

// As COPY … (FORMAT csv) writes records: LF at the end of each, line breaks and quotes inside quoted cells.
const COPY_OUTPUT = [
  "plain,,'=1+1,72.5,HOT,2024-05-01T09:30:00\n",
  "\"two\nlines\",\"Ann \"\"AJ\"\" Lee\",\"AI, SaaS\",50,WARM,\n",
  "\"\"\"\",\"\"\"\"\"\",\"crlf\r\ninside\",\"ends with\n\",0.000015,COLD,\n",
  "Zürich,東京,emoji 🚀,\"\n\",\"\",100,HOT,2026-02-20T00:00:00.001\n"
].join("")

const EXPECTED = [
  "plain,,'=1+1,72.5,HOT,2024-05-01T09:30:00\r\n",
  "\"two\nlines\",\"Ann \"\"AJ\"\" Lee\",\"AI, SaaS\",50,WARM,\r\n",
  "\"\"\"\",\"\"\"\"\"\",\"crlf\r\ninside\",\"ends with\n\",0.000015,COLD,\r\n",
  "Zürich,東京,emoji 🚀,\"\n\",\"\",100,HOT,2026-02-20T00:00:00.001\r\n"
].join("")

/** The bytes through one converter, handed over as `pulls` (each a list of pieces). */
const convert = (pulls: ReadonlyArray<ReadonlyArray<Uint8Array>>): string => {
  const crlfRecordEnds = makeCrlfRecordEnds()
  return Buffer.concat(pulls.map((pieces) => crlfRecordEnds(pieces))).toString("utf8")
}

describe("CRLF record ends of COPY's CSV", () => {
  const bytes = Buffer.from(COPY_OUTPUT, "utf8")

  it("ends each record with CRLF and leaves line breaks inside quoted cells alone", () => {
    expect(convert([[bytes]])).toBe(EXPECTED)
  })

  it("gives the same bytes wherever the input is cut, and however the pieces are grouped", () => {
    for (let cut = 0; cut <= bytes.length; cut++) {
      const first = bytes.subarray(0, cut)
      const rest = bytes.subarray(cut)
      expect(convert([[first], [rest]])).toBe(EXPECTED)
      expect(convert([[first, rest]])).toBe(EXPECTED)
    }
    // One byte at a time, as Uint8Arrays that are not Buffers.
    expect(convert([...bytes].map((byte) => [Uint8Array.of(byte)]))).toBe(EXPECTED)
  })
})
