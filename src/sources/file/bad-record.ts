/**
 * One bad record of the JSON reader as it is written under `badRecordsPath` (one JSON line per
 * record): Databricks' fields `path`, `record` and `reason`, plus the 1-based `line` of the
 * record in its file.
 */
export interface BadRecord {
  /** The input file, as an absolute path. */
  readonly path: string
  readonly line: number
  /** The record's raw text (the whole line). */
  readonly record: string
  readonly reason: string
}
