/**
 * A differential scenario as data: the input files, the query written once for our engine and
 * once for PySpark, and the settings both engines share. Add one by writing a file under
 * test/oracle/scenarios/ (and, for a PySpark query longer than an expression, a function in
 * oracle/scenarios/<name>.py) and listing it in test/oracle/scenarios/index.ts.
 */
import type { DataFrame, GeneratorOptions, SparkSession } from '../../../src/index.js'

/**
 * One input file: its lines are joined with '\n' (a final newline is added; no lines: 0 bytes),
 * or its exact bytes (a byte order mark, bytes that are not UTF-8).
 */
export type InputFile =
  | { readonly name: string; readonly lines: readonly string[] }
  | { readonly name: string; readonly bytes: Uint8Array }

export type ScenarioInput =
  /** The event generator (simulated clock: give `seed` and `startTime`). */
  | { readonly generate: Omit<GeneratorOptions, 'out' | 'signal' | 'onBatch'> }
  /** Literal files, in increasing modification time in this order. */
  | { readonly files: readonly InputFile[] }

/**
 * The PySpark query: a Python expression in `df` (the streaming DataFrame), `F`
 * (pyspark.sql.functions) and `T` (pyspark.sql.types), e.g. `"df.filter(F.col('value') > 1)"`,
 * or a function `query(df)` in oracle/scenarios/<file>.py.
 */
export type PySparkQuery = string | { readonly file: string; readonly function?: string }

export type ScenarioTrigger = 'availableNow' | 'once' | 'default'

export interface Scenario {
  /** Unique; the test name. */
  readonly name: string
  readonly input: ScenarioInput
  /** The file format both engines read with `readStream.format(...)` (default `json`). */
  readonly format?: 'json' | 'csv' | 'parquet'
  /** The user schema (DDL), given to both engines' file readers. */
  readonly schema: string
  /** JSON reader options for both engines; `maxFilesPerTrigger` defaults to 1 (null unsets). */
  readonly readOptions?: Readonly<Record<string, string | number | boolean | null>>
  /** Our query as a function of the streaming DataFrame (default: identity). */
  readonly query?: (df: DataFrame, ctx: ScenarioContext) => DataFrame
  /** The same query in PySpark (default: identity). */
  readonly pyQuery?: PySparkQuery
  readonly outputMode?: 'append' | 'complete' | 'update'
  /** Default `availableNow`; `default` = default trigger + processAllAvailable + stop. */
  readonly trigger?: ScenarioTrigger
  /** `spark.sql.session.timeZone` for this scenario (default UTC). */
  readonly sessionTimeZone?: string
  /**
   * Also write each engine's Delta sink table and compare schema + rows. In update mode Spark's
   * Delta sink refuses the query, so Spark's side is foreachBatch + MERGE by `mergeKeys`.
   */
  readonly compareDelta?: boolean
  /** The grouping keys Spark's update-mode MERGE matches on (with `compareDelta`). */
  readonly mergeKeys?: readonly string[]
  /** Both engines must fail (e.g. FAILFAST); rows before the failure are still compared. */
  readonly expectFailure?: boolean
  /** Columns left out of every comparison (e.g. `current_timestamp` values). */
  readonly ignoreColumns?: readonly string[]
  /**
   * Documented differences (ids in test/oracle/DIFFERENCES.md), each with a pattern matching its
   * diff lines. Matching lines are tolerated; any other difference still fails the test, and so
   * does a listed difference that no longer occurs (remove it then: it was fixed).
   */
  readonly knownDifferences?: readonly KnownDifference[]
  /**
   * Runs before both engines (e.g. writes a static Delta table) and returns named values (paths)
   * for each engine: ours reach `query`'s `ctx.values`, Spark's are keyword arguments of the
   * `pyQuery` file function (or the dict `ctx` of an expression string).
   */
  readonly setup?: (root: string) => Promise<{ ours: ScenarioValues; spark: ScenarioValues }>
  /**
   * Runs in each engine's `foreachBatch`, after the batch is captured (e.g. updates the static
   * table between batches): ours in TypeScript, Spark's as `<function>(spark, batch_id, **values)`
   * in the `pyQuery` file. Not run for the `compareDelta` query.
   */
  readonly afterBatch?: {
    readonly ours: (batchId: number, values: ScenarioValues) => Promise<void>
    readonly py: string
  }
}

export type ScenarioValues = Readonly<Record<string, string>>

/** What our `query` gets besides the DataFrame. */
export interface ScenarioContext {
  readonly spark: SparkSession
  readonly values: ScenarioValues
}

export interface KnownDifference {
  readonly id: string
  readonly matches: RegExp
}

/** Groups scenarios of one file (a typed identity). */
export function defineScenarios(...scenarios: Scenario[]): Scenario[] {
  return scenarios
}
