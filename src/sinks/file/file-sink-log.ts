/**
 * The streaming file sink's `_spark_metadata` log, as Spark's FileStreamSinkLog writes and reads
 * it, so that Spark reads our sink's output and we read Spark's: one file per batch id, first line
 * `v1`, then one JSON SinkFileStatus per line (`{"path":"file:///…","size":…,"isDir":false,
 * "modificationTime":…,"blockReplication":1,"blockSize":33554432,"action":"add"}`, Hadoop's
 * local file system values), no final newline. Every `compactInterval`-th batch is written as
 * `N.compact` holding every entry so far (compactible-log-batches.ts), and after each batch the
 * files below the compaction that keeps `minBatchesToRetain` batches are deleted once older than
 * the cleanup delay.
 *
 * A batch file is published with a hard link (never overwrites): it is the commit of the batch's
 * part files. Files in the output directory that no entry lists (a crashed attempt's) are not
 * part of the output; readers that honour the log (ours, Spark's) never see them.
 */
import { promises as fs } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'
import { SinkError } from '../../errors/index.js'
import { isAlreadyExists, writeFileAtomic } from '../../internal/atomic-file.js'
import { makeDirectory } from '../../internal/make-directory.js'
import {
  allValidBatches,
  batchesBeforeCompaction,
  batchFileName,
  batchIdOfFileName,
  COMPACT_FILE_SUFFIX,
  compactIntervalOf,
  DEFAULT_COMPACT_INTERVAL,
  expiredBelow,
  isCompactionBatch,
  nextCompactionBatchId,
} from './compactible-log-batches.js'

/** The metadata directory under a file sink's output (Spark's `FileStreamSink.metadataDir`). */
export const SPARK_METADATA_DIR = '_spark_metadata'

const VERSION = 1
/** Hadoop's local file system: one replica, 32 MiB blocks (`fs.local.block.size`). */
const LOCAL_BLOCK_REPLICATION = 1
const LOCAL_BLOCK_SIZE = 33_554_432

/** One output file as the log lists it (Spark's SinkFileStatus). */
export interface SinkFileStatus {
  /** A `file:` URI. */
  readonly path: string
  readonly size: number
  readonly isDir: boolean
  readonly modificationTime: number
  readonly blockReplication: number
  readonly blockSize: number
  readonly action: string
}

/** Spark's settings of the log (session configuration and the sink's `retention` option). */
export interface FileSinkLogSettings {
  /** `spark.sql.streaming.fileSink.log.compactInterval` (10). */
  readonly compactInterval: number
  /** `spark.sql.streaming.fileSink.log.deletion` (true). */
  readonly deletion: boolean
  /** `spark.sql.streaming.fileSink.log.cleanupDelay` (10 minutes). */
  readonly cleanupDelayMs: number
  /** `spark.sql.streaming.minBatchesToRetain` (100). */
  readonly minBatchesToRetain: number
  /** The sink's `retention` option: files older than this drop out of the log. */
  readonly retentionMs?: number
}

export const DEFAULT_FILE_SINK_LOG_SETTINGS: FileSinkLogSettings = {
  compactInterval: DEFAULT_COMPACT_INTERVAL,
  deletion: true,
  cleanupDelayMs: 600_000,
  minBatchesToRetain: 100,
}

/** The log entry of a file just written: its status as Hadoop's local file system reports it. */
export async function sinkFileStatus(path: string): Promise<SinkFileStatus> {
  const st = await fs.stat(path)
  return {
    path: pathToFileURL(path).href,
    size: st.size,
    isDir: false,
    modificationTime: Math.floor(st.mtimeMs),
    blockReplication: LOCAL_BLOCK_REPLICATION,
    blockSize: LOCAL_BLOCK_SIZE,
    action: 'add',
  }
}

/** The local path of a logged file (the log holds URIs: `file:///…`, or a plain path). */
export function localPathOf(status: SinkFileStatus): string {
  return status.path.startsWith('file:') ? fileURLToPath(status.path) : status.path
}

export class FileSinkLog {
  /** The `_spark_metadata` directory. */
  readonly dir: string
  private interval: number | undefined

  constructor(
    outputPath: string,
    private readonly settings: FileSinkLogSettings = DEFAULT_FILE_SINK_LOG_SETTINGS,
  ) {
    this.dir = join(outputPath, SPARK_METADATA_DIR)
  }

  /** True when `outputPath` has a `_spark_metadata` directory (Spark's `hasMetadata`). */
  static async exists(outputPath: string): Promise<boolean> {
    const st = await fs.stat(join(outputPath, SPARK_METADATA_DIR)).catch(() => undefined)
    return st !== undefined
  }

  /** The batch ids that have a log file, ascending. */
  async batchIds(): Promise<number[]> {
    let names: string[]
    try {
      names = await fs.readdir(this.dir)
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return []
      throw error
    }
    return names
      .map(batchIdOfFileName)
      .filter((id): id is number => id !== undefined)
      .sort((a, b) => a - b)
  }

  /** The interval of this log: the configured one, or the one its `.compact` files imply. */
  async compactInterval(): Promise<number> {
    if (this.interval === undefined) {
      const names = await fs.readdir(this.dir).catch(() => [] as string[])
      const compactions = names
        .filter((n) => n.endsWith(COMPACT_FILE_SUFFIX))
        .map(batchIdOfFileName)
        .filter((id): id is number => id !== undefined)
      this.interval = compactIntervalOf(this.settings.compactInterval, compactions)
    }
    return this.interval
  }

