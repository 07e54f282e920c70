/**
 * The Delta maintenance soak (issue #17): a long stream of micro-batches into one table on a
 * simulated clock — the streaming Delta sink with auto compaction, checkpoints with expired log
 * clean-up, and an hourly VACUUM — measuring that the table's file count and log stay bounded and
 * that every row is present exactly once.
 *
 * Simulated time: the Delta log's clock (DeltaLogOptions.clock) drives tombstone timestamps,
 * checkpoint tombstone expiry, log clean-up and VACUUM; the files each batch creates get the
 * simulated time as their modification time (log clean-up and VACUUM read file times, as Delta
 * does). The clock starts 2 hours before a UTC midnight (log clean-up cuts at midnights) that is
 * not in the past, so no file the run stamps is older than its real creation.
 *
 * Table properties of the run (short retentions, else a day of data would keep everything):
 * `delta.logRetentionDuration`, `delta.deletedFileRetentionDuration` (VACUUM's retention, and how
 * long remove tombstones stay in checkpoints) and `delta.autoOptimize.autoCompact=true`; the
 * sink's `autoCompact.maxFileSize` bounds the compacted file size.
 *
 * What bounds the log (Delta's MetadataCleanup, src/delta/log-cleanup.ts): after a checkpoint,
 * everything below the checkpoint that follows the last commit at or before midnight UTC of
 * (now − logRetentionDuration) goes. So the log spans at most the retention plus one day, plus up
 * to a checkpoint interval (10 commits) before the cut-off; it drops once a day, when now −
 * retention passes a midnight. Each sample records that span (`logSpanHours`) next to the counts.
 */
import { promises as fs } from 'node:fs'
import path from 'node:path'
import { DeltaLog, readSnapshotRows, vacuumTable, type Action } from '../../src/delta/index.js'
import { readCommit } from '../../src/delta/snapshot-loader.js'
import { DeltaSink } from '../../src/sinks/delta/delta-sink.js'
import { parseDdlSchema, type Row } from '../../src/types/index.js'

/** Options of {@link runSoak}. */
export interface SoakOptions {
  readonly table: string
  readonly batches: number
  /** Simulated time between batches (ms; 5 s = a 5-second trigger). */
  readonly intervalMs: number
  readonly rowsPerBatch: number
  /** `delta.logRetentionDuration` (Spark interval string). */
  readonly logRetention: string
  /** `delta.deletedFileRetentionDuration`. */
  readonly deletedFileRetention: string
  /** Simulated time between VACUUM runs (ms). */
  readonly vacuumEveryMs: number
  readonly autoCompactMaxFileSize: string
  readonly autoCompactMinNumFiles?: number
  /** Called with each sample. */
  readonly onProgress?: (s: SoakSample) => void
  /** Simulated time between samples (ms; default an hour). The last batch is always sampled. */
  readonly sampleEveryMs?: number
  /** Simulated start (ms); default the next UTC midnight − 2 h that is not in the past. */
  readonly startMs?: number
}

/**
 * The short soak the test suites run (unit, delta-rs interop, Spark oracle): 720 batches of 20
 * rows, 30 s apart — six simulated hours with hourly VACUUM and a 1-hour log retention.
 */
export const SHORT_SOAK: Omit<SoakOptions, 'table'> = {
  batches: 720,
  intervalMs: 30_000,
  rowsPerBatch: 20,
  logRetention: 'interval 1 hour',
  deletedFileRetention: 'interval 1 hour',
  vacuumEveryMs: 3_600_000,
  autoCompactMaxFileSize: '64kb',
  autoCompactMinNumFiles: 20,
  sampleEveryMs: 600_000,
}

/** Numbers at one moment of the run. */
export interface SoakSample {
  readonly batch: number
  readonly simulatedHours: number
  readonly version: number
  readonly liveFiles: number
  readonly dataFilesOnDisk: number
  readonly logFiles: number
  readonly logBytes: number
  /** Checkpoint files in the log and their bytes (remove tombstones make them big). */
  readonly checkpointFiles: number
  readonly checkpointBytes: number
  /** Remove tombstones in the snapshot (kept for `delta.deletedFileRetentionDuration`). */
  readonly tombstones: number
  /** The oldest commit left in the log, and how far back its (simulated) file time is. */
  readonly oldestCommit: number
  readonly logSpanHours: number
}

