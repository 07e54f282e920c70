/**
 * Finds a query's JSON-lines progress log and reads its newest entry (one Spark-shaped
 * `StreamingQueryProgress` per line, appended after each micro-batch). The log is optional:
 * absent means "no progress recorded", not an error. Only the file's tail is read, and a torn
 * last line (the process died while appending) falls back to the line before it; a file just
 * rotated (`progress.jsonl.<n>`, see monitor/progress-log-files.ts) falls back to the newest
 * rotated file.
 *
 * Where the log is: `<checkpoint>/progress.jsonl` by default, or, for queries run with
 * `streamlake.progressLog.dir`, in that folder under the name the writer gives it
 * (`progressLogPath`: `<query name or id>.jsonl`), which `--progress-dir` points the commands at.
 */
import { promises as fs } from 'node:fs'
import { basename, join } from 'node:path'
import type { StreamingQueryProgress } from '../../monitor/progress.js'
import { progressLogPath } from '../../monitor/progress-log.js'
import { rotatedFiles } from '../../monitor/progress-log-files.js'
import type { FlagDefinition } from '../options.js'
import { requireDirectory } from './require-directory.js'

/** The progress log's file name inside a checkpoint directory. */
export const PROGRESS_LOG_FILE = 'progress.jsonl'

const TAIL_BYTES = 256 * 1024

/** `--progress-dir`, shared by `status` and `checkpoint inspect`. */
export const PROGRESS_DIR_FLAG: FlagDefinition<string> = {
  description:
    'folder of the progress logs when the queries ran with streamlake.progressLog.dir (default: <checkpoint>/progress.jsonl)',
  argument: '<dir>',
}

/** Checks a `--progress-dir` value up front: an existing directory, named by the flag in errors. */
export async function requireProgressDir(dir: string): Promise<string> {
  return requireDirectory(
    dir,
    'progress log directory (--progress-dir)',
    'Pass the folder the queries ran with as streamlake.progressLog.dir, e.g. --progress-dir ./logs.',
  )
}

/** A progress log found for a checkpoint, with its newest entry. */
export interface FoundProgressLog {
  readonly path: string
  readonly lastProgress: StreamingQueryProgress | undefined
}

/** Who the checkpoint belongs to, for finding its log in a `--progress-dir`. */
export interface ProgressLogOwner {
  readonly checkpoint: string
  readonly queryId: string
  /** The query name from the lock of a running query, if any. */
  readonly queryName: string | null
}

/**
 * The progress log of a checkpoint: `<checkpoint>/progress.jsonl` without `progressDir`.
 * With it, the file is named after the query name, which the checkpoint does not record (nor does
 * Spark's), so the candidates are, in order, the lock's query name (a running query), the
 * checkpoint folder's name (`run` and `demo` name it after the query) and the query id (an unnamed
 * query); a candidate counts only when its newest entry is this query's, since two queries with
 * one name share a file. Failing those, any `*.jsonl` there whose newest entry is this query's.
 */
export async function findProgressLog(
  owner: ProgressLogOwner,
  progressDir?: string,
): Promise<FoundProgressLog | undefined> {
  if (progressDir === undefined) {
    const path = join(owner.checkpoint, PROGRESS_LOG_FILE)
    const read = await readLastProgressAt(path)
    return read === null ? undefined : { path, lastProgress: read }
  }
  // null: progressLogPath names an unnamed query's file after its id.
  const names: (string | null)[] = [basename(owner.checkpoint), null]
  if (owner.queryName !== null) names.unshift(owner.queryName)
  const candidates = [
    ...new Set(names.map((n) => progressLogPath(owner.checkpoint, progressDir, owner.queryId, n))),
  ]
  for (const path of candidates) {
    const last = await readLastProgressAt(path)
    if (last?.id === owner.queryId) return { path, lastProgress: last }
  }
  const others = (await fs.readdir(progressDir)).filter((n) => n.endsWith('.jsonl')).sort()
  for (const name of others) {
    const path = join(progressDir, name)
    if (candidates.includes(path)) continue
    const last = await readLastProgressAt(path)
    if (last?.id === owner.queryId) return { path, lastProgress: last }
  }
  return undefined
}

/** The last complete progress entry of the checkpoint `dir`'s default log, or undefined. */
export async function readLastProgress(dir: string): Promise<StreamingQueryProgress | undefined> {
  return (await readLastProgressAt(join(dir, PROGRESS_LOG_FILE))) ?? undefined
}

/**
 * The newest complete entry of the log at `path`, looking into its rotated files (newest first)
 * when the file itself has none; null when there is no such file at all.
 */
async function readLastProgressAt(
  path: string,
): Promise<StreamingQueryProgress | undefined | null> {
  let found = await readLastProgressIn(path)
  if (found) return found
  for (const rotated of (await rotatedFiles(path)).reverse()) {
    const last = await readLastProgressIn(rotated.path)
    if (last) return last
    found ??= last
  }
  return found
}

async function readLastProgressIn(
  path: string,
): Promise<StreamingQueryProgress | undefined | null> {
  let handle
  try {
    handle = await fs.open(path, 'r')
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null
    throw error
  }
  try {
    const { size } = await handle.stat()
    const length = Math.min(size, TAIL_BYTES)
    const buffer = Buffer.alloc(length)
    await handle.read(buffer, 0, length, size - length)
    const lines = buffer.toString('utf8').split('\n')
    for (let i = lines.length - 1; i >= 0; i--) {
      const line = lines[i]!.trim()
      if (line.length === 0) continue
      try {
        const value = JSON.parse(line) as unknown
        if (isProgress(value)) return value
      } catch {
        // a torn or partial line: try the one before it
      }
    }
    return undefined
  } finally {
    await handle.close()
  }
}

function isProgress(value: unknown): value is StreamingQueryProgress {
  if (typeof value !== 'object' || value === null) return false
  const v = value as Record<string, unknown>
  return typeof v['batchId'] === 'number' && typeof v['timestamp'] === 'string'
}
