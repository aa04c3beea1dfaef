// Where the benchmark reads and writes: the repository, bench/out (git-ignored) and the generator.
import { mkdirSync } from "node:fs"
import { join } from "node:path"
import { fileURLToPath } from "node:url"

export const REPO = fileURLToPath(new URL("../../", import.meta.url))
/** Logs, the generated CSV files and the filled databases (see bench/README.md). */
export const OUT = join(REPO, "bench", "out")
export const CACHE = join(OUT, "cache")
export const GENERATOR = join(REPO, "bench", "gen-leads.mjs")

for (const dir of [OUT, CACHE, join(OUT, "logs")]) mkdirSync(dir, { recursive: true })
