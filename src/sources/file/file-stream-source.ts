/**
 * The file stream source: discovers new files under a directory, admits them into numbered log
 * batches (the seen-file log in the checkpoint) and reads a log range with a record parser.
 * Offsets are `{"logOffset":k}`; k counts log entries, not query batches (spark-semantics §10.1).
 */
import { promises as fs } from 'node:fs'
import { resolve } from 'node:path'
import { pathToFileURL } from 'node:url'
import { crashPoint } from '../../internal/crash-points.js'
import { SourceError } from '../../errors/index.js'
import type { Row, StructType } from '../../types/index.js'
import type { AdmissionLimits, SourceContext, SourceOffset, StreamSource } from '../source.js'
import type { FileSourceOptions } from './file-source-options.js'
import { listDataFiles, type ListedFile } from './list-data-files.js'
import { SeenFilesLog, type SeenFile } from './seen-files-log.js'
import { selectFiles } from './select-files.js'

/** Parses one file's text into rows of the source schema. */
export type RecordReader = (text: string, file: string) => Row[]

export class FileStreamSource implements StreamSource {
  readonly description: string
  private readonly root: string
  private readonly log: SeenFilesLog
  private readonly entries = new Map<number, readonly SeenFile[]>()
  private readonly seen = new Set<string>()
  private latestLogId = -1
  /** Trigger.AvailableNow: the files present at start; later files wait for the next run. */
  private availableNow: ReadonlySet<string> | undefined

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
    const files = await listDataFiles(this.root, this.seen)
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
    let candidates: ListedFile[] = await listDataFiles(this.root, this.seen)
    if (this.availableNow) candidates = candidates.filter((f) => this.availableNow!.has(f.path))
    const chosen = selectFiles(candidates, {
      ...this.options,
      ignoreRateLimits: limits.ignoreRateLimits,
    })
    if (chosen.length === 0) return null
    const id = this.latestLogId + 1
    const files = chosen.map((f) => ({ path: f.path, timestamp: f.mtimeMs, batchId: id }))
    await this.log.add(id, files)
    crashPoint('after-source-log')
    this.entries.set(id, files)
    for (const f of files) this.seen.add(f.path)
    this.latestLogId = id
    return { logOffset: id }
  }

  async getBatch(start: SourceOffset | null, end: SourceOffset): Promise<Row[]> {
    const from = logOffsetOf(start)
    const to = logOffsetOf(end)
    const rows: Row[] = []
    for (let id = from + 1; id <= to; id++) {
      const files = this.entries.get(id)
      if (!files) {
        throw new SourceError(
          'SL_SOURCE_LOG_ENTRY_MISSING',
          { entry: id, path: this.log.dir },
          { path: this.log.dir },
        )
      }
      for (const f of files) {
        let text: string
        try {
          text = await fs.readFile(f.path, 'utf8')
        } catch (cause) {
          throw new SourceError(
            'SL_SOURCE_FILE_UNREADABLE',
            { path: f.path, problem: (cause as Error).message },
            { path: f.path, cause },
          )
        }
        const parsed = this.readRecords(text, f.path)
        for (let i = 0; i < parsed.length; i++) rows.push(parsed[i]!)
      }
    }
    return rows
  }

  async commit(): Promise<void> {}

  async stop(): Promise<void> {}
}

function logOffsetOf(offset: SourceOffset | null): number {
  if (offset === null) return -1
  const v = offset['logOffset']
  return typeof v === 'number' ? v : -1
}
