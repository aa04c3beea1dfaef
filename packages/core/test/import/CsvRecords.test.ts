import { describe, expect, it } from "vitest"
import { CsvRecordReader, CsvStopped, MAX_RECORD_CHARS, MAX_RECORD_FIELDS } from "../../src/Import/CsvRecords.js"

/** Parses `text` in chunks of `size` bytes; the records (line: fields or error) and how it stopped. */
const read = (text: string | Buffer, size = 5, delimiter: "," | ";" | "\t" = ",") => {
  const reader = new CsvRecordReader(delimiter)
  const bytes = typeof text === "string" ? Buffer.from(text) : text
  const out: Array<string> = []
  let stopped: CsvStopped | undefined
  const collect = () => {
    for (const r of reader.take()) out.push(`${r.line}: ${r.fields === null ? `ERROR ${r.error}` : r.fields.join("|")}`)
  }
  for (let i = 0; i < bytes.length && stopped === undefined; i += size) {
    stopped = reader.write(bytes.subarray(i, i + size))
    collect()
  }
  stopped ??= reader.end()
  collect()
  return { records: out, stopped }
}

describe("CsvRecordReader", () => {
  it("gives each record the line it starts on, with LF or CRLF", () => {
    for (const eol of ["\n", "\r\n"]) {
      expect(read(["a,b", "1,2", "3,4"].join(eol) + eol).records).toEqual(["1: a|b", "2: 1|2", "3: 3|4"])
    }
  })

  it("keeps commas, quotes and line breaks inside quoted fields; a multi-line record has its first line", () => {
    const csv = "a,b\n\"x, y\",\"say \"\"hi\"\"\"\n\"multi\nline\r\nfield\",z\n5,6\n"
    expect(read(csv, 3).records).toEqual(["1: a|b", "2: x, y|say \"hi\"", "3: multi\nline\r\nfield|z", "6: 5|6"])
    expect(read(csv.replaceAll("\n", "\r\n").replaceAll("\r\r", "\r"), 4).records).toEqual([
      "1: a|b", "2: x, y|say \"hi\"", "3: multi\r\nline\r\nfield|z", "6: 5|6"
    ])
  })

  it("skips blank lines and still numbers the lines of the file", () => {
    expect(read("a,b\n\n1,2\n\n\n3,4\n").records).toEqual(["1: a|b", "3: 1|2", "6: 3|4"])
  })

  it("reports a record with the wrong number of fields as an error of its line and goes on", () => {
    expect(read("a,b\n1,2,3\n4\n\"x\ny\",2,3\n5,6\n").records).toEqual([
      "1: a|b",
      "2: ERROR has 3 fields but the header has 2 (a missing or extra delimiter, or an unquoted delimiter inside a value?)",
      "3: ERROR has 1 fields but the header has 2 (a missing or extra delimiter, or an unquoted line break?)",
      "4: ERROR has 3 fields but the header has 2 (a missing or extra delimiter, or an unquoted delimiter inside a value?)",
      "6: 5|6"
    ])
  })

  it("reports a stray quote once per record", () => {
    const { records } = read("a,b\n1,2\nab\"c,d\"e\n4,5\n")
    expect(records[0]).toBe("1: a|b")
    expect(records[1]).toBe("2: 1|2")
    expect(records[2]).toMatch(/^3: ERROR has a quote/)
    expect(records.slice(3)).toEqual(["4: 4|5"])
  })

  it("reports a quote never closed at the end of the file at the line where its record starts", () => {
    expect(read("a,b\n1,2\n3,\"4\n5,6\n7,8\n").records).toEqual([
      "1: a|b",
      "2: 1|2",
      "3: ERROR a quoted field that starts in this record is never closed"
    ])
  })

  it("reads semicolon and tab files", () => {
    expect(read("a;b\n1,5;2\n", 4, ";").records).toEqual(["1: a|b", "2: 1,5|2"])
    expect(read("a\tb\n1\t2\n", 4, "\t").records).toEqual(["1: a|b", "2: 1|2"])
  })

  it("stops at a record longer than MAX_RECORD_CHARS, naming the line where it starts", () => {
    const huge = `a,b\n1,2\n3,"${"x".repeat(MAX_RECORD_CHARS + 10)}"\n5,6\n`
    const { records, stopped } = read(huge, 64 * 1024)
    expect(records).toEqual(["1: a|b", "2: 1|2"])
    expect(stopped).toBeInstanceOf(CsvStopped)
    expect(stopped?.line).toBe(3)
    expect(stopped?.message).toMatch(/longer than 1,000,000 characters/)
  })

  it("stops at a record with more than MAX_RECORD_FIELDS fields, within a chunk or across chunks", () => {
    const wide = `a,b\n1,2\n${",".repeat(MAX_RECORD_FIELDS + 5)}\n`
    for (const size of [7, 1 << 20]) {
      const { records, stopped } = read(wide, size)
      expect(records).toEqual(["1: a|b", "2: 1|2"])
      expect(stopped?.line).toBe(3)
      expect(stopped?.message).toMatch(/more than 10,000 fields/)
    }
  })
})
