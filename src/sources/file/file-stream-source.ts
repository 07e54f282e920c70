/**
 * The file stream source: discovers new files under a directory, admits them into numbered log
 * batches (the seen-file log in the checkpoint) and reads a log range with a record parser.
 * Offsets are `{"logOffset":k}`; k counts log entries, not query batches (spark-semantics §10.1).
 *
 * A file admitted into a batch and gone when the batch reads it fails the batch, naming file and
 * batch; with Spark's `ignoreMissingFiles` (or Databricks' `badRecordsPath`, which also lists it
 * under `bad_files`) it is skipped with a warning, as Spark's FileScanRDD does. Each batch's
 * progress carries `numBadRecords` and `numMissingFiles` in `sources[].metrics`.
 */
import { promises as fs } from 'node:fs'
import { resolve } from 'node:path'
import { pathToFileURL } from 'node:url'
import { crashPoint } from '../../internal/crash-points.js'
import { SourceError } from '../../errors/index.js'
import type { Row, StructType } from '../../types/index.js'
import { concatChunkRows, type RecordChunk } from '../../types/record-chunk.js'
import type {
  AdmissionLimits,
  BatchInfo,
  SourceContext,
  SourceOffset,
  StreamSource,
} from '../source.js'
import type { BadRecord } from './bad-record.js'
import { batchBadRecordsTarget, writeBadRecords } from './bad-records-writer.js'
import type { FileSourceOptions } from './file-source-options.js'
import { listDataFiles, sinkLogFiles, type ListedFile } from './list-data-files.js'
import { SeenFilesLog, type SeenFile } from './seen-files-log.js'
import { selectFiles } from './select-files.js'

/** One file's records as read, or `missing` when the file no longer exists. */
export type FileRecords =
  | { readonly missing: true }
  | {
      readonly missing?: false
      readonly chunk: RecordChunk
      /** Bad records (lines) in the file, kept or dropped by the parse mode. */
      readonly malformedLines: number
      /** The bad records themselves (option badRecordsPath only). */
      readonly badRecords: readonly BadRecord[]
    }

/** Reads and parses files into records of the source schema. */
export interface RecordReader {
  read(file: string): Promise<FileRecords>
  /** A hint: these files are likely the next batch's; start reading them in the background. */
  prefetch(files: readonly ListedFile[]): void
  /** Drops everything prefetched. */
  clear(): void
}

export class FileStreamSource implements StreamSource {
  readonly description: string
  private readonly root: string
  private readonly log: SeenFilesLog
  private readonly entries = new Map<number, readonly SeenFile[]>()
  private readonly seen = new Set<string>()
  private latestLogId = -1
  /** Trigger.AvailableNow: the files present at start; later files wait for the next run. */
  private availableNow: ReadonlySet<string> | undefined
  /** The files the next batch admits if nothing new arrives, read ahead after this batch. */
  private predicted: ListedFile[] = []
  /** The progress metrics of the last batch read. */
  private lastRead: { batchId: number; metrics: Readonly<Record<string, string>> } | undefined
  /** Whether the path is a file sink's output read through its log; undefined until known. */
  private hasMetadata: boolean | undefined

  constructor(
    path: string,
    readonly schema: StructType,
    private readonly options: FileSourceOptions,
    private readonly readRecords: RecordReader,
    ctx: SourceContext,
  ) {
    this.root = resolve(path)
    this.description = `FileStreamSource[${pathToFileURL(this.root).href}]`
    this.log = new SeenFilesLog(ctx.checkpointDir)
  }

  async initialize(): Promise<void> {
    try {
      const st = await fs.stat(this.root)
      if (!st.isDirectory()) throw new Error('not a directory')
    } catch (cause) {
      throw new SourceError(
        'SL_SOURCE_PATH_NOT_FOUND',
        { path: this.root },
        { path: this.root, cause },
      )
    }
    for (const id of await this.log.batchIds()) {
      const files = await this.log.get(id)
      this.entries.set(id, files)
      for (const f of files) this.seen.add(f.path)
      this.latestLogId = id
    }
  }

  async prepareForAvailableNow(): Promise<void> {
    const files = await this.listFiles()
    this.availableNow = new Set(files.map((f) => f.path))
  }

  async latestOffset(
    start: SourceOffset | null,
    limits: AdmissionLimits,
  ): Promise<SourceOffset | null> {
    // Entries logged by a previous run but never part of an offsets entry (crash between the two
    // writes) are admitted first: they are already "seen", so only this range can deliver them.
    const startId = logOffsetOf(start)
    if (this.latestLogId > startId) return { logOffset: this.latestLogId }
    let candidates: ListedFile[] = await this.listFiles()
    if (this.availableNow) candidates = candidates.filter((f) => this.availableNow!.has(f.path))
    const chosen = selectFiles(candidates, {
      ...this.options,
      ignoreRateLimits: limits.ignoreRateLimits,
    })
    if (chosen.length === 0) return null
    const picked = new Set(chosen.map((f) => f.path))
    this.predicted = selectFiles(
      candidates.filter((f) => !picked.has(f.path)),
      { ...this.options, ignoreRateLimits: limits.ignoreRateLimits },
    )
    const id = this.latestLogId + 1
    const files = chosen.map((f) => ({ path: f.path, timestamp: f.mtimeMs, batchId: id }))
    await this.log.add(id, files)
    crashPoint('after-source-log')
    this.entries.set(id, files)
    for (const f of files) this.seen.add(f.path)
    this.latestLogId = id
    return { logOffset: id }
  }

