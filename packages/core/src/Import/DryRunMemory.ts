/**
 * What a dry run has "written": for each dedupe key of the file, the scraped_at of the lead it
 * would have saved. A dry run writes nothing, so a key's second appearance in a later batch can
 * only be recognised from here. Keys are kept as 64-bit hashes in typed arrays rather than as
 * strings (25 to 50 bytes a key, about 40 MB for a million distinct leads); a collision of two keys
 * (odds about 1 in 30 million for a million keys) would only miscount one row of a dry run.
 */

/** Stands for a null scraped_at. */
const NO_DATE = Number.NEGATIVE_INFINITY

const hashPair = (key: string): readonly [number, number] => {
  // cyrb53's two lanes: 2 x 32 bits, well mixed, no allocation.
  let h1 = 0xdeadbeef, h2 = 0x41c6ce57
  for (let i = 0; i < key.length; i++) {
    const c = key.charCodeAt(i)
    h1 = Math.imul(h1 ^ c, 2654435761)
    h2 = Math.imul(h2 ^ c, 1597334677)
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909)
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909)
  return [h1 >>> 0, h2 >>> 0]
}

export class DryRunMemory {
  private capacity = 1 << 12
  private size = 0
  private used = new Uint8Array(this.capacity)
  private high = new Uint32Array(this.capacity)
  private low = new Uint32Array(this.capacity)
  private dates = new Float64Array(this.capacity)

  /** The remembered lead: whether the key was seen, and its scraped_at (null when none). */
  get(key: string): { readonly scraped_at: Date | null } | undefined {
    const [h, l] = hashPair(key)
    const slot = this.find(h, l)
    if (!this.used[slot]) return undefined
    const time = this.dates[slot]!
    return { scraped_at: time === NO_DATE ? null : new Date(time) }
  }

  set(key: string, scrapedAt: Date | null): void {
    if ((this.size + 1) * 10 > this.capacity * 7) this.grow()
    const [h, l] = hashPair(key)
    const slot = this.find(h, l)
    if (!this.used[slot]) {
      this.used[slot] = 1
      this.high[slot] = h
      this.low[slot] = l
      this.size++
    }
    this.dates[slot] = scrapedAt === null ? NO_DATE : scrapedAt.getTime()
  }

  private find(h: number, l: number): number {
    const mask = this.capacity - 1
    let slot = (h ^ Math.imul(l, 0x9e3779b1)) & mask
    while (this.used[slot] && (this.high[slot] !== h || this.low[slot] !== l)) slot = (slot + 1) & mask
    return slot
  }

  private grow(): void {
    const { used, high, low, dates } = this
    this.capacity *= 2
    this.used = new Uint8Array(this.capacity)
    this.high = new Uint32Array(this.capacity)
    this.low = new Uint32Array(this.capacity)
    this.dates = new Float64Array(this.capacity)
    for (let i = 0; i < used.length; i++) {
      if (!used[i]) continue
      const slot = this.find(high[i]!, low[i]!)
      this.used[slot] = 1
      this.high[slot] = high[i]!
      this.low[slot] = low[i]!
      this.dates[slot] = dates[i]!
    }
  }
}
