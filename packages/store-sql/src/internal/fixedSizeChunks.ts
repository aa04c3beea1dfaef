/**
 * Rows split into chunks whose sizes come from a fixed set: whole chunks of `largest` (a power of
 * two), then one chunk per binary digit of the rest (for 256: 128, 64, …, 1). A statement's text depends on
 * its number of rows, and the SQLite driver keeps every text it prepared (200 of them, for 10
 * minutes, each holding its compiled program outside the JavaScript heap): with chunks of any
 * length, a long import prepared and kept a new statement per batch, and its memory grew with the
 * file. With these sizes there are at most log2(largest) + 1 texts per statement.
 */
export const fixedSizeChunks = <A>(items: ReadonlyArray<A>, largest: number): Array<ReadonlyArray<A>> => {
  const chunks: Array<ReadonlyArray<A>> = []
  let start = 0
  for (let size = largest; size >= 1; size = Math.floor(size / 2)) {
    while (items.length - start >= size) {
      chunks.push(items.slice(start, start + size))
      start += size
    }
  }
  return chunks
}