  /** The newest batch id with a log file, or -1 (Spark's `getLatestBatchId`). */
  async latestBatchId(): Promise<number> {
    const ids = await this.batchIds()
    return ids.length === 0 ? -1 : ids[ids.length - 1]!
  }

  /** A batch's entries; undefined when it has no file. */
  async get(batchId: number): Promise<SinkFileStatus[] | undefined> {
    const file = join(this.dir, batchFileName(batchId, await this.compactInterval()))
    let text: string
    try {
      text = await fs.readFile(file, 'utf8')
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined
      throw error
    }
    return parseLogFile(file, text)
  }

  /**
   * Writes the entry of `batchId` (a compaction merges the earlier entries into it). False when
   * the batch already has one: another writer committed it.
   */
  async add(batchId: number, files: readonly SinkFileStatus[], now = Date.now()): Promise<boolean> {
    const interval = await this.compactInterval()
    let entries = files
    if (isCompactionBatch(batchId, interval)) {
      const earlier: SinkFileStatus[] = []
      for (const id of batchesBeforeCompaction(batchId, interval)) {
        const logged = await this.get(id)
        if (!logged)
          throw this.invalid(
            `${batchFileName(id, interval)} does not exist when compacting batch ${batchId} (compactInterval ${interval})`,
          )
        for (const f of logged) if (this.retained(f, now)) earlier.push(f)
      }
      entries = [...earlier, ...files]
    }
    await makeDirectory(this.dir)
    const text = [`v${VERSION}`, ...entries.map(serializeStatus)].join('\n')
    try {
      await writeFileAtomic(join(this.dir, batchFileName(batchId, interval)), text, 'fail')
    } catch (error) {
      if (isAlreadyExists(error)) return false
      throw error
    }
    if (this.settings.deletion) await this.deleteExpired(batchId, interval, now)
    return true
  }

  /** Every file the log lists (Spark's `allFiles`), in log order. */
  async allFiles(now = Date.now()): Promise<SinkFileStatus[]> {
    let latest = await this.latestBatchId()
    if (latest < 0) return []
    const interval = await this.compactInterval()
    const out: SinkFileStatus[] = []
    for (const id of allValidBatches(latest, interval)) {
      let logged = await this.get(id)
      if (!logged) {
        // A writer deleting expired files races this read only across a compaction: the next
        // compaction file lists everything the deleted ones did (Spark retries the same way).
        latest = nextCompactionBatchId(latest, interval)
        logged = await this.get(latest)
        if (!logged) throw this.invalid(`${batchFileName(id, interval)} does not exist`)
        out.length = 0
        for (const f of logged) if (this.retained(f, now)) out.push(f)
        return out
      }
      for (const f of logged) if (this.retained(f, now)) out.push(f)
    }
    return out
  }

  private retained(f: SinkFileStatus, now: number): boolean {
    const r = this.settings.retentionMs
    return r === undefined || now - f.modificationTime <= r
  }

  private async deleteExpired(batchId: number, interval: number, now: number): Promise<void> {
    const below = expiredBelow(batchId, interval, this.settings.minBatchesToRetain)
    if (below === undefined) return
    const expiredTime = now - this.settings.cleanupDelayMs
    for (const name of await fs.readdir(this.dir)) {
      const id = batchIdOfFileName(name)
      if (id === undefined || id >= below) continue
      const file = join(this.dir, name)
      const st = await fs.stat(file).catch(() => undefined)
      if (st && Math.floor(st.mtimeMs) <= expiredTime) await fs.rm(file, { force: true })
    }
  }

  private invalid(problem: string): SinkError {
    return new SinkError(
      'SL_SINK_FILE_LOG_INVALID',
      { path: this.dir, problem },
      { path: this.dir },
    )
  }
}

/** Spark's field order (json4s writes the case class fields in order). */
function serializeStatus(s: SinkFileStatus): string {
  return JSON.stringify({
    path: s.path,
    size: s.size,
    isDir: s.isDir,
    modificationTime: s.modificationTime,
    blockReplication: s.blockReplication,
    blockSize: s.blockSize,
    action: s.action,
  })
}

function parseLogFile(file: string, text: string): SinkFileStatus[] {
  const invalid = (problem: string): SinkError =>
    new SinkError('SL_SINK_FILE_LOG_INVALID', { path: file, problem }, { path: file })
  const lines = text.split('\n')
  const version = lines[0] ?? ''
  const m = /^v(\d+)$/.exec(version.trim())
  if (!m)
    throw invalid(
      `the first line is ${JSON.stringify(version.slice(0, 40))}, not a version such as v1 (the file is malformed or truncated)`,
    )
  if (Number(m[1]) > VERSION)
    throw invalid(
      `the log is version v${m[1]}, newer than the v${VERSION} this version reads (written by a newer Spark or streamlake)`,
    )
  const out: SinkFileStatus[] = []
  for (const [i, line] of lines.slice(1).entries()) {
    if (line.trim() === '') continue
    let entry: unknown
    try {
      entry = JSON.parse(line)
    } catch {
      throw invalid(`line ${i + 2} is not JSON`)
    }
    const e = entry as Partial<SinkFileStatus>
    if (typeof e.path !== 'string' || typeof e.action !== 'string')
      throw invalid(`line ${i + 2} has no path or action`)
    if (e.action !== 'add') continue // Spark's old "delete" entries hide a file
    out.push(e as SinkFileStatus)
  }
  return out
}
