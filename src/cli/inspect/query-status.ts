/**
 * `streamlake status`: the queries of a checkpoint root (each subfolder one query's checkpoint,
 * as `streamlake run` and `demo` lay them out), each summarised from its checkpoint report. A
 * root that is itself a query checkpoint is shown as one query. One unreadable checkpoint does
 * not hide the others: its error is reported in its place.
 */
import { promises as fs } from 'node:fs'
import { basename, join } from 'node:path'
import { EngineError } from '../../errors/index.js'
import type { StreamingQueryProgress } from '../../monitor/progress.js'
import type { SourceOffsetJson } from '../../state/checkpoint/offset-log.js'
import {
  isQueryCheckpoint,
  readCheckpointReport,
  type CheckpointReport,
  type CheckpointReportOptions,
  type RestartReport,
} from './checkpoint-report.js'
import { requireDirectory } from './require-directory.js'

/** One query's line of `status`. */
export interface QueryStatus {
  /** The folder name, which is the query's name in the seed layout. */
  readonly name: string
  readonly path: string
  readonly queryId: string
  readonly running: boolean
  readonly lastBatchId: number | null
  readonly lastCommittedBatchId: number | null
  /** The watermark the query would continue with (ms; 0 = none yet). */
  readonly watermarkMs: number
  readonly watermark: string | null
  /** The newest planned offsets, one per source. */
  readonly offsets: readonly (SourceOffsetJson | null)[]
  readonly sink: { readonly format: string; readonly path: string | null } | null
  /** The progress log the last progress was read from, if one was found. */
  readonly progressLog: string | null
  readonly lastProgress: StreamingQueryProgress | null
  readonly restart: RestartReport
}

/** A checkpoint under the root that could not be read. */
export interface QueryStatusError {
  readonly name: string
  readonly path: string
  readonly error: { readonly code: string; readonly message: string }
}

export interface StatusReport {
  readonly root: string
  readonly queries: readonly (QueryStatus | QueryStatusError)[]
  /** Subfolders that are not query checkpoints (no metadata file). */
  readonly skipped: readonly string[]
  /** The `--progress-dir` the logs were looked up in; null for `<checkpoint>/progress.jsonl`. */
  readonly progressDir: string | null
}

/** Reads every query checkpoint under `root`. */
export async function readStatus(
  root: string,
  options: CheckpointReportOptions = {},
): Promise<StatusReport> {
  const abs = await requireDirectory(
    root,
    'checkpoint root',
    'Pass the folder that holds the query checkpoints, e.g. --checkpoints ./checkpoints.',
  )
  const progressDir = options.progressDir ?? null
  if (await isQueryCheckpoint(abs)) {
    return { root: abs, queries: [await readOne(abs, options)], skipped: [], progressDir }
  }
  const entries = await fs.readdir(abs, { withFileTypes: true })
  const dirs = entries
    .filter((e) => e.isDirectory() && !e.name.startsWith('.'))
    .map((e) => e.name)
    .sort()
  const queries: (QueryStatus | QueryStatusError)[] = []
  const skipped: string[] = []
  for (const name of dirs) {
    const dir = join(abs, name)
    if (await isQueryCheckpoint(dir)) queries.push(await readOne(dir, options))
    else skipped.push(name)
  }
  return { root: abs, queries, skipped, progressDir }
}

async function readOne(
  dir: string,
  options: CheckpointReportOptions,
): Promise<QueryStatus | QueryStatusError> {
  try {
    return summarise(await readCheckpointReport(dir, options))
  } catch (error) {
    if (!(error instanceof EngineError)) throw error
    return { name: basename(dir), path: dir, error: { code: error.code, message: error.message } }
  }
}

function summarise(r: CheckpointReport): QueryStatus {
  const last = r.batches.at(-1)
  const watermarkMs = Math.max(last?.batchWatermarkMs ?? 0, last?.nextBatchWatermarkMs ?? 0)
  return {
    name: basename(r.path),
    path: r.path,
    queryId: r.queryId,
    running: r.lock?.running ?? false,
    lastBatchId: r.lastBatchId,
    lastCommittedBatchId: r.lastCommittedBatchId,
    watermarkMs,
    watermark: watermarkMs === 0 ? null : new Date(watermarkMs).toISOString(),
    offsets: last?.offsets ?? [],
    sink: r.sink,
    progressLog: r.progressLog,
    lastProgress: r.lastProgress,
    restart: r.restart,
  }
}

/** Type guard for the error entries of a status report. */
export function isStatusError(q: QueryStatus | QueryStatusError): q is QueryStatusError {
  return 'error' in q
}
