/** The synthetic lead generator (bench/gen-leads.mjs, a copy of the team's shared one). */
import { execFileSync } from "node:child_process"
import { mkdtempSync, openSync, closeSync, readFileSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { fileURLToPath } from "node:url"

/** packages/core/test/import → the repository's parent, which holds shared/. */
export const GENERATOR = fileURLToPath(new URL("../../../../bench/gen-leads.mjs", import.meta.url))

export interface Manifest {
  readonly rows: number
  readonly duplicates: number
  readonly naEmails: number
  readonly bad: ReadonlyArray<{ readonly record: number; readonly kind: string }>
}

/** Writes a generated file into a fresh temporary folder; returns its path and manifest. */
export const generateLeads = (options: {
  readonly rows: number
  readonly seed?: string
  readonly badRate?: number
  readonly eol?: "lf" | "crlf"
  readonly unterminatedTail?: boolean
}): { readonly file: string; readonly manifest: Manifest } => {
  const dir = mkdtempSync(join(tmpdir(), "lf-import-"))
  const file = join(dir, "leads.csv")
  const manifestFile = join(dir, "manifest.json")
  const args = [GENERATOR, "--rows", String(options.rows), "--seed", options.seed ?? "1", "--manifest", manifestFile]
  if (options.badRate !== undefined) args.push("--bad-rate", String(options.badRate))
  if (options.eol !== undefined) args.push("--eol", options.eol)
  if (options.unterminatedTail === true) args.push("--unterminated-tail")
  const out = openSync(file, "w")
  try {
    execFileSync(process.execPath, args, { stdio: ["ignore", out, "inherit"] })
  } finally {
    closeSync(out)
  }
  return { file, manifest: JSON.parse(readFileSync(manifestFile, "utf8")) as Manifest }
}

/** Kinds of bad record the importer must reject; bad-email rows are kept (email null, a warning). */
const REJECTED_KINDS = new Set(["missing-name", "bad-score", "formula", "overlong", "bad-date", "field-count"])

/**
 * What importing a generated file must give, worked out from the manifest and a plain parse of the
 * file (csv-parse's sync API, not the importer's reader): the lines that must be rejected, and the
 * dedupe keys of the leads that must exist.
 */
export const expectedOutcome = async (file: string, manifest: Manifest) => {
  const { parse } = await import("csv-parse/sync")
  const records = parse(readFileSync(file), { relax_column_count: true, relax_quotes: true, skip_empty_lines: true }) as Array<Array<string>>
  const badByRecord = new Map(manifest.bad.map((bad) => [bad.record, bad.kind]))
  const rejectedLines: Array<number> = []
  const warnedLines: Array<number> = []
  const keys = new Set<string>()
  records.slice(1).forEach((cells, index) => {
    const record = index + 1
    const kind = badByRecord.get(record)
    const tier = cells[12] ?? ""
    if (kind !== undefined && (REJECTED_KINDS.has(kind) || (kind === "bad-tier" && tier.trim() !== ""))) {
      rejectedLines.push(record + 1)
      return
    }
    const [name = "", email = "", , , fund = ""] = cells
    const hasEmail = email !== "N/A" && kind !== "bad-email"
    if (kind === "bad-email") warnedLines.push(record + 1)
    keys.add(
      hasEmail
        ? `e:${email.toLowerCase()}`
        : `n:${name.trim().toLowerCase()}\u0001${(fund === "N/A" ? "" : fund).trim().toLowerCase()}`
    )
  })
  return { rows: records.length - 1, rejectedLines, warnedLines, keys }
}