/** The outcome of a soak run. */
export interface SoakResult {
  readonly batches: number
  readonly rows: number
  readonly simulatedHours: number
  readonly wallSeconds: number
  readonly final: SoakSample
  /** One sample per `sampleEveryMs` of simulated time, and the last batch. */
  readonly series: readonly SoakSample[]
  readonly max: { liveFiles: number; dataFilesOnDisk: number; logFiles: number; logBytes: number }
  readonly compactions: number
  readonly vacuums: number
  readonly vacuumedFiles: number
  /** Distinct ids read back by our reader, and whether each of 0..rows-1 appears exactly once. */
  readonly distinctIds: number
  readonly everyRowOnce: boolean
}

export const SOAK_SCHEMA = parseDdlSchema(
  'id BIGINT, ts TIMESTAMP, user STRING, amount DOUBLE, day DATE',
)

const DAY_MS = 86_400_000

/** Runs the soak; see the module comment. */
export async function runSoak(o: SoakOptions): Promise<SoakResult> {
  const started = performance.now()
  const real = Date.now()
  let startMs = o.startMs ?? Math.ceil(real / DAY_MS) * DAY_MS - 2 * 3_600_000
  if (o.startMs === undefined && startMs < real) startMs += DAY_MS
  let now = startMs
  const clock = (): number => now
  const sink = new DeltaSink(
    o.table,
    {
      autoCompact: 'true',
      'autoCompact.maxFileSize': o.autoCompactMaxFileSize,
      ...(o.autoCompactMinNumFiles === undefined
        ? {}
        : { 'autoCompact.minNumFiles': String(o.autoCompactMinNumFiles) }),
    },
    ['day'],
    { clock },
  )
  await sink.start({ queryId: 'soak', outputMode: 'append', schema: SOAK_SCHEMA, timeZone: 'UTC' })
  const log = DeltaLog.forTable(o.table, { clock })
  const max = { liveFiles: 0, dataFilesOnDisk: 0, logFiles: 0, logBytes: 0 }
  let lastVersion = -1
  let compactions = 0
  let vacuums = 0
  let vacuumedFiles = 0
  let nextVacuum = startMs + o.vacuumEveryMs
  const sampleEveryMs = o.sampleEveryMs ?? 3_600_000
  let nextSample = startMs
  const series: SoakSample[] = []
  for (let b = 0; b < o.batches; b++) {
    const rows: Row[] = []
    for (let i = 0; i < o.rowsPerBatch; i++) {
      const id = b * o.rowsPerBatch + i
      rows.push([id, now * 1000 + i, `user${id % 97}`, (id % 1000) / 10, Math.floor(now / DAY_MS)])
    }
    await sink.addBatch(b, rows)
    if (b === 0) await setSoakProperties(log, o)
    lastVersion = await stampNewFiles(log, lastVersion, now, (a) => {
      if ('commitInfo' in a && a.commitInfo.operation === 'OPTIMIZE') compactions++
    })
    if (now >= nextVacuum) {
      const result = await vacuumTable(log, { now: clock })
      lastVersion = await stampNewFiles(log, lastVersion, now, () => undefined)
      vacuums++
      vacuumedFiles += result.files.length
      nextVacuum += o.vacuumEveryMs
    }
    if (now >= nextSample || b === o.batches - 1) {
      const sample = await measure(log, b, now, startMs)
      for (const k of Object.keys(max) as (keyof typeof max)[]) max[k] = Math.max(max[k], sample[k])
      series.push(sample)
      o.onProgress?.(sample)
      while (nextSample <= now) nextSample += sampleEveryMs
    }
    now += o.intervalMs
  }
  await sink.stop()
  const snapshot = await DeltaLog.forTable(o.table).snapshot()
  const ids = (await readSnapshotRows(snapshot, { columns: ['id'] })).map((r) => Number(r[0]))
  const seen = new Uint8Array(o.batches * o.rowsPerBatch)
  let everyRowOnce = ids.length === seen.length
  for (const id of ids) {
    if (!(id >= 0 && id < seen.length) || seen[id]) everyRowOnce = false
    else seen[id] = 1
  }
  return {
    batches: o.batches,
    rows: ids.length,
    simulatedHours: (now - o.intervalMs - startMs) / 3_600_000,
    wallSeconds: (performance.now() - started) / 1000,
    final: series[series.length - 1]!,
    series,
    max,
    compactions,
    vacuums,
    vacuumedFiles,
    distinctIds: new Set(ids).size,
    everyRowOnce,
  }
}

