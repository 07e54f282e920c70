/**
 * Reads one query checkpoint directory (layout in state/checkpoint/layout.ts) into a plain
 * report for `checkpoint inspect` and `status`: the query id, what the query reads and writes,
 * whether a run holds the lock, both logs entry by entry, the state directories, the file
 * sources' seen-file logs, the last progress, and what a restart would do — decided by the same
 * pure `decideRestart` the engine uses, so the answer cannot drift from the engine's behaviour.
 * Reading never changes the checkpoint (no lock is taken, nothing is created).
 */
import { promises as fs } from 'node:fs'
import { join } from 'node:path'
import { CheckpointError, EngineError } from '../../errors/index.js'
import type { StreamingQueryProgress } from '../../monitor/progress.js'
import { SeenFilesLog } from '../../sources/file/seen-files-log.js'
import { isAlive, readOwner } from '../../state/checkpoint/checkpoint-lock.js'
import { CommitLog } from '../../state/checkpoint/commit-log.js'
import { CheckpointLayout } from '../../state/checkpoint/layout.js'
import { OffsetLog, type SourceOffsetJson } from '../../state/checkpoint/offset-log.js'
import {
  decideRestart,
  firstBatchAfterRestart,
  type RestartDecision,
} from '../../state/checkpoint/restart-decision.js'
import { findProgressLog } from './progress-log.js'
import { exists, requireDirectory } from './require-directory.js'
import { readStateReport, type StateOperatorReport } from './state-report.js'
import {
  checkStateForRestart,
  type StateOperatorRef,
  type StateRestartFailure,
} from './state-restart-check.js'

/** One `offsets/<N>` entry, joined with its `commits/<N>` entry when there is one. */
export interface BatchReport {
  readonly batchId: number
  readonly batchWatermarkMs: number
  readonly batchTimestampMs: number
  readonly conf: Readonly<Record<string, string>>
  /** One per source, in source order; null for a source with no offset yet. */
  readonly offsets: readonly (SourceOffsetJson | null)[]
  readonly committed: boolean
  /** From `commits/<N>`: the watermark the next batch starts with. */
  readonly nextBatchWatermarkMs: number | null
}

/** One file source's `sources/<i>/` log. */
export interface SourceLogReport {
  readonly index: number
  readonly path: string
  readonly entries: number
  readonly latestEntry: number | null
  readonly filesSeen: number
  readonly firstFile: string | null
  readonly lastFile: string | null
}

/** What the next start of the query does, with the facts it uses. */
export type RestartReport =
  | { readonly kind: 'fresh'; readonly summary: string }
  | {
      readonly kind: 'resume'
      readonly summary: string
      readonly nextBatchId: number
      readonly watermarkMs: number
      /** The offsets batch N+1 starts after. */
      readonly startOffsets: readonly (SourceOffsetJson | null)[]
    }
  | {
      readonly kind: 'rerun'
      readonly summary: string
      readonly batchId: number
      readonly watermarkMs: number
      /** The logged end offsets the re-run reads up to. */
      readonly endOffsets: readonly (SourceOffsetJson | null)[]
    }
  | { readonly kind: 'inconsistent'; readonly summary: string; readonly problem: string }
  | {
      /** The logs allow a restart, but the state its first batch opens is missing or damaged. */
      readonly kind: 'state-unusable'
      readonly summary: string
      /** The first batch the restart runs: it stops the query with `code`. */
      readonly batchId: number
      readonly operatorId: number
      readonly code: string
      /** The engine's error message (what, why and the safe fix). */
      readonly message: string
      readonly path: string | null
    }

export interface CheckpointReport {
  readonly path: string
  readonly queryId: string
  /** `query-info.json`: the sources and sink recorded at first start (absent for Spark's). */
  readonly sources: readonly { readonly format: string; readonly path: string | null }[] | null
  readonly sink: { readonly format: string; readonly path: string | null } | null
  readonly lock: {
    readonly running: boolean
    readonly pid: number
    readonly host: string
    readonly runId: string
    readonly queryName: string | null
    readonly startedAt: string
  } | null
  readonly batches: readonly BatchReport[]
  /** Commit entries with no offsets entry (only in an inconsistent checkpoint). */
  readonly orphanCommits: readonly number[]
  readonly lastBatchId: number | null
  readonly lastCommittedBatchId: number | null
  readonly state: readonly StateOperatorReport[]
  readonly sourceLogs: readonly SourceLogReport[]
  /** The `--progress-dir` the log was looked up in; null for `<checkpoint>/progress.jsonl`. */
  readonly progressDir: string | null
  /** The progress log the last progress was read from, if one was found. */
  readonly progressLog: string | null
  readonly lastProgress: StreamingQueryProgress | null
  readonly restart: RestartReport
}

