/**
 * The contract between `df.write` (api/data-frame-writer.ts) and the batch writers of each format
 * (sinks/delta, sinks/file): the collected rows, the save mode and the options. A format is a
 * small record — its option names and a write function — so a new format is one entry in the
 * writer's table.
 */
import type { Row, StructType } from '../types/index.js'

/** Spark's SaveMode, lower-case (`error` and `default` are normalized to `errorifexists`). */
export type SaveMode = 'append' | 'overwrite' | 'errorifexists' | 'ignore'

/**
 * Evaluates a boolean predicate (replaceWhere) on rows of a schema: one result per row, null when
 * the predicate is null for that row. Supplied by the API, which owns expressions and execution.
 */
export type RowPredicate = (schema: StructType, rows: readonly Row[]) => Promise<(boolean | null)[]>

/** One `df.write…save(path)` call. */
export interface BatchWriteRequest {
  /** Absolute output path. */
  readonly path: string
  readonly mode: SaveMode
  readonly schema: StructType
  readonly rows: readonly Row[]
  /** `partitionBy(...)` columns; undefined when not called. */
  readonly partitionBy: readonly string[] | undefined
  /** The writer options except `path`, already checked against the format's option names. */
  readonly options: Readonly<Record<string, string>>
  /** The session time zone (timestamps in text formats). */
  readonly timeZone: string
  /**
   * The session's `spark.sql.sources.partitionOverwriteMode` (the `partitionOverwriteMode` option
   * wins over it; partition-overwrite-mode.ts).
   */
  readonly sessionPartitionOverwriteMode?: string
  /** Compiles a SQL predicate (the `replaceWhere` option) into a row predicate. */
  readonly compilePredicate: (sql: string) => { columns: readonly string[]; test: RowPredicate }
}

/** A batch output format. */
export interface BatchWriteFormat {
  /** The option names the format accepts (besides `path`). */
  readonly options: readonly string[]
  /** Prefixes of further option names the format accepts (Kafka's `kafka.*` client settings). */
  readonly optionPrefixes?: readonly string[]
  /** True for a format that writes no files (Kafka): no path needed, `request.path` is ''. */
  readonly pathless?: boolean
  write(request: BatchWriteRequest): Promise<void>
}
