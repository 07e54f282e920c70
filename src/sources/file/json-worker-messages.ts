/** Messages between the main thread and JSON parse workers (`json-parse-worker.ts`). */
import type { StructType } from '../../types/index.js'
import type { PackedColumns } from '../../types/packed-columns.js'
import type { BadRecord } from './bad-record.js'

/** What a worker needs to build the same parser as the main thread. */
export interface ParserConfig {
  readonly schema: StructType
  readonly options: Readonly<Record<string, string>>
  readonly sessionTimeZone: string
  /** `from_json` values (see parse-json-value.ts): a top-level array is a malformed record. */
  readonly fromJson?: boolean
}

/** Parse one file; `config` is sent the first time a worker sees `configId`. */
export interface ParseRequest {
  readonly id: number
  readonly configId: number
  readonly config?: ParserConfig
  readonly path: string
}

/**
 * `from_json` of many values (Kafka records' values): value `i` is the UTF-8 bytes
 * `bytes[starts[i], starts[i] + lengths[i])`, or null when `lengths[i]` is -1. The reply's rows are
 * the structs' fields, all null for a null or blank value (what `select('s.*')` of a null struct
 * gives).
 */
export interface ValuesParseRequest {
  readonly id: number
  readonly configId: number
  readonly config?: ParserConfig
  readonly values: {
    readonly bytes: Uint8Array
    readonly starts: Int32Array
    readonly lengths: Int32Array
  }
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
