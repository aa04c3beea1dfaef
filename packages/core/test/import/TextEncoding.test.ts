import { describe, expect, it } from "vitest"
import { NotCsvBytes, Utf8Transcoder } from "../../src/Import/TextEncoding.js"

/** Runs bytes through a transcoder in chunks of `size`; the text, the encoding and where U+FFFD went in. */
const transcode = (bytes: Uint8Array, size: number) => {
  const transcoder = new Utf8Transcoder()
  const parts: Array<Buffer> = []
  const replaced: Array<number> = []
  let offset = 0
  const take = (chunk: ReturnType<Utf8Transcoder["push"]>) => {
    if (chunk instanceof NotCsvBytes) throw new Error(chunk.message)
    if (chunk.replacedAt !== -1) replaced.push(offset + chunk.replacedAt)
    offset += chunk.bytes.length
    parts.push(chunk.bytes)
  }
  for (let i = 0; i < bytes.length; i += size) take(transcoder.push(bytes.subarray(i, i + size)))
  take(transcoder.end())
  return { text: Buffer.concat(parts).toString("utf8"), encoding: transcoder.encoding, replaced }
}

const CSV = "Name,Fund\nJosé Núñez,Zürich Capital 🔴\n"
const windows1252 = (text: string) => Buffer.from(new Uint8Array([...text].map((c) => c.charCodeAt(0))))

describe("Utf8Transcoder", () => {
  it("passes UTF-8 through, whatever the chunk size, even when chunks split a character", () => {
    for (const size of [1, 2, 3, 5, 64]) {
      expect(transcode(Buffer.from(CSV, "utf8"), size)).toEqual({ text: CSV, encoding: "utf-8", replaced: [] })
    }
  })

  it("drops a UTF-8 byte order mark", () => {
    for (const size of [1, 2, 4, 100]) {
      expect(transcode(Buffer.from(`\uFEFF${CSV}`, "utf8"), size).text).toBe(CSV)
    }
    expect(transcode(Buffer.from("\uFEFFN", "utf8"), 100).text).toBe("N")
  })

  it("reads bytes that are not UTF-8 as Windows-1252 and says so", () => {
    const latin = "Name,Fund\nJos\u00e9 N\u00fa\u00f1ez,Z\u00fcrich \u20ac Capital\n"
    const bytes = Buffer.concat([windows1252("Name,Fund\nJos\u00e9 N\u00fa\u00f1ez,Z\u00fcrich "), Buffer.from([0x80]), windows1252(" Capital\n")])
    for (const size of [1, 3, 4096]) {
      expect(transcode(bytes, size)).toEqual({ text: latin, encoding: "windows-1252", replaced: [] })
    }
  })

  it("detects Windows-1252 whose first non-ASCII byte comes late, losing nothing before it", () => {
    const head = "Name,Fund\n" + "Ann Lee,Acme\n".repeat(10_000)
    const bytes = Buffer.concat([Buffer.from(head), windows1252("Jos\u00e9,Caf\u00e9\n")])
    const result = transcode(bytes, 65_536)
    expect(result.encoding).toBe("windows-1252")
    expect(result.text).toBe(`${head}Jos\u00e9,Caf\u00e9\n`)
  })

  it("after UTF-8 was seen, replaces a stray invalid byte with U+FFFD and tells where", () => {
    const bytes = Buffer.concat([Buffer.from("Name\nJosé\n", "utf8"), Buffer.from([0xff]), Buffer.from("x\n")])
    const result = transcode(bytes, Buffer.byteLength("Name\nJosé\n"))
    expect(result.encoding).toBe("utf-8")
    expect(result.text).toBe("Name\nJosé\n\uFFFDx\n")
    expect(result.replaced).toEqual([Buffer.byteLength("Name\nJosé\n")])
  })

  it("keeps UTF-8 when valid characters outnumber a corrupt byte in the chunk that decides", () => {
    const bytes = Buffer.concat([Buffer.from("Name\nJosé Zürich\n", "utf8"), Buffer.from([0xff]), Buffer.from("x\n")])
    const result = transcode(bytes, 4096)
    expect(result.encoding).toBe("utf-8")
    expect(result.text).toBe("Name\nJosé Zürich\n\uFFFDx\n")
  })

  it("refuses UTF-16, ZIP workbooks and binary files with a message", () => {
    const message = (bytes: Uint8Array) => {
      const result = new Utf8Transcoder().push(bytes)
      return result instanceof NotCsvBytes ? result.message : "accepted"
    }
    expect(message(Buffer.from("\uFEFFName,Fund\n", "utf16le"))).toMatch(/UTF-16/)
    expect(message(Buffer.from([0x50, 0x4b, 0x03, 0x04, 0x14, 0x00]))).toMatch(/ZIP archive/)
    expect(message(Buffer.from("Name\u0000,Fund\n", "utf8"))).toMatch(/NUL bytes/)
  })
})
