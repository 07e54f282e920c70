/**
 * The JSON-lines progress log: one `StreamingQueryProgress` per line, in batch order, so a run can
 * be analysed afterwards (`jq`, pandas, `readProgressLog`).
 *
 * On disk: `<checkpoint>/progress.jsonl` by default, or `<dir>/<query name or id>.jsonl` with
 * `streamlake.progressLog.dir`. Each line is written with one `write(2)` on an `O_APPEND`
 * descriptor, so lines from restarts (or two writers) never interleave; a crash can leave at most
 * a torn last line, which the reader skips (the next run's writer ends it first, so it never
 * joins a good line). It is a diagnostic, not part of the exactly-once state, so it is not
 * fsynced; a write failure is reported once and never stops the query. The dashboard reloads a
 * restarted query's recent history from it (`readRecentProgress`).
 */
import {
  appendFileSync,
  closeSync,
  fstatSync,
  mkdirSync,
  openSync,
  promises as fs,
  readSync,
} from 'node:fs'
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
  private checkedTail = false

  constructor(readonly path: string) {}

  /**
   * Appends one line. Synchronous on purpose: the line is on disk before the next batch starts,
   * in order, without a queue to drain at shutdown; it costs one small write per batch.
   */
  append(progress: StreamingQueryProgress): void {
    if (this.failed) return
    try {
      mkdirSync(dirname(this.path), { recursive: true })
      let line = progressLine(progress)
      if (!this.checkedTail) {
        // A torn last line from a crashed run is ended first, so that it stays one bad line
        // of its own instead of swallowing this run's first progress.
        if (endsTorn(this.path)) line = `\n${line}`
        this.checkedTail = true
      }
      appendFileSync(this.path, line)
    } catch (error) {
      this.failed = true
      process.emitWarning(
        `The progress log ${this.path} cannot be written (${(error as Error).message}); the query goes on without it.`,
        { code: 'STREAMLAKE_PROGRESS_LOG' },
      )
    }
  }
}

function endsTorn(path: string): boolean {
  let fd: number
  try {
    fd = openSync(path, 'r')
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return false
    throw error
  }
  try {
    const { size } = fstatSync(fd)
    if (size === 0) return false
    const last = Buffer.alloc(1)
    readSync(fd, last, 0, 1, size - 1)
    return last[0] !== NEWLINE
  } finally {
    closeSync(fd)
  }
}

/**
 * Reads a progress log. A line torn by a crash is skipped: the last line, or — after a restart,
 * whose writer ends the torn line before appending — a line that is the beginning of a progress
 * object (`{"` …) cut short. Any other line that does not parse is an error naming the line.
 */
export async function readProgressLog(path: string): Promise<StreamingQueryProgress[]> {
  const lines = (await fs.readFile(path, 'utf8')).split('\n')
  const out: StreamingQueryProgress[] = []
  lines.forEach((line, i) => {
    if (line.trim() === '') return
    try {
      out.push(JSON.parse(line) as StreamingQueryProgress)
    } catch (error) {
      const torn = line.startsWith('{"') && !line.endsWith('}')
      if (!torn && lines.slice(i + 1).some((l) => l.trim() !== ''))
        throw new EngineError(
          'SL_MONITOR_PROGRESS_LOG_CORRUPT',
          { line: i + 1, path },
          { path, cause: error },
        )
    }
  })
  return out
}

const TAIL_CHUNK_BYTES = 64 * 1024
const NEWLINE = 0x0a

/**
 * The newest `limit` entries of query `id` in the log at `path`, oldest first (file order): what
 * a restarted query's dashboard history starts from. The file is read backwards in chunks, so the
 * cost follows `limit`, not the log's age. Synchronous, like the writer, so the history is in
 * place before the run's first progress arrives. Best-effort, as the log is a diagnostic: a
 * missing file is no history, and a line that does not parse (the torn last line of a crash, or
 * any other damage) is skipped rather than failing the query. Lines of other query ids are
 * skipped too: two queries with the same name share one file in `streamlake.progressLog.dir`.
 */
export function readRecentProgress(
  path: string,
  id: string,
  limit: number,
): StreamingQueryProgress[] {
  let fd: number
  try {
    fd = openSync(path, 'r')
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return []
    throw error
  }
  const newestFirst: StreamingQueryProgress[] = []
  const take = (bytes: Buffer): void => {
    const text = bytes.toString('utf8').trim()
    if (text === '') return
    try {
      const value = JSON.parse(text) as unknown
      if (isProgressOf(value, id)) newestFirst.push(value)
    } catch {
      // torn or damaged line: skipped (see above)
    }
  }
  try {
    let position = fstatSync(fd).size
    // The bytes after `position` that do not yet end in a complete line (the line's start is
    // further back in the file).
    let partial = Buffer.alloc(0)
    while (position > 0 && newestFirst.length < limit) {
      const length = Math.min(TAIL_CHUNK_BYTES, position)
      position -= length
      const chunk = Buffer.alloc(length)
      readSync(fd, chunk, 0, length, position)
      const data = Buffer.concat([chunk, partial])
      let end = data.length
      for (let i = data.length - 1; i >= 0 && newestFirst.length < limit; i--) {
        if (data[i] !== NEWLINE) continue
        take(data.subarray(i + 1, end))
        end = i
      }
      partial = data.subarray(0, end)
    }
    if (position === 0 && newestFirst.length < limit) take(partial)
  } finally {
    closeSync(fd)
  }
  return newestFirst.reverse()
}

function isProgressOf(value: unknown, id: string): value is StreamingQueryProgress {
  if (typeof value !== 'object' || value === null) return false
  const v = value as Record<string, unknown>
  return (
    v['id'] === id &&
    typeof v['runId'] === 'string' &&
    typeof v['batchId'] === 'number' &&
    typeof v['timestamp'] === 'string'
  )
}
