/**
 * VACUUM, as Delta's `VacuumCommand.gc` does it (delta-notes §9): deletes the data files of the
 * table's folders that the latest snapshot does not need and that are older than the retention.
 *
 * - Needed: every live file, and every tombstone removed less than the retention ago (a reader of
 *   a recent version, or a writer that has not committed yet, may still use it).
 * - Retention: the argument, else `delta.deletedFileRetentionDuration` (7 days). Less than the
 *   table's setting is refused (SL_DELTA_VACUUM_RETENTION_TOO_SHORT) unless the check is turned
 *   off — Spark's `spark.databricks.delta.retentionDurationCheck.enabled=false` — because a
 *   concurrent writer's uncommitted files and readers of older versions would lose files.
 * - Listing: the table root and its subfolders, never hidden ones (`_`/`.` names such as
 *   `_delta_log`, except a partition folder `_col=value`), nor hidden files; only files last
 *   modified before the retention cut-off are deleted, as Delta.
 * - Deletion vector files (`deletion_vector_*.bin`) are never deleted: the log names them by an
 *   encoded id this VACUUM does not resolve.
 * - Log: unless a dry run, a `VACUUM START` commit (parameters and the planned count/size) before
 *   deleting and a `VACUUM END` after, both with only commitInfo, as Spark writes them with
 *   `spark.databricks.delta.vacuum.logging.enabled`; option `logging: false` leaves them out.
 */
import { promises as fs, type Dirent } from 'node:fs'
import path from 'node:path'
import { EngineError } from '../errors/index.js'
import type { DeltaLog } from './delta-log.js'
import type { Snapshot } from './snapshot.js'
import { canonicalPath } from './table-state.js'

const HOUR_MS = 3_600_000

/** Options of {@link vacuumTable}. */
export interface VacuumOptions {
  /** Retention in hours (default: the table's `delta.deletedFileRetentionDuration`). */
  readonly retentionHours?: number
  /** Spark's `retentionDurationCheck.enabled` (default true). */
  readonly retentionCheck?: boolean
  /** Only list what would be deleted. */
  readonly dryRun?: boolean
  /** Write the VACUUM START/END commits (default true). */
  readonly logging?: boolean
  /** Clock (ms; default Date.now). */
  readonly now?: () => number
}

/** What VACUUM deleted (or would delete, in a dry run). */
export interface VacuumResult {
  /** Absolute paths, sorted. */
  readonly files: readonly string[]
  readonly bytes: number
  /** Folders listed (the table root included), Spark's `numVacuumedDirectories`. */
  readonly directories: number
  readonly dryRun: boolean
  readonly retentionMs: number
}

/** Deletes the files no version within the retention needs; see the module comment. */
export async function vacuumTable(
  log: DeltaLog,
  options: VacuumOptions = {},
): Promise<VacuumResult> {
  const now = options.now ?? ((): number => log.now())
  const snapshot = await log.snapshot()
  // Without a table every file of the folder would look unreferenced.
  if (!snapshot.exists)
    throw new EngineError(
      'SL_DELTA_TABLE_NOT_FOUND',
      { path: log.tablePath },
      { path: log.tablePath },
    )
  const configuredMs = snapshot.tableProperties.deletedFileRetentionMs
  const retentionMs =
    options.retentionHours === undefined
      ? configuredMs
      : Math.round(options.retentionHours * HOUR_MS)
  if (options.retentionHours !== undefined && !(options.retentionHours >= 0))
    throw new EngineError('SL_DELTA_INVALID_ACTION', {
      path: log.tablePath,
      problem: `VACUUM retention ${options.retentionHours} hours is not a non-negative number`,
      hint: 'Pass the retention in hours, e.g. 168.',
    })
  if ((options.retentionCheck ?? true) && retentionMs < configuredMs)
    throw new EngineError(
      'SL_DELTA_VACUUM_RETENTION_TOO_SHORT',
      {
        path: log.tablePath,
        hours: retentionMs / HOUR_MS,
        configuredHours: configuredMs / HOUR_MS,
      },
      { path: log.tablePath },
    )
  const cutoff = now() - retentionMs
  const needed = neededPaths(snapshot, cutoff)
  const listed = await listTableFiles(log.tablePath, snapshot.partitionColumns)
  const doomed = listed.files
    .filter((f) => !needed.has(f.relative) && f.mtimeMs < cutoff && !isDeletionVectorFile(f))
    .sort((a, b) => (a.relative < b.relative ? -1 : 1))
  const bytes = doomed.reduce((n, f) => n + f.size, 0)
  const files = doomed.map((f) => path.join(log.tablePath, ...f.relative.split('/')))
  const result = {
    files,
    bytes,
    directories: listed.directories,
    dryRun: !!options.dryRun,
    retentionMs,
  }
  if (options.dryRun) return result
  const logging = options.logging ?? true
  if (logging) {
    const parameters: Record<string, string> = {
      retentionCheckEnabled: String(options.retentionCheck ?? true),
      defaultRetentionMillis: String(configuredMs),
    }
    if (options.retentionHours !== undefined)
      parameters['specifiedRetentionMillis'] = String(retentionMs)
    await commitInfoOnly(log, 'VACUUM START', parameters, {
      numFilesToDelete: String(files.length),
      sizeOfDataToDelete: String(bytes),
    })
  }
  for (const f of files) await fs.rm(f, { force: true })
  if (logging)
    await commitInfoOnly(
      log,
      'VACUUM END',
      { status: 'COMPLETED' },
      { numDeletedFiles: String(files.length), numVacuumedDirectories: String(listed.directories) },
    )
  return result
}

