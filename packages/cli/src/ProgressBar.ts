/** The progress bar of lf-import on a terminal: rows, rows/s, percent of the file's bytes, ETA. */
import cliProgress from "cli-progress"
import type { ImportProgress } from "@leadfactory/core"

export interface ProgressBar {
  readonly update: (progress: ImportProgress) => void
  readonly stop: () => void
}

const silent: ProgressBar = { update: () => {}, stop: () => {} }

/** A bar on stderr when it is a terminal; nothing otherwise (pipes, files, CI logs). */
export const progressBar = (totalBytes: number, stream: NodeJS.WriteStream = process.stderr): ProgressBar => {
  if (!stream.isTTY || totalBytes === 0) return silent
  const bar = new cliProgress.SingleBar(
    {
      format: "{bar} {percentage}% | {rows} rows | {speed} rows/s | ETA {eta_formatted}",
      stream,
      hideCursor: true,
      etaBuffer: 50,
      fps: 5
    },
    cliProgress.Presets.shades_classic
  )
  const started = performance.now()
  bar.start(totalBytes, 0, { rows: 0, speed: 0 })
  return {
    update: ({ bytes_read, rows_read }) => {
      const seconds = (performance.now() - started) / 1000
      bar.update(Math.min(bytes_read, totalBytes), {
        rows: rows_read,
        speed: seconds > 0 ? Math.round(rows_read / seconds) : 0
      })
    },
    stop: () => bar.stop()
  }
}
