/**
 * Encoding detection: turns the file's bytes into UTF-8 for the parser. A file is UTF-8 (a BOM is
 * dropped) unless its bytes are not valid UTF-8, in which case it is read as Windows-1252, the
 * encoding Excel on Windows writes.
 *
 * The choice is made on the first chunk that holds a non-ASCII byte (a prefix of the file, 64 KB
 * or more): Windows-1252 when its bytes are not valid UTF-8, unless valid UTF-8 characters
 * outnumber the invalid bytes (a UTF-8 file with a corrupt spot). Until that chunk nothing is
 * lost: ASCII reads the same in both encodings, so a file whose first non-ASCII byte comes late is
 * still read right. Once UTF-8 is chosen, a later invalid byte is a corrupt spot rather than
 * another encoding: it is replaced by U+FFFD and reported as a warning with its line.
 */
import { isAscii, isUtf8 } from "node:buffer"

export type TextEncodingName = "utf-8" | "windows-1252"

/** Bytes that no CSV file starts with; the message says what the file seems to be. */
export class NotCsvBytes {
  constructor(readonly message: string) {}
}

export interface TranscodedChunk {
  /** The chunk's text as UTF-8. */
  readonly bytes: Buffer
  /** Offset in `bytes` of the first U+FFFD put in place of invalid UTF-8, or -1. */
  readonly replacedAt: number
}

const UTF8_BOM = [0xef, 0xbb, 0xbf] as const
const EMPTY = Buffer.alloc(0)

/** Length of the trailing bytes of `bytes` that start a UTF-8 sequence the chunk cuts short. */
const incompleteTail = (bytes: Buffer): number => {
  const end = bytes.length
  for (let back = 1; back <= 3 && back <= end; back++) {
    const byte = bytes[end - back]!
    if (byte < 0x80) return 0
    if (byte >= 0xc0) {
      const needed = byte >= 0xf0 ? 4 : byte >= 0xe0 ? 3 : 2
      return needed > back ? back : 0
    }
  }
  return 0
}

export class Utf8Transcoder {
  /** The encoding chosen so far; "utf-8" until a non-ASCII byte shows otherwise. */
  encoding: TextEncodingName = "utf-8"
  private decided = false
  private started = false
  private carry: Buffer = EMPTY
  private windows1252 = false

  /** Converts the next chunk; NotCsvBytes when the file starts like UTF-16 or a binary file. */
  push(chunk: Uint8Array): TranscodedChunk | NotCsvBytes {
    let bytes = Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength)
    if (this.carry.length > 0) {
      bytes = Buffer.concat([this.carry, bytes])
      this.carry = EMPTY
    }
    if (!this.started) {
      if (bytes.length < 4) {
        this.carry = bytes
        return { bytes: EMPTY, replacedAt: -1 }
      }
      this.started = true
      const problem = sniffBinary(bytes)
      if (problem !== undefined) return problem
      if (bytes[0] === UTF8_BOM[0] && bytes[1] === UTF8_BOM[1] && bytes[2] === UTF8_BOM[2]) {
        bytes = bytes.subarray(3)
        this.decided = true
      }
    }
    return this.convert(bytes, false)
  }

  /** Flushes what a last chunk left incomplete. */
  end(): TranscodedChunk | NotCsvBytes {
    const rest = this.carry
    this.carry = EMPTY
    if (!this.started && rest.length > 0) {
      this.started = true
      if (rest[0] === UTF8_BOM[0] && rest[1] === UTF8_BOM[1] && rest[2] === UTF8_BOM[2]) {
        return this.convert(rest.subarray(3), true)
      }
    }
    return this.convert(rest, true)
  }

  private convert(bytes: Buffer, last: boolean): TranscodedChunk {
    if (this.windows1252) return { bytes: Buffer.from(decodeWindows1252(bytes), "utf8"), replacedAt: -1 }
    if (!this.decided && isAscii(bytes)) return { bytes, replacedAt: -1 }
    const cut = last ? 0 : incompleteTail(bytes)
    const body = cut === 0 ? bytes : bytes.subarray(0, bytes.length - cut)
    if (cut > 0) this.carry = Buffer.from(bytes.subarray(bytes.length - cut))
    // A lone sequence start cut off at the chunk's end is no evidence yet: wait for its end.
    if (!this.decided && isAscii(body)) return { bytes: body, replacedAt: -1 }
    if (isUtf8(body)) {
      this.decided = true
      return { bytes: body, replacedAt: -1 }
    }
    const asUtf8 = new TextDecoder("utf-8").decode(body)
    if (!this.decided) {
      this.decided = true
      if (!mostlyUtf8(asUtf8)) {
        // Everything before this chunk was ASCII, so switching now loses nothing.
        this.encoding = "windows-1252"
        this.windows1252 = true
        this.carry = EMPTY
        return { bytes: Buffer.from(decodeWindows1252(bytes), "utf8"), replacedAt: -1 }
      }
    }
    const text = Buffer.from(asUtf8, "utf8")
    return { bytes: text, replacedAt: text.indexOf("\uFFFD", 0, "utf8") }
  }
}

/** UTF-16, spreadsheets and archives fail early with a message rather than as garbage rows. */
const sniffBinary = (bytes: Buffer): NotCsvBytes | undefined => {
  if ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff)) {
    return new NotCsvBytes("The file is UTF-16 text; save it as UTF-8 CSV and import it again.")
  }
  if (bytes[0] === 0x50 && bytes[1] === 0x4b && bytes[2] === 0x03 && bytes[3] === 0x04) {
    return new NotCsvBytes("The file is a ZIP archive (an .xlsx workbook?); export the sheet as CSV and import that.")
  }
  const probe = bytes.subarray(0, 4096)
  if (probe.includes(0)) {
    return new NotCsvBytes("The file contains NUL bytes: it is binary or UTF-16, not a CSV text file.")
  }
  return undefined
}

/** Whether text decoded as UTF-8 has more real non-ASCII characters than replacement characters. */
const mostlyUtf8 = (text: string): boolean => {
  let valid = 0
  let replaced = 0
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i)
    if (code === 0xfffd) replaced++
    else if (code >= 0x80) valid++
  }
  return valid > replaced
}

/**
 * Windows-1252 differs from Latin-1 only in 0x80-0x9F (€, curly quotes, dashes…). Node 20's
 * TextDecoder("windows-1252") decodes those bytes as Latin-1 control characters, so the table is ours.
 */
const WINDOWS_1252_HIGH =
  "\u20AC\u0081\u201A\u0192\u201E\u2026\u2020\u2021\u02C6\u2030\u0160\u2039\u0152\u008D\u017D\u008F" +
  "\u0090\u2018\u2019\u201C\u201D\u2022\u2013\u2014\u02DC\u2122\u0161\u203A\u0153\u009D\u017E\u0178"

export const decodeWindows1252 = (bytes: Buffer): string =>
  bytes.toString("latin1").replace(/[\x80-\x9f]/g, (c) => WINDOWS_1252_HIGH[c.charCodeAt(0) - 0x80]!)
