/**
 * The JSON-lines progress log: one `StreamingQueryProgress` per line, in batch order, so a run can
 * be analysed afterwards (`jq`, pandas, `readProgressLog`).
 *
 * On disk: `<checkpoint>/progress.jsonl` by default, or `<dir>/<query name or id>.jsonl` with
 * `streamlake.progressLog.dir`. Each line is written with one `write(2)` on an `O_APPEND`
 * descriptor, so lines from restarts (or two writers) never interleave; a crash can leave at most
 * a torn last line, which the reader skips. It is a diagnostic, not part of the exactly-once
 * state, so it is not fsynced; a write failure is reported once and never stops the query.
 */
import { appendFileSync, mkdirSync, promises as fs } from 'node:fs'
import { dirname, join } from 'node:path'
import { EngineError } from '../errors/index.js'
import type { StreamingQueryProgress } from './progress.js'

/** The log file of a query: `<dir>/<name or id>.jsonl`, else `<checkpoint>/progress.jsonl`. */
export function progressLogPath(
  checkpointLocation: string,
  dir: string | undefined,
  id: string,
  name: string | null,
): string {
  if (dir === undefined) return join(checkpointLocation, 'progress.jsonl')
  const base = (name ?? id).replace(/[^A-Za-z0-9._-]/g, '_')
  return join(dir, `${base}.jsonl`)
}

/** One progress as its log line (Spark's JSON: non-finite numbers omitted), newline included. */
export function progressLine(progress: StreamingQueryProgress): string {
  return `${JSON.stringify(progress, (_k, v: unknown) =>
    typeof v === 'number' && !Number.isFinite(v) ? undefined : v,
  )}\n`
}

export class ProgressLogWriter {
  private failed = false

  constructor(readonly path: string) {}

  /**
   * Appends one line. Synchronous on purpose: the line is on disk before the next batch starts,
   * in order, without a queue to drain at shutdown; it costs one small write per batch.
   */
  append(progress: StreamingQueryProgress): void {
    if (this.failed) return
    try {
      mkdirSync(dirname(this.path), { recursive: true })
      appendFileSync(this.path, progressLine(progress))
    } catch (error) {
      this.failed = true
      process.emitWarning(
        `The progress log ${this.path} cannot be written (${(error as Error).message}); the query goes on without it.`,
        { code: 'STREAMLAKE_PROGRESS_LOG' },
      )
    }
  }
}

/** Reads a progress log; a torn (unparseable) last line from a crash is skipped. */
export async function readProgressLog(path: string): Promise<StreamingQueryProgress[]> {
  const lines = (await fs.readFile(path, 'utf8')).split('\n')
  const out: StreamingQueryProgress[] = []
  lines.forEach((line, i) => {
    if (line.trim() === '') return
    try {
      out.push(JSON.parse(line) as StreamingQueryProgress)
    } catch (error) {
      if (lines.slice(i + 1).some((l) => l.trim() !== ''))
        throw new EngineError(
          'SL_MONITOR_PROGRESS_LOG_CORRUPT',
          { line: i + 1, path },
          { path, cause: error },
        )
    }
  })
  return out
}
