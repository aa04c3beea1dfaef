/** The exit codes of lf-import, and the failure that carries one to the top of the program. */
import { Data } from "effect"

export const ExitCode = {
  /** The import ran (rows it rejected are in the summary and the report). */
  ok: 0,
  /** Wrong or missing options. */
  usage: 1,
  /** The CSV cannot be read or is not an importable CSV (no Name column, …); or the report cannot be written. */
  input: 2,
  /** The database cannot be opened or failed during the import. */
  database: 3,
  /** The campaign or the user does not exist. */
  notFound: 4,
  /** The campaign is queued or running, or cannot be created (no credits left). */
  conflict: 5,
  /** Interrupted (Ctrl-C, SIGTERM): the batch in progress was rolled back. */
  interrupted: 130
} as const

export type ExitCode = (typeof ExitCode)[keyof typeof ExitCode]

/** The lines of `--help` that document the codes. */
export const EXIT_CODES_HELP: ReadonlyArray<readonly [ExitCode, string]> = [
  [ExitCode.ok, "the import ran; rejected rows are listed in the summary (error_count) and in --report"],
  [ExitCode.usage, "wrong or missing options"],
  [ExitCode.input, "the CSV cannot be read or imported (not CSV, no Name or Lead Score column), or --report cannot be written"],
  [ExitCode.database, "the database cannot be opened or failed (batches committed before stay; run again to finish)"],
  [ExitCode.notFound, "no campaign with --campaign-id, or no user with --user-email"],
  [ExitCode.conflict, "the campaign is queued or running, or the user has no credits to create one"],
  [ExitCode.interrupted, "interrupted; the batch in progress was rolled back, run again to finish"]
]

/** Ends the command with `code` after printing `message` on stderr. */
export class CliFailure extends Data.TaggedError("CliFailure")<{ readonly code: ExitCode; readonly message: string }> {}
