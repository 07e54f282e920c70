/** Per-batch facts expressions may read: the logged batch time and the session time zone. */
export interface EvaluationContext {
  /** `current_timestamp()` of this batch in ms (from `offsets/N`, identical on re-execution). */
  readonly batchTimestampMs: number
  /** `spark.sql.session.timeZone`. */
  readonly timeZone: string
  /**
   * `spark.sql.ansi.enabled` when the query started (undefined: true, Spark 4's default); read
   * when expressions are compiled.
   */
  readonly ansi?: boolean
}
