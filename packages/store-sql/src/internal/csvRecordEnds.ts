/**
 * CRLF record ends for a CSV stream that ends its records with LF (PostgreSQL's COPY … CSV): an LF
 * outside quotes becomes CRLF, an LF inside a quoted cell stays as it is. The bytes are scanned,
 * never decoded, and whether a record ended inside quotes carries over from chunk to chunk.
 */
const QUOTE = 0x22
const LF = 0x0a
const CR = 0x0d

const asBuffer = (bytes: Uint8Array): Buffer =>
  Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength)

/**
 * A converter for one stream: give it the stream's pieces in order, a few at a time as they arrive;
 * it returns each call's pieces as one buffer (one write to the socket instead of several).
 */
export const makeCrlfRecordEnds = (): ((pieces: Iterable<Uint8Array>) => Uint8Array) => {
  let quoted = false

  /** The positions of the LFs that end records in `bytes`, in order. */
  const recordEndsOf = (bytes: Buffer): Array<number> => {
    const ends: Array<number> = []
    // The next quote and the next LF at or after the scan position, found with native searches.
    let quote = bytes.indexOf(QUOTE)
    let lf = bytes.indexOf(LF)
    for (;;) {
      if (quoted) {
        if (quote === -1) break
        // A closing quote, or the first of a doubled one: the second reopens on the next turn.
        quoted = false
        const position = quote + 1
        quote = bytes.indexOf(QUOTE, position)
        if (lf !== -1 && lf < position) lf = bytes.indexOf(LF, position)
      } else if (lf !== -1 && (quote === -1 || lf < quote)) {
        ends.push(lf)
        lf = bytes.indexOf(LF, lf + 1)
      } else if (quote !== -1) {
        quoted = true
        quote = bytes.indexOf(QUOTE, quote + 1)
      } else {
        break
      }
    }
    return ends
  }

  return (pieces) => {
    const scanned: Array<{ readonly bytes: Buffer; readonly ends: Array<number> }> = []
    let length = 0
    for (const piece of pieces) {
      const bytes = asBuffer(piece)
      const ends = recordEndsOf(bytes)
      scanned.push({ bytes, ends })
      length += bytes.length + ends.length
    }
    if (scanned.length === 1 && scanned[0]!.ends.length === 0) return scanned[0]!.bytes
    const out = Buffer.allocUnsafe(length)
    let to = 0
    for (const { bytes, ends } of scanned) {
      let from = 0
      for (const end of ends) {
        to += bytes.copy(out, to, from, end)
        out[to++] = CR
        from = end
      }
      to += bytes.copy(out, to, from)
    }
    return out
  }
}
