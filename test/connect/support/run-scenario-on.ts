/**
 * Runs one oracle scenario (test/oracle/scenarios) on one engine — the embedded one, or Spark
 * through a remote session — the way a user would: the file stream in the scenario's format (JSON,
 * CSV or Parquet) with its schema and reader options, its `query(df)`, into a Delta table with
 * the scenario's output mode and trigger.
 * What is observable on both engines is captured: the final table (read back with our Delta
 * reader), its columns, each batch's numInputRows, and the failure if the query failed.
 */
import { existsSync } from 'node:fs'
import { join } from 'node:path'
import {
  simpleString,
  type DataFrame,
  type DataStreamWriter,
  type SparkSession,
  type StreamingQuery,
} from '../../../src/index.js'
import { readOptionsOf } from '../../oracle/support/run-ours.js'
import type { Scenario, ScenarioValues } from '../../oracle/support/scenario.js'
import { canonicalRows } from './canonical-rows.js'

export interface ScenarioOutcome {
  /** The failure (message), or null. */
  readonly error: string | null
  /** The error code of a refusal before anything ran (SL_CONNECT_UNSUPPORTED …). */
  readonly errorCode: string | null
  /** `name type` of each table column. */
  readonly columns: readonly string[]
  /** Canonical rows of the final table (ignored columns left out). */
  readonly rows: readonly string[]
  /** numInputRows of each batch in recentProgress. */
  readonly numInputRows: readonly number[]
  readonly ms: number
}

/** Long: a remote micro-batch took up to 40 s on the loaded 2-core CI machine. */
const AWAIT_MS = 900_000

/**
 * @param spark the engine's session (already configured: time zone, shuffle partitions)
 * @param reader a session of the embedded engine, to read the table back
 */
export async function runScenarioOn(
  s: Scenario,
  spark: SparkSession,
  reader: SparkSession,
  input: string,
  work: string,
  values: ScenarioValues,
): Promise<ScenarioOutcome> {
  const started = Date.now()
  const table = join(work, 'table')
  let error: string | null = null
  let errorCode: string | null = null
  let query: StreamingQuery | undefined
  try {
    let r = spark.readStream.format(s.format ?? 'json').schema(s.schema)
    for (const [k, v] of Object.entries(readOptionsOf(s))) r = r.option(k, v)
    const raw = r.load(input)
    const df: DataFrame = s.query ? s.query(raw, { spark, values }) : raw
    const writer = df.writeStream
      .format('delta')
      .outputMode(s.outputMode ?? 'append')
      .option('checkpointLocation', join(work, 'checkpoint'))
    query = await withTrigger(writer, s).start(table)
    if ((s.trigger ?? 'availableNow') === 'default') {
      try {
        await query.processAllAvailable()
      } finally {
        await query.stop()
      }
    } else if (!(await query.awaitTermination(AWAIT_MS))) {
      await query.stop()
      error = `the query did not finish within ${AWAIT_MS / 1000} s`
    }
    const failure = query.exception()
    if (failure) error = failure.message
  } catch (e) {
    error = e instanceof Error ? e.message : String(e)
    errorCode = (e as { code?: string }).code ?? null
  }
  const numInputRows = (query?.recentProgress ?? []).map((p) => p.numInputRows)
  let columns: string[] = []
  let rows: string[] = []
  if (existsSync(join(table, '_delta_log'))) {
    const { schema, rows: all } = await reader.read.format('delta').load(table).collectRows()
    const keep = schema.fields.flatMap((f, i) => (s.ignoreColumns?.includes(f.name) ? [] : [i]))
    columns = keep.map(
      (i) => `${schema.fields[i]!.name} ${simpleString(schema.fields[i]!.dataType)}`,
    )
    rows = canonicalRows(all.map((row) => keep.map((i) => row[i])))
  }
  return { error, errorCode, columns, rows, numInputRows, ms: Date.now() - started }
}

function withTrigger(w: DataStreamWriter, s: Scenario): DataStreamWriter {
  switch (s.trigger ?? 'availableNow') {
    case 'availableNow':
      return w.trigger({ availableNow: true })
    case 'once':
      return w.trigger({ once: true })
    case 'default':
      return w
  }
}
