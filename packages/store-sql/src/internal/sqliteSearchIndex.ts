/**
 * SQLite's index for a search by a rare term: an FTS5 trigram index over the leads' searched text
 * (leadQuery.ts searchedText), kept in step with the leads by triggers. A search asks it only for
 * the leads that hold the term's rarest trigrams; the LIKE of leadConditions still decides which of
 * them match, so a search answers exactly what reading the campaign answers, only sooner.
 *
 * Why only the rarest trigrams: a MATCH of the whole term reads the list of every trigram of it,
 * and some are in most leads (`.io`, `cap`, `par`); a search for one address then read a million
 * entries (56 ms at 1M leads). Why not always: a common term ("partner") is found within the first
 * leads of the campaign in score order, sooner than its hundred thousand candidates are read.
 */
import type { SqlClient } from "@effect/sql/SqlClient"
import type { SqlError } from "@effect/sql/SqlError"
import type { Fragment } from "@effect/sql/Statement"
import { Effect, Schema } from "effect"
import { DbNumber } from "./dbValues.js"
import { searchedText, SEARCH_SEPARATOR } from "./leadQuery.js"

/**
 * A search with at most this many candidates reads them (a few microseconds each, then a sort);
 * with more, the term is common, and reading the campaign in score order finds a page sooner.
 */
const MAX_CANDIDATES = 5_000

/**
 * A trigram's leads are estimated from where its list reaches this many entries (lists are in
 * rowid order): reading a few hundred entries costs microseconds, a common trigram's whole list
 * (`.co`, 1.2M entries) 70 ms.
 */
const SAMPLED_ENTRIES = 500

/** At most this many trigrams of a term are probed, spread over it. */
const MAX_PROBED_TRIGRAMS = 24

/**
 * At most this many trigrams, the rarest that do not overlap, are matched together: each one more
 * narrows the candidates at the cost of reading its list. Overlapping ones (`aar`, `aro`) are
 * mostly in the same leads and narrow little.
 */
const MAX_MATCHED_TRIGRAMS = 3

/**
 * The index, an external-content FTS5 table: it keeps the trigrams only, and reads the searched
 * text from the view leads_searched_text when asked to rebuild or check itself. `detail=none` keeps
 * no positions (candidates are matched by trigram, never by phrase) and `columnsize=0` no token
 * counts (nothing is ranked): a third of the size and half the build time of the defaults. The
 * default `case_sensitive 0` folds case alike in the leads and in the term, so the candidates hold
 * every lead that the LIKE, case-insensitive for ASCII, can match.
 *
 * It names leads by rowid, which leads (its key is a TEXT id) does not declare: a VACUUM may
 * renumber them, after which `INSERT INTO leads_search (leads_search) VALUES ('rebuild')` is due.
 */
export const createSqliteSearchIndex = (sql: SqlClient): Effect.Effect<void, SqlError> =>
  Effect.gen(function*() {
    const text = (row?: "new" | "old") => sql.literal(searchedText(sql, row))
    yield* sql`CREATE VIEW leads_searched_text AS SELECT rowid AS lead_rowid, ${text()} AS searched FROM leads`
    yield* sql`CREATE VIRTUAL TABLE leads_search USING fts5(
      searched, content = 'leads_searched_text', content_rowid = 'lead_rowid',
      tokenize = 'trigram', detail = 'none', columnsize = 0
    )`
    // An external-content index forgets a row by being told the text it had.
    const removeOld = sql`INSERT INTO leads_search (leads_search, rowid, searched) VALUES ('delete', old.rowid, ${text("old")})`
    const addNew = sql`INSERT INTO leads_search (rowid, searched) VALUES (new.rowid, ${text("new")})`
    yield* sql`CREATE TRIGGER leads_search_insert AFTER INSERT ON leads BEGIN ${addNew}; END`
    yield* sql`CREATE TRIGGER leads_search_delete AFTER DELETE ON leads BEGIN ${removeOld}; END`
    // A re-import rewrites every column of a lead; the index changes only when the searched text does.
    yield* sql`CREATE TRIGGER leads_search_update AFTER UPDATE OF name, fund, email, role ON leads
      WHEN ${text("old")} IS NOT ${text("new")}
      BEGIN ${removeOld}; ${addNew}; END`
    yield* sql`INSERT INTO leads_search (leads_search) VALUES ('rebuild')`
    // One segment instead of the rebuild's dozens: a probe then reads one list per trigram.
    yield* sql`INSERT INTO leads_search (leads_search) VALUES ('optimize')`
  })

