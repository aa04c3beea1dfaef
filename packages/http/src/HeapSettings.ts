/**
 * How the reference server sizes V8's heap (docs/benchmarks.md, "Export memory"). By its own rules
 * V8 grows the young generation from 2 MB to 32 MB (several doublings in a row when a burst of
 * allocation such as an export survives its collections) and, under load, lets the old generation
 * reach up to four times its live size before collecting it: on a machine with plenty of memory,
 * 8,000 list requests took the server from 150 MB to 200–300 MB resident.
 *
 * The best size for the young generation is 8 MB (`--max-semi-space-size=4`), which `npm start`
 * passes to node: V8 reads it only when the process starts. A server started as `node
 * packages/http/dist/main.js` sets, from main.ts before it loads anything else, the two flags that
 * V8 reads whenever it resizes the heap: the young generation keeps its initial 2 MB, at a price in
 * CPU (garbage collection takes about a fifth of the server's time under list load instead of a
 * tenth, and an export of 100,000 leads on SQLite half as long again), and the old generation grows
 * by a set share of its live size between collections (below). A flag of the same family on node's command line or
 * in NODE_OPTIONS wins over each.
 *
 * How far the old generation grows depends on the database. On SQLite, the embedded default, it
 * grows by a quarter of its live size: the server peaked 13 MB lower through list load and a 1M
 * export (130–133 MB against 143–151) and served as many pages (939–1,014 requests/s against
 * 921–988). On PostgreSQL, whose requests keep more in flight while they wait for the pool, a
 * quarter cost 12 % of the pages served (about 680 against 770 requests/s), and the server peaks
 * under 150 MB at half.
 *
 * Allocation-site pretenuring is off on both. V8 watches where objects are made, and when the
 * objects of one place in the code all survive a young collection, it makes that place allocate
 * straight into the old generation from then on. During an export, the rows of a chunk are alive
 * when a collection comes mid-chunk, so whether that happens is a matter of timing: in some server
 * processes it did, and every later export filled the old generation with dead rows (60 full
 * collections per export of 1M leads on SQLite instead of none, 8.9–9.4 s instead of 6.4–7.1, and
 * a peak 5–10 MB higher). `--trace-pretenuring` showed the places switched to the old generation.
 */
import { setFlagsFromString } from "node:v8"
import { type DatabaseKind, databaseKind } from "./DatabaseScheme.js"

interface HeapFlag {
  /** What node's arguments name when they size this part of the heap themselves. */
  readonly family: string
  readonly flag: string
}

const OLD_GENERATION_GROWTH_PERCENT: Record<DatabaseKind, number> = { sqlite: 25, postgres: 50 }

const heapFlags = (database: DatabaseKind): ReadonlyArray<HeapFlag> => [
  { family: "semi-space", flag: "--semi-space-growth-factor=1" },
  { family: "heap-growing-percent", flag: `--heap-growing-percent=${OLD_GENERATION_GROWTH_PERCENT[database]}` },
  { family: "allocation-site-pretenuring", flag: "--no-allocation-site-pretenuring" }
]

/**
 * The flags to set for the database of `databaseUrl` (DATABASE_URL; SQLite's when unset or not
 * understood, which the server refuses later): those whose family neither the command line nor
 * NODE_OPTIONS names.
 */
export const heapFlagsToSet = (
  execArgv: ReadonlyArray<string>,
  nodeOptions: string | undefined,
  databaseUrl: string | undefined
): ReadonlyArray<string> => {
  const given = [...execArgv, nodeOptions ?? ""].join(" ").replaceAll("_", "-")
  return heapFlags(databaseKind(databaseUrl) ?? "sqlite").filter(({ family }) => !given.includes(family)).map(({ flag }) => flag)
}

/** Sets the server's heap flags that node's own arguments leave unset. */
export const applyHeapSettings = (
  execArgv: ReadonlyArray<string>,
  nodeOptions: string | undefined,
  databaseUrl: string | undefined
): void => heapFlagsToSet(execArgv, nodeOptions, databaseUrl).forEach((flag) => setFlagsFromString(flag))
