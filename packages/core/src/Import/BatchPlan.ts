/**
 * The dedupe rules of one batch, as a pure function: given the batch's rows in file order, the
 * leads that already exist for their keys and the suppressed addresses, which leads to insert,
 * which to update, and how each row counts.
 *
 * Every row that reaches a batch counts exactly once: suppressed, imported (the first row of a key
 * the campaign does not have), updated (its Scraped At is newer than that of the lead as it stands,
 * counting the rows before it in the file), or unchanged (the rest). So a key repeated in one file
 * counts as one import followed by updates or unchanged rows, the same whether its repeats fall in
 * the same batch or in later ones, and whatever the batch size.
 */
import type { LeadId, LeadInput } from "../Lead.js"
import type { KeyedLead } from "../ports/LeadStore.js"
import type { LeadRow } from "./LeadRows.js"

/** A lead the campaign has (or, in a dry run, would have) for a key. */
export interface KnownLead {
  /** Null for a lead only a dry run "wrote". */
  readonly id: LeadId | null
  readonly scraped_at: Date | null
}

export interface BatchCounts {
  imported: number
  updated: number
  unchanged: number
  suppressed: number
  held_back: number
  /** New leads with an email. */
  with_email: number
}

/** One key of the batch after its rows were merged. */
export interface MergedKey {
  readonly key: string
  /** The lead to write: the newest of the key's rows (null when no row beat the existing lead). */
  lead: LeadInput | null
  scraped_at: Date | null
  readonly existingId: LeadId | null
  readonly isNew: boolean
  /** Rows merged into this key, and how many of them counted as updated. */
  rows: number
  updates: number
}

export interface BatchPlan {
  readonly counts: BatchCounts
  readonly keys: ReadonlyArray<MergedKey>
  readonly inserts: ReadonlyArray<KeyedLead>
  readonly updates: ReadonlyArray<{ readonly id: LeadId; readonly lead: LeadInput }>
}

/** A row replaces what is known when it has a Scraped At and what is known has none or an older one. */
export const isNewer = (incoming: Date | null, known: Date | null): boolean =>
  incoming !== null && (known === null || incoming.getTime() > known.getTime())

export const emptyCounts = (): BatchCounts => ({
  imported: 0,
  updated: 0,
  unchanged: 0,
  suppressed: 0,
  held_back: 0,
  with_email: 0
})

export const planBatch = (
  rows: ReadonlyArray<LeadRow>,
  existing: ReadonlyMap<string, KnownLead>,
  suppressed: ReadonlySet<string>
): BatchPlan => {
  const counts = emptyCounts()
  const merged = new Map<string, MergedKey>()
  for (const row of rows) {
    const email = row.lead.email
    if (email !== null && suppressed.size > 0 && suppressed.has(email.toLowerCase())) {
      counts.suppressed++
      continue
    }
    const entry = merged.get(row.key)
    if (entry === undefined) {
      const known = existing.get(row.key)
      if (known === undefined) {
        merged.set(row.key, { key: row.key, lead: row.lead, scraped_at: row.lead.scraped_at, existingId: null, isNew: true, rows: 1, updates: 0 })
        counts.imported++
        continue
      }
      const fresh: MergedKey = { key: row.key, lead: null, scraped_at: known.scraped_at, existingId: known.id, isNew: false, rows: 0, updates: 0 }
      merged.set(row.key, fresh)
      merge(fresh, row.lead, counts)
    } else {
      merge(entry, row.lead, counts)
    }
  }
  const keys = [...merged.values()]
  const inserts: Array<KeyedLead> = []
  const updates: Array<{ id: LeadId; lead: LeadInput }> = []
  for (const entry of keys) {
    if (entry.isNew) inserts.push({ key: entry.key, lead: entry.lead! })
    else if (entry.lead !== null && entry.existingId !== null) updates.push({ id: entry.existingId, lead: entry.lead })
  }
  return { counts, keys, inserts, updates }
}

const merge = (entry: MergedKey, lead: LeadInput, counts: BatchCounts): void => {
  entry.rows++
  if (isNewer(lead.scraped_at, entry.scraped_at)) {
    entry.lead = lead
    entry.scraped_at = lead.scraped_at
    entry.updates++
    counts.updated++
  } else {
    counts.unchanged++
  }
}

/**
 * Moves a new key's rows out of imported/updated/unchanged: to `held_back` when a campaign run did
 * not admit the lead, to `unchanged` when another import inserted the key first.
 */
export const recount = (entry: MergedKey, counts: BatchCounts, to: "held_back" | "unchanged"): void => {
  counts.imported -= 1
  counts.updated -= entry.updates
  counts.unchanged -= entry.rows - 1 - entry.updates
  counts[to] += entry.rows
}
