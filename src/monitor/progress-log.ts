/**
 * The JSON-lines progress log: one `StreamingQueryProgress` per line, in batch order, so a run can
 * be analysed afterwards (`jq`, pandas, `readProgressLog`).
 *
 * On disk: `<checkpoint>/progress.jsonl` by default, or `<dir>/<query name or id>.jsonl` with
 * `streamlake.progressLog.dir`, plus its rotated files `….jsonl.<n>` (progress-log-files.ts;
 * `streamlake.progressLog.maxBytes` / `maxFiles` bound the total). The writer
 * (progress-log-writer.ts) appends each line with one `write(2)`; a crash can leave at most a
 * torn last line in a file, which the readers skip (the next run's writer ends it first, so it
 * never joins a good line). The readers here read the rotated files and the current one as one
 * log, in order. The dashboard reloads a restarted query's recent history from it
 * (`readRecentProgress`).
 */
import { closeSync, fstatSync, openSync, promises as fs, readSync } from 'node:fs'
import { join } from 'node:path'
import { EngineError } from '../errors/index.js'
import type { StreamingQueryProgress } from './progress.js'
import { rotatedFiles, rotatedFilesSync } from './progress-log-files.js'

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

/**
 * Reads a progress log: its rotated files, oldest first, then the file itself. A line torn by a
 * crash is skipped: the last line of a file, or — after a restart, whose writer ends the torn
 * line before appending — a line that is the beginning of a progress object (`{"` …) cut short.
 * Any other line that does not parse is an error naming the file and line. A log with no file at
 * all rejects with ENOENT.
 *
 * @example
 * ```ts
 * import { readProgressLog } from 'streamlake'
 * const progress = await readProgressLog('./checkpoints/tumbling/progress.jsonl')
 * console.log(progress.map((p) => [p.batchId, p.numInputRows]))
 * ```
 */
export async function readProgressLog(path: string): Promise<StreamingQueryProgress[]> {
  const out: StreamingQueryProgress[] = []
  const rotated = await rotatedFiles(path)
  for (const file of rotated) {
    const text = await fs.readFile(file.path, 'utf8').catch((error: unknown) => {
      // Deleted by the writer's retention meanwhile: its lines are gone by design.
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return ''
      throw error
    })
    parseLines(text, file.path, out)
  }
  try {
    parseLines(await fs.readFile(path, 'utf8'), path, out)
  } catch (error) {
    // Rotated a moment ago and not appended to yet: the rotated files are the whole log.
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT' || rotated.length === 0) throw error
  }
  return out
}

function parseLines(text: string, path: string, out: StreamingQueryProgress[]): void {
  const lines = text.split('\n')
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
}

const TAIL_CHUNK_BYTES = 64 * 1024
const NEWLINE = 0x0a

/**
 * The newest `limit` entries of query `id` in the log at `path` (its rotated files included),
 * oldest first (file order): what a restarted query's dashboard history starts from. The files are
 * read backwards in chunks, newest first, so the cost follows `limit`, not the log's age.
 * Synchronous, like the writer, so the history is in place before the run's first progress
 * arrives. Best-effort, as the log is a diagnostic: a missing file is no history, and a line that
 * does not parse (the torn last line of a crash, or any other damage) is skipped rather than
 * failing the query. Lines of other query ids are skipped too: two queries with the same name
 * share one file in `streamlake.progressLog.dir`.
 */
export function readRecentProgress(
  path: string,
  id: string,
  limit: number,
): StreamingQueryProgress[] {
  const newestFirst: StreamingQueryProgress[] = []
  const files = [
    path,
    ...rotatedFilesSync(path)
      .reverse()
      .map((f) => f.path),
  ]
  for (const file of files) {
    if (newestFirst.length >= limit) break
    readTail(file, id, limit, newestFirst)
  }
  return newestFirst.reverse()
}

/** Adds the entries of `id` in `path`, newest first, to `newestFirst` until it holds `limit`. */
function readTail(
  path: string,
  id: string,
  limit: number,
  newestFirst: StreamingQueryProgress[],
): void {
  let fd: number
  try {
    fd = openSync(path, 'r')
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return
    throw error
  }
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