  /**
   * The new files under the path. A file sink's output (`_spark_metadata`) offers the files its
   * log lists only, as Spark's FileStreamSource: the metadata directory is looked for until the
   * path holds files, and a path found with files but no log stays a plain directory.
   */
  private async listFiles(): Promise<ListedFile[]> {
    if (this.hasMetadata !== false) {
      const logged = await sinkLogFiles(this.root, this.seen)
      if (logged) {
        this.hasMetadata = true
        return logged
      }
      if (this.hasMetadata === true) return []
    }
    const files = await listDataFiles(this.root, this.seen)
    if (this.hasMetadata === undefined && files.length > 0) {
      // Checked again after the listing: a sink may have created its log in between.
      const logged = await sinkLogFiles(this.root, this.seen)
      if (logged) {
        this.hasMetadata = true
        return logged
      }
      this.hasMetadata = false
    }
    return files
  }

  async getBatch(start: SourceOffset | null, end: SourceOffset, batch: BatchInfo): Promise<Row[]> {
    return concatChunkRows(await this.getChunks(start, end, batch))
  }

  /** The records of `(start, end]`, one chunk per file in log order. */
  async getChunks(
    start: SourceOffset | null,
    end: SourceOffset,
    batch: BatchInfo,
  ): Promise<RecordChunk[]> {
    const from = logOffsetOf(start)
    const to = logOffsetOf(end)
    const paths: string[] = []
    for (let id = from + 1; id <= to; id++) {
      const files = this.entries.get(id)
      if (!files) {
        throw new SourceError(
          'SL_SOURCE_LOG_ENTRY_MISSING',
          { entry: id, path: this.log.dir },
          { path: this.log.dir },
        )
      }
      for (const f of files) paths.push(f.path)
    }
    const read = await readInOrder(paths, this.readRecords)
    // While the rest of the query works on these rows, the next files get parsed.
    this.readRecords.prefetch(this.predicted)
    this.predicted = []
    const chunks: RecordChunk[] = []
    const badRecords: BadRecord[] = []
    const missing: string[] = []
    let malformedLines = 0
    for (const [i, file] of read.entries()) {
      if (file.missing) {
        missing.push(paths[i]!)
        continue
      }
      chunks.push(file.chunk)
      malformedLines += file.malformedLines
      for (const r of file.badRecords) badRecords.push(r)
    }
    const { ignoreMissingFiles, badRecordsPath } = this.options
    if (missing.length > 0) {
      if (!ignoreMissingFiles && badRecordsPath === undefined) {
        throw new SourceError(
          'SL_SOURCE_FILE_MISSING',
          { path: missing[0], batchId: batch.batchId, count: missing.length },
          { path: missing[0]!, batchId: batch.batchId, option: 'ignoreMissingFiles' },
        )
      }
      for (const path of missing) {
        process.emitWarning(
          `Skipped missing file ${path} of batch ${batch.batchId} (${ignoreMissingFiles ? 'ignoreMissingFiles=true' : `badRecordsPath, listed under bad_files`}): its rows are not in the batch.`,
          { code: 'STREAMLAKE_MISSING_FILE' },
        )
      }
    }
    if (badRecordsPath !== undefined) {
      await writeBadRecords(
        batchBadRecordsTarget(badRecordsPath, batch),
        badRecords,
        missing.map((path) => ({
          path,
          reason: 'the file does not exist (deleted after listing)',
        })),
      )
      crashPoint('after-bad-records')
    }
    this.lastRead = {
      batchId: batch.batchId,
      metrics: { numBadRecords: String(malformedLines), numMissingFiles: String(missing.length) },
    }
    return chunks
  }

  metrics(batchId: number): Readonly<Record<string, string>> {
    if (this.lastRead?.batchId === batchId) return this.lastRead.metrics
    return { numBadRecords: '0', numMissingFiles: '0' }
  }

  async commit(): Promise<void> {}

  async stop(): Promise<void> {
    this.readRecords.clear()
  }
}

/** Files read at once: enough to keep every parse worker busy, few enough for file handles. */
const READ_CONCURRENCY = 8

/**
 * Reads several files concurrently (the reader spreads them over worker threads) and returns
 * their records in file order; a failure is the first failing file's, in file order, as if the
 * files had been read one after the other.
 */
async function readInOrder(paths: readonly string[], reader: RecordReader): Promise<FileRecords[]> {
  const results = new Array<FileRecords>(paths.length)
  const errors = new Map<number, unknown>()
  let next = 0
  const lane = async (): Promise<void> => {
    while (next < paths.length) {
      const i = next++
      try {
        results[i] = await reader.read(paths[i]!)
      } catch (e) {
        errors.set(i, e)
        next = paths.length // start no more files; the ones in flight finish
      }
    }
  }
  await Promise.all(Array.from({ length: Math.min(READ_CONCURRENCY, paths.length) }, lane))
  if (errors.size > 0) throw errors.get(Math.min(...errors.keys()))
  return results
}

function logOffsetOf(offset: SourceOffset | null): number {
  if (offset === null) return -1
  const v = offset['logOffset']
  return typeof v === 'number' ? v : -1
}