/** Where to look beyond the checkpoint itself. */
export interface CheckpointReportOptions {
  /** The queries' `streamlake.progressLog.dir` (an existing directory, checked by the caller). */
  readonly progressDir?: string
}

const HINT = 'Pass a query checkpoint directory such as ./checkpoints/tumbling.'

/** Whether `dir` looks like a query checkpoint (has a `metadata` file). */
export async function isQueryCheckpoint(dir: string): Promise<boolean> {
  return exists(join(dir, 'metadata'))
}

/** Reads the checkpoint at `path`; clear errors for a missing, foreign or corrupt one. */
export async function readCheckpointReport(
  path: string,
  options: CheckpointReportOptions = {},
): Promise<CheckpointReport> {
  const root = await requireDirectory(path, 'checkpoint directory', HINT)
  const layout = new CheckpointLayout(root)
  const queryId = await readQueryId(layout)
  const info = await readQueryInfo(layout)
  const owner = await readOwner(layout.lockFile)
  const offsets = new OffsetLog(layout.offsetsDir)
  const commits = new CommitLog(layout.commitsDir)
  const offsetIds = await offsets.batchIds()
  const commitIds = await commits.batchIds()
  const commitSet = new Set(commitIds)
  const batches: BatchReport[] = []
  for (const batchId of offsetIds) {
    const entry = await offsets.get(batchId)
    const commit = commitSet.has(batchId) ? await commits.get(batchId) : undefined
    batches.push({
      batchId,
      batchWatermarkMs: entry.batchWatermarkMs,
      batchTimestampMs: entry.batchTimestampMs,
      conf: entry.conf,
      offsets: entry.offsets,
      committed: commit !== undefined,
      nextBatchWatermarkMs: commit?.nextBatchWatermarkMs ?? null,
    })
  }
  const offsetSet = new Set(offsetIds)
  const lastBatchId = offsetIds.at(-1) ?? null
  const lastCommittedBatchId = commitIds.at(-1) ?? null
  const state = await readStateReport(join(root, 'state'))
  const decision = decideRestart(lastBatchId ?? undefined, lastCommittedBatchId ?? undefined)
  const firstBatch = firstBatchAfterRestart(decision)
  // A running query's state changes under us (and is its own business until it stops).
  const stateFailure =
    firstBatch === undefined || (owner !== undefined && isAlive(owner))
      ? undefined
      : await checkStateForRestart(
          join(root, 'state'),
          stateOperators(info?.stateOperators ?? [], state),
          firstBatch,
        )
  const progress = await findProgressLog(
    { checkpoint: root, queryId, queryName: owner?.queryName ?? null },
    options.progressDir,
  )
  return {
    path: root,
    queryId,
    sources: info?.sources ?? null,
    sink: info?.sink ?? null,
    lock: owner ? { running: isAlive(owner), ...owner } : null,
    batches,
    orphanCommits: commitIds.filter((id) => !offsetSet.has(id)),
    lastBatchId,
    lastCommittedBatchId,
    state,
    sourceLogs: await readSourceLogs(join(root, 'sources')),
    progressDir: options.progressDir ?? null,
    progressLog: progress?.path ?? null,
    lastProgress: progress?.lastProgress ?? null,
    restart: restartReport(decision, batches, stateFailure),
  }
}

/** The operators recorded at the last start, and any other state directory found. */
function stateOperators(
  recorded: readonly { readonly id: number; readonly name: string }[],
  found: readonly StateOperatorReport[],
): StateOperatorRef[] {
  const byId = new Map<number, StateOperatorRef>()
  for (const op of found)
    byId.set(op.operatorId, { operatorId: op.operatorId, operator: op.operator })
  for (const op of recorded) byId.set(op.id, { operatorId: op.id, operator: op.name })
  return [...byId.values()].sort((a, b) => a.operatorId - b.operatorId)
}

/**
 * Explains a restart decision in the terms of the logs (spark-semantics §11.3) and, when the
 * state the first batch opens cannot be opened, the error that batch stops the query with.
 */
