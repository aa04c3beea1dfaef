/**
 * Delimiter detection: comma, semicolon (Excel in much of Europe) or tab, whichever separates the
 * most cells of the header line. Quoted text is not counted; a one-column header means comma.
 */

export type Delimiter = "," | ";" | "\t"

const CANDIDATES: ReadonlyArray<readonly [Delimiter, number]> = [[",", 0x2c], [";", 0x3b], ["\t", 0x09]]

/** The delimiter of a file whose first line (without its line break) is `headerLine`. */
export const detectDelimiter = (headerLine: Uint8Array): Delimiter => {
  const counts = new Map<number, number>(CANDIDATES.map(([, code]) => [code, 0]))
  let quoted = false
  for (const byte of headerLine) {
    if (byte === 0x22) quoted = !quoted
    else if (!quoted && counts.has(byte)) counts.set(byte, counts.get(byte)! + 1)
  }
  let best: Delimiter = ","
  let bestCount = 0
  for (const [delimiter, code] of CANDIDATES) {
    const count = counts.get(code)!
    if (count > bestCount) {
      best = delimiter
      bestCount = count
    }
  }
  return best
}

/** How the summary shows a delimiter: the tab as a word. */
export const delimiterLabel = (delimiter: Delimiter): string => (delimiter === "\t" ? "tab" : delimiter)
