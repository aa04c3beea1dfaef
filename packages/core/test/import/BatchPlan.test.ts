import { dedupeKey, LeadId, LeadInput } from "@leadfactory/core"
import { describe, expect, it } from "vitest"
import { planBatch, recount, type KnownLead } from "../../src/Import/BatchPlan.js"
import { DryRunMemory } from "../../src/Import/DryRunMemory.js"
import type { LeadRow } from "../../src/Import/LeadRows.js"

let line = 1
const row = (email: string | null, scraped: string | null, name = "Ann Lee"): LeadRow => {
  const lead = new LeadInput({
    name, email, email_status: "scraped", email_source: "scraped", email_verified: false, linkedin: null, phone: null,
    fund: "Acme", role: null, website: null, sectors: null, check_size: null, stage: null, hq: null, score: 50,
    tier: "COOL", source: null, scraped_at: scraped === null ? null : new Date(scraped)
  })
  return { line: ++line, key: dedupeKey(lead), lead }
}
const id = LeadId.make("00000000-0000-4000-8000-000000000001")
const known = (entries: Record<string, string | null>): ReadonlyMap<string, KnownLead> =>
  new Map(Object.entries(entries).map(([key, at]) => [key, { id, scraped_at: at === null ? null : new Date(at) }]))

describe("planBatch", () => {
  it("inserts new keys once, merging repeats: a newer row updates, an older or equal one is unchanged", () => {
    const plan = planBatch(
      [row("a@x.io", "2026-01-02"), row("A@x.io", "2026-01-05"), row("a@x.io", "2026-01-03"), row("b@x.io", null), row("b@x.io", null)],
      new Map(),
      new Set()
    )
    expect(plan.counts).toMatchObject({ imported: 2, updated: 1, unchanged: 2 })
    expect(plan.inserts.map((i) => [i.key, i.lead.scraped_at?.toISOString() ?? null])).toEqual([
      ["e:a@x.io", "2026-01-05T00:00:00.000Z"],
      ["e:b@x.io", null]
    ])
    expect(plan.updates).toEqual([])
  })

  it("updates an existing lead only with a newer Scraped At, once, with the newest row", () => {
    const plan = planBatch(
      [row("a@x.io", "2026-01-01"), row("a@x.io", "2026-01-09"), row("a@x.io", "2026-01-08"), row("c@x.io", "2026-01-01"), row("d@x.io", "2026-01-01")],
      known({ "e:a@x.io": "2026-01-05", "e:c@x.io": null, "e:d@x.io": "2026-01-01" }),
      new Set()
    )
    expect(plan.counts).toMatchObject({ imported: 0, updated: 2, unchanged: 3 })
    expect(plan.updates.map((u) => [u.lead.email, u.lead.scraped_at?.toISOString()])).toEqual([
      ["a@x.io", "2026-01-09T00:00:00.000Z"],
      ["c@x.io", "2026-01-01T00:00:00.000Z"]
    ])
  })

  it("skips and counts suppressed addresses, whatever their case", () => {
    const plan = planBatch([row("Stop@X.io", null), row("ok@x.io", null)], new Map(), new Set(["stop@x.io"]))
    expect(plan.counts).toMatchObject({ suppressed: 1, imported: 1 })
    expect(plan.inserts.map((i) => i.key)).toEqual(["e:ok@x.io"])
  })

  it("keys leads without an email by name and fund", () => {
    const plan = planBatch([row(null, "2026-01-01", "Ann Lee"), row(null, "2026-01-02", "ANN LEE ")], new Map(), new Set())
    expect(plan.counts).toMatchObject({ imported: 1, updated: 1 })
    expect(plan.inserts).toHaveLength(1)
  })

  it("recount moves all rows of a new key to held_back or unchanged", () => {
    const plan = planBatch([row("a@x.io", "2026-01-01"), row("a@x.io", "2026-01-02"), row("a@x.io", "2026-01-01")], new Map(), new Set())
    expect(plan.counts).toMatchObject({ imported: 1, updated: 1, unchanged: 1 })
    recount(plan.keys[0]!, plan.counts, "held_back")
    expect(plan.counts).toMatchObject({ imported: 0, updated: 0, unchanged: 0, held_back: 3 })
  })
})

describe("DryRunMemory", () => {
  it("remembers many keys with their dates, across growth", () => {
    const memory = new DryRunMemory()
    for (let i = 0; i < 50_000; i++) memory.set(`e:person${i}@fund.io`, i % 3 === 0 ? null : new Date(i * 1000))
    expect(memory.get("e:person3@fund.io")).toEqual({ scraped_at: null })
    expect(memory.get("e:person49999@fund.io")).toEqual({ scraped_at: new Date(49_999_000) })
    expect(memory.get("e:nobody@fund.io")).toBeUndefined()
    memory.set("e:person3@fund.io", new Date(5))
    expect(memory.get("e:person3@fund.io")).toEqual({ scraped_at: new Date(5) })
  })
})