// After the first batch created the table: the run's retentions and auto compaction, as a user
// would set them with ALTER TABLE … SET TBLPROPERTIES.
async function setSoakProperties(log: DeltaLog, o: SoakOptions): Promise<void> {
  const snapshot = await log.snapshot()
  const txn = await log.startTransaction(snapshot)
  await txn.commit(
    [
      {
        metaData: {
          ...snapshot.metadata,
          configuration: {
            ...snapshot.metadata.configuration,
            'delta.logRetentionDuration': o.logRetention,
            'delta.deletedFileRetentionDuration': o.deletedFileRetention,
            'delta.autoOptimize.autoCompact': 'true',
          },
        },
      },
    ],
    { name: 'SET TBLPROPERTIES', parameters: {} },
  )
}

/** Gives the files of the commits after `after` the simulated time; returns the new latest version. */
async function stampNewFiles(
  log: DeltaLog,
  after: number,
  now: number,
  each: (a: Action) => void,
): Promise<number> {
  const latest = (await log.snapshot()).version
  const t = new Date(now)
  const logDir = path.join(log.tablePath, '_delta_log')
  for (let v = after + 1; v <= latest; v++) {
    const name = String(v).padStart(20, '0')
    for (const a of await readCommit(log.store, v)) {
      each(a)
      if ('add' in a)
        await fs.utimes(path.join(log.tablePath, decodeURIComponent(a.add.path)), t, t)
    }
    await fs.utimes(path.join(logDir, `${name}.json`), t, t)
    await fs.utimes(path.join(logDir, `${name}.checkpoint.parquet`), t, t).catch(() => undefined)
  }
  return latest
}

async function measure(
  log: DeltaLog,
  batch: number,
  now: number,
  startMs: number,
): Promise<SoakSample> {
  const snapshot = await log.snapshot()
  const logDir = path.join(log.tablePath, '_delta_log')
  let logFiles = 0
  let logBytes = 0
  let checkpointFiles = 0
  let checkpointBytes = 0
  let oldestCommit = Infinity
  for (const name of await fs.readdir(logDir)) {
    const s = await fs.stat(path.join(logDir, name)).catch(() => undefined)
    if (!s?.isFile()) continue
    logFiles++
    logBytes += s.size
    if (name.includes('.checkpoint.')) {
      checkpointFiles++
      checkpointBytes += s.size
    }
    if (/^\d{20}\.json$/.test(name))
      oldestCommit = Math.min(oldestCommit, Number(name.slice(0, 20)))
  }
  const oldest = await fs.stat(path.join(logDir, `${String(oldestCommit).padStart(20, '0')}.json`))
  let dataFilesOnDisk = 0
  for (const day of await fs.readdir(log.tablePath)) {
    if (!day.startsWith('day=')) continue
    dataFilesOnDisk += (await fs.readdir(path.join(log.tablePath, day))).filter((f) =>
      f.endsWith('.parquet'),
    ).length
  }
  return {
    batch,
    simulatedHours: (now - startMs) / 3_600_000,
    version: snapshot.version,
    liveFiles: snapshot.files.length,
    dataFilesOnDisk,
    logFiles,
    logBytes,
    checkpointFiles,
    checkpointBytes,
    tombstones: snapshot.tombstones.length,
    oldestCommit,
    logSpanHours: (now - oldest.mtimeMs) / 3_600_000,
  }
}