/** Relative paths of the live files and of the tombstones removed after `cutoff`. */
function neededPaths(snapshot: Snapshot, cutoff: number): Set<string> {
  const root = path.resolve(snapshot.tablePath)
  const out = new Set<string>()
  const keep = (logPath: string): void => {
    const p = canonicalPath(logPath)
    out.add(path.isAbsolute(p) ? path.relative(root, p).split(path.sep).join('/') : p)
  }
  for (const f of snapshot.files) keep(f.path)
  for (const t of snapshot.tombstones) if ((t.deletionTimestamp ?? 0) > cutoff) keep(t.path)
  return out
}

// Deletion vector files are named by a z85-encoded id in the log, not by path; this VACUUM does
// not resolve those ids, so it never deletes one (a missing DV file would make rows reappear).
function isDeletionVectorFile(f: ListedFile): boolean {
  return /(^|\/)deletion_vector_[^/]*\.bin$/.test(f.relative)
}

interface ListedFile {
  readonly relative: string
  readonly size: number
  readonly mtimeMs: number
}

/** The table's non-hidden files (relative, `/`-separated) and the number of folders listed. */
async function listTableFiles(
  tablePath: string,
  partitionColumns: readonly string[],
): Promise<{ files: ListedFile[]; directories: number }> {
  const files: ListedFile[] = []
  let directories = 0
  const hidden = (name: string): boolean =>
    (name.startsWith('_') || name.startsWith('.')) &&
    !partitionColumns.some((c) => name.startsWith(`${c}=`))
  const walk = async (dir: string, relative: string): Promise<void> => {
    let entries: Dirent[]
    try {
      entries = await fs.readdir(dir, { withFileTypes: true })
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') return
      throw e
    }
    directories++
    for (const entry of entries) {
      if (hidden(entry.name)) continue
      const rel = relative === '' ? entry.name : `${relative}/${entry.name}`
      const full = path.join(dir, entry.name)
      if (entry.isDirectory()) await walk(full, rel)
      else if (entry.isFile()) {
        const stat = await fs.stat(full).catch(() => undefined)
        if (stat) files.push({ relative: rel, size: stat.size, mtimeMs: stat.mtimeMs })
      }
    }
  }
  await walk(tablePath, '')
  return { files, directories }
}

async function commitInfoOnly(
  log: DeltaLog,
  name: string,
  parameters: Record<string, string>,
  metrics: Record<string, string>,
): Promise<void> {
  const txn = await log.startTransaction()
  await txn.commit([], {
    name,
    parameters,
    metrics,
    isBlindAppend: true,
    isolationLevel: 'SnapshotIsolation',
  })
}
