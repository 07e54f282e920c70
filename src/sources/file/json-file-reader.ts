/**
 * Reads one JSON Lines file of the file stream source into records: large files are parsed on a
 * worker thread ({@link jsonWorkerPool}) and arrive packed by column, small ones — and any file a worker could not handle —
 * on the calling thread. Both paths run the same parser, so rows, bad-record handling and errors
 * are identical; a worker failure is never reported as such, the main-thread retry reports the
 * real problem (unreadable file, FAILFAST record with file and line). A file that no longer
 * exists is returned as missing: the source decides (ignoreMissingFiles) and names the batch.
 */
import { promises as fs } from 'node:fs'
import { SourceError } from '../../errors/index.js'
import type { StructType } from '../../types/index.js'
import { reviveDecimals } from '../../types/packed-columns.js'
import { decodeJsonText } from './decode-json-text.js'
import { JsonRecordParser, parseOptions } from './json-record-parser.js'
import type { FileRecords, RecordReader } from './file-stream-source.js'
import type { ParserConfig, WorkerParsedFile } from './json-worker-messages.js'
import type { ListedFile } from './list-data-files.js'
import { jsonWorkerPool, newParserConfigId } from './json-worker-pool.js'
import { parseInChunks } from './parse-in-chunks.js'

/**
 * Files below this size are parsed in place: a worker round trip (and, for the first file, the
 * worker's start) would cost more than it saves, and latency-bound trickles of small files stay
 * on the fast path.
 */
const WORKER_MIN_BYTES = 256 * 1024

/** At most this many files are read ahead (a batch's worth of rows held in memory). */
const MAX_PREFETCH_FILES = 64

interface Prefetched {
  readonly mtimeMs: number
  readonly size: number
  readonly parsed: Promise<WorkerParsedFile | null>
}

const MISSING: FileRecords = { missing: true }

export class JsonFileReader implements RecordReader {
  private readonly parser: JsonRecordParser
  private readonly config: ParserConfig
  private readonly configId = newParserConfigId()
  private readonly prefetched = new Map<string, Prefetched>()

  /** Validates the options (errors are thrown here, on the calling thread). */
  constructor(
    schema: StructType,
    options: Readonly<Record<string, string>>,
    sessionTimeZone: string,
  ) {
    this.parser = new JsonRecordParser(schema, parseOptions(options, sessionTimeZone))
    this.config = { schema, options: { ...options }, sessionTimeZone }
  }

  async read(path: string): Promise<FileRecords> {
    const pool = jsonWorkerPool()
    if (pool !== null) {
      const st = await fs.stat(path).catch(() => undefined)
      const ahead = this.prefetched.get(path)
      this.prefetched.delete(path)
      // A file read ahead counts only if it is still the same file (files are meant to be
      // immutable once visible; a changed one is read again).
      if (ahead && st && ahead.size === st.size && ahead.mtimeMs === Math.floor(st.mtimeMs)) {
        const parsed = await ahead.parsed
        if (parsed !== null) return fromWorker(parsed)
      } else if (st && st.size >= WORKER_MIN_BYTES) {
        const parsed = await pool.parse(this.configId, this.config, path)
        if (parsed !== null) return fromWorker(parsed)
      }
    }
    let bytes: Buffer
    try {
      bytes = await fs.readFile(path)
    } catch (cause) {
      const code = (cause as NodeJS.ErrnoException).code
      if (code === 'ENOENT' || code === 'ENOTDIR') return MISSING
      throw new SourceError(
        'SL_SOURCE_FILE_UNREADABLE',
        { path, problem: (cause as Error).message },
        { path, cause },
      )
    }
    const { rows, malformedLines, badRecords } = parseInChunks(
      this.parser,
      decodeJsonText(bytes),
      path,
    )
    return { chunk: { rows }, malformedLines, badRecords }
  }

  prefetch(files: readonly ListedFile[]): void {
    this.prefetched.clear()
    const pool = jsonWorkerPool()
    if (pool === null) return
    for (const f of files.slice(0, MAX_PREFETCH_FILES)) {
      if (f.size < WORKER_MIN_BYTES) continue
      this.prefetched.set(f.path, {
        mtimeMs: f.mtimeMs,
        size: f.size,
        parsed: pool.parse(this.configId, this.config, f.path),
      })
    }
  }

  clear(): void {
    this.prefetched.clear()
  }
}

function fromWorker(parsed: WorkerParsedFile): FileRecords {
  return {
    chunk: { packed: reviveDecimals(parsed.packed) },
    malformedLines: parsed.malformedLines,
    badRecords: parsed.badRecords,
  }
}
