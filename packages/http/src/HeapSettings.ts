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
 * by half its live size between collections. A flag of the same family on node's command line or
 * in NODE_OPTIONS wins over each.
 */
import { setFlagsFromString } from "node:v8"

interface HeapFlag {
  /** What node's arguments name when they size this part of the heap themselves. */
  readonly family: string
  readonly flag: string
}

const HEAP_FLAGS: ReadonlyArray<HeapFlag> = [
  { family: "semi-space", flag: "--semi-space-growth-factor=1" },
  { family: "heap-growing-percent", flag: "--heap-growing-percent=50" }
]

/** The flags to set: those whose family neither the command line nor NODE_OPTIONS names. */
export const heapFlagsToSet = (execArgv: ReadonlyArray<string>, nodeOptions: string | undefined): ReadonlyArray<string> => {
  const given = [...execArgv, nodeOptions ?? ""].join(" ").replaceAll("_", "-")
  return HEAP_FLAGS.filter(({ family }) => !given.includes(family)).map(({ flag }) => flag)
}

/** Sets the server's heap flags that node's own arguments leave unset. */
export const applyHeapSettings = (execArgv: ReadonlyArray<string>, nodeOptions: string | undefined): void =>
  heapFlagsToSet(execArgv, nodeOptions).forEach((flag) => setFlagsFromString(flag))