export function restartReport(
  decision: RestartDecision,
  batches: readonly BatchReport[],
  stateFailure?: StateRestartFailure,
): RestartReport {
  const byId = new Map(batches.map((b) => [b.batchId, b]))
  const batchId = firstBatchAfterRestart(decision)
  if (stateFailure !== undefined && batchId !== undefined) {
    const op = `operator ${stateFailure.operatorId}${stateFailure.operator !== null ? ` (${stateFailure.operator})` : ''}`
    return {
      kind: 'state-unusable',
      summary: `fail with ${stateFailure.code}: batch ${batchId}, the first batch a restart runs, cannot open state version ${stateFailure.version} of ${op}${stateFailure.path !== null ? ` (${stateFailure.path})` : ''}`,
      batchId,
      operatorId: stateFailure.operatorId,
      code: stateFailure.code,
      message: stateFailure.message,
      path: stateFailure.path,
    }
  }
  switch (decision.kind) {
    case 'fresh':
      return {
        kind: 'fresh',
        summary: 'fresh start: no batch was planned yet, batch 0 reads the input from the start',
      }
    case 'resume': {
      const last = byId.get(decision.lastBatchId)
      const watermarkMs = Math.max(last?.batchWatermarkMs ?? 0, last?.nextBatchWatermarkMs ?? 0)
      return {
        kind: 'resume',
        summary: `start batch ${decision.nextBatchId}: batch ${decision.lastBatchId} is committed, new input is read after its offsets`,
        nextBatchId: decision.nextBatchId,
        watermarkMs,
        startOffsets: last?.offsets ?? [],
      }
    }
    case 'rerun': {
      const pending = byId.get(decision.batchId)
      return {
        kind: 'rerun',
        summary: `re-run batch ${decision.batchId} with its logged offsets: it was planned but not committed (the sink's txn makes a re-run of an already written batch a no-op)`,
        batchId: decision.batchId,
        watermarkMs: pending?.batchWatermarkMs ?? 0,
        endOffsets: pending?.offsets ?? [],
      }
    }
    case 'inconsistent':
      return {
        kind: 'inconsistent',
        summary: `fail with SL_STATE_CHECKPOINT_INCONSISTENT: ${decision.problem}`,
        problem: decision.problem,
      }
  }
}

async function readQueryId(layout: CheckpointLayout): Promise<string> {
  const file = layout.metadataFile
  let text: string
  try {
    text = await fs.readFile(file, 'utf8')
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error
    const entries = (await fs.readdir(layout.root)).filter((n) => !n.startsWith('.'))
    const reason =
      entries.length === 0
        ? 'it is empty (no metadata file)'
        : `it has no metadata file (found: ${entries.slice(0, 5).join(', ')}${entries.length > 5 ? ', …' : ''})`
    throw new EngineError(
      'SL_CLI_NOT_A_CHECKPOINT',
      { path: layout.root, reason },
      { path: layout.root },
    )
  }
  let id: unknown
  try {
    id = (JSON.parse(text.split('\n')[0] ?? '') as { id?: unknown } | null)?.id
  } catch {
    id = undefined
  }
  if (typeof id !== 'string' || id.length === 0) {
    throw new CheckpointError(
      'SL_STATE_CHECKPOINT_CORRUPT',
      {
        path: file,
        problem: `line 1: expected {"id":"<uuid>"}, found ${JSON.stringify(text.slice(0, 80))}`,
      },
      { path: file, line: 1 },
    )
  }
  return id
}

type QueryInfo = Pick<CheckpointReport, 'sources' | 'sink'> & {
  readonly stateOperators: readonly { readonly id: number; readonly name: string }[]
}

async function readQueryInfo(layout: CheckpointLayout): Promise<QueryInfo | undefined> {
  const file = layout.queryInfoFile
  let text: string
  try {
    text = await fs.readFile(file, 'utf8')
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined
    throw error
  }
  try {
    const info = JSON.parse(text) as Partial<QueryInfo>
    return {
      sources: info.sources ?? null,
      sink: info.sink ?? null,
      stateOperators: Array.isArray(info.stateOperators) ? info.stateOperators : [],
    }
  } catch (error) {
    throw new CheckpointError(
      'SL_STATE_CHECKPOINT_CORRUPT',
      { path: file, problem: `it is not valid JSON (${(error as Error).message})` },
      { path: file },
    )
  }
}

async function readSourceLogs(dir: string): Promise<SourceLogReport[]> {
  let names: string[]
  try {
    names = await fs.readdir(dir)
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return []
    throw error
  }
  const out: SourceLogReport[] = []
  for (const index of names.filter((n) => /^\d+$/.test(n)).map(Number)) {
    const log = new SeenFilesLog(join(dir, String(index)))
    const ids = await log.batchIds()
    let filesSeen = 0
    let firstFile: string | null = null
    let lastFile: string | null = null
    for (const id of ids) {
      const files = await log.get(id)
      filesSeen += files.length
      firstFile ??= files[0]?.path ?? null
      lastFile = files.at(-1)?.path ?? lastFile
    }
    out.push({
      index,
      path: log.dir,
      entries: ids.length,
      latestEntry: ids.at(-1) ?? null,
      filesSeen,
      firstFile,
      lastFile,
    })
  }
  return out.sort((a, b) => a.index - b.index)
}