interface Trigram {
  readonly text: string
  /** Where it starts in the term, in characters. */
  readonly at: number
}

/** A term's distinct trigrams (of characters, as FTS5 cuts them), at most MAX_PROBED_TRIGRAMS spread over it. */
const trigramsOf = (term: string): ReadonlyArray<Trigram> => {
  const characters = Array.from(term)
  const seen = new Set<string>()
  const all: Array<Trigram> = []
  for (let at = 0; at + 3 <= characters.length; at++) {
    const text = characters.slice(at, at + 3).join("")
    if (!seen.has(text)) all.push({ text, at })
    seen.add(text)
  }
  if (all.length <= MAX_PROBED_TRIGRAMS) return all
  const step = (all.length - 1) / (MAX_PROBED_TRIGRAMS - 1)
  return Array.from({ length: MAX_PROBED_TRIGRAMS }, (_, i) => all[Math.round(i * step)]!)
}

/** An FTS5 string: the trigram tokenizer reads a three-character string as exactly that trigram. */
const ftsString = (trigram: Trigram) => `"${trigram.text.replaceAll("\"", "\"\"")}"`

const decodeProbes = Schema.decodeUnknown(Schema.Array(Schema.Struct({
  at: DbNumber,
  reached: Schema.NullOr(DbNumber),
  sampled: DbNumber,
  last: Schema.NullOr(DbNumber)
})))

const decodeCount = Schema.decodeUnknown(Schema.Tuple(Schema.Struct({ count: DbNumber })))

/**
 * The condition that keeps a search by `term` to the leads of the index holding its rarest
 * trigrams, or undefined when the index cannot help and the search reads the campaign: on
 * PostgreSQL (its own trigram index serves the LIKE), for a term shorter than a trigram or holding
 * the column separator (matched column by column), and for a common term, whose trigrams are
 * together in more than MAX_CANDIDATES leads.
 */
export const searchCandidates = (
  sql: SqlClient,
  term: string | undefined
): Effect.Effect<Fragment | undefined, SqlError> =>
  Effect.gen(function*() {
    const isSqlite = sql.onDialectOrElse({ sqlite: () => true, orElse: () => false })
    // NUL ends a string in FTS5's query parser.
    if (!isSqlite || term === undefined || term.includes(SEARCH_SEPARATOR) || term.includes("\u0000")) return undefined
    const trigrams = trigramsOf(term)
    if (trigrams.length === 0) return undefined
    // Per trigram: the rowid of its SAMPLED_ENTRIES-th lead (none when it has fewer) and its leads up to that.
    const probes = yield* sql`SELECT probe.key AS at,
        (SELECT rowid FROM leads_search WHERE leads_search MATCH probe.value LIMIT 1 OFFSET ${SAMPLED_ENTRIES - 1}) AS reached,
        (SELECT COUNT(*) FROM (SELECT 1 FROM leads_search WHERE leads_search MATCH probe.value LIMIT ${SAMPLED_ENTRIES})) AS sampled,
        (SELECT MAX(rowid) FROM leads) AS last
      FROM json_each(${JSON.stringify(trigrams.map(ftsString))}) AS probe`.pipe(Effect.flatMap(decodeProbes), Effect.orDie)
    // Leads spread evenly over rowids: a list that reached its sample at a tenth of the rowids holds ten samples.
    const estimated = probes
      .map((probe) => ({
        trigram: trigrams[probe.at]!,
        leads: probe.reached === null || probe.last === null ? probe.sampled : SAMPLED_ENTRIES * (probe.last / probe.reached)
      }))
      .sort((a, b) => a.leads - b.leads)
    const matched: Array<(typeof estimated)[number]> = []
    for (const candidate of estimated) {
      const overlaps = matched.some((chosen) => Math.abs(chosen.trigram.at - candidate.trigram.at) < 3)
      if (!overlaps && matched.length < MAX_MATCHED_TRIGRAMS) matched.push(candidate)
    }
    const match = matched.map(({ trigram }) => ftsString(trigram)).join(" AND ")
    // Counted, not estimated: common trigrams can be together in few leads (a first name, a last
    // name and a domain), and the estimates are rough.
    const [candidates] = yield* sql`SELECT COUNT(*) AS count FROM (
        SELECT 1 FROM leads_search WHERE leads_search MATCH ${match} LIMIT ${MAX_CANDIDATES}
      ) capped`.pipe(Effect.flatMap(decodeCount), Effect.orDie)
    return candidates.count < MAX_CANDIDATES
      ? sql`rowid IN (SELECT rowid FROM leads_search WHERE leads_search MATCH ${match})`
      : undefined
  })
