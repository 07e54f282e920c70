/** Messages between the main thread and JSON parse workers (`json-parse-worker.ts`). */
import type { StructType } from '../../types/index.js'
import type { PackedColumns } from '../../types/packed-columns.js'
import type { BadRecord } from './bad-record.js'

/** What a worker needs to build the same parser as the main thread. */
export interface ParserConfig {
  readonly schema: StructType
  readonly options: Readonly<Record<string, string>>
  readonly sessionTimeZone: string
}

/** Parse one file; `config` is sent the first time a worker sees `configId`. */
export interface ParseRequest {
  readonly id: number
  readonly configId: number
  readonly config?: ParserConfig
  readonly path: string
}

/** A file parsed on a worker: its rows packed by column, and its bad records. */
export interface WorkerParsedFile {
  readonly packed: PackedColumns
  readonly malformedLines: number
  /** Only with option badRecordsPath. */
  readonly badRecords: readonly BadRecord[]
}

/** The parsed file, or null when anything failed (the main thread then reads it itself). */
export interface ParseReply {
  readonly id: number
  readonly parsed: WorkerParsedFile | null
}
