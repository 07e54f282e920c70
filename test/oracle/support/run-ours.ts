/**
 * Runs a scenario on our engine the way the oracle runs it on Spark: the same files, schema,
 * reader options, output mode and trigger; each micro-batch captured with foreachBatch, the
 * progress from `recentProgress`, and optionally the table our Delta sink writes, read back with
 * our Delta reader.
 */
import { join } from 'node:path'
import {
  SparkSession,
  schemaToJson,
  type DataFrame,
  type DataStreamWriter,
  type StreamingQuery,
} from '../../../src/index.js'
import {
  encodeValue,
  progressOf,
  type BatchOutput,
  type DeltaTableResult,
  type EngineResult,
} from './engine-result.js'
import type { OracleValue, SchemaJson } from './oracle-client.js'
import type { Scenario, ScenarioTrigger, ScenarioValues } from './scenario.js'

/** A fresh session of our engine with the oracle's session settings. */
export function oursSession(timeZone = 'UTC'): SparkSession {
  const spark = SparkSession.builder().getOrCreate().newSession()
  spark.conf.set('spark.sql.session.timeZone', timeZone)
  spark.conf.set('spark.sql.shuffle.partitions', '2')
  return spark
}

/** The reader options both engines get: `maxFilesPerTrigger` 1 unless set (null = unset). */
export function readOptionsOf(s: Scenario): Record<string, string | number | boolean> {
  const out: Record<string, string | number | boolean> = {}
  for (const [k, v] of Object.entries({ maxFilesPerTrigger: 1, ...s.readOptions }))
    if (v !== null) out[k] = v
  return out
}

/** What `runOurs` needs of a scenario (file scenarios and Kafka scenarios alike). */
export type OursRunSpec = Pick<
  Scenario,
  'sessionTimeZone' | 'query' | 'afterBatch' | 'outputMode' | 'trigger' | 'compareDelta'
>

/**
 * `load` reads the streaming input (default: the JSON files in `input` with the scenario's
 * schema and reader options).
 */
export async function runOurs(
  s: OursRunSpec,
  input: string,
  work: string,
  values: ScenarioValues = {},
  load?: (spark: SparkSession) => DataFrame,
): Promise<EngineResult> {
  const spark = oursSession(s.sessionTimeZone)
  const readFiles = (): DataFrame => {
    const fileScenario = s as Scenario
    let reader = spark.readStream.format(fileScenario.format ?? 'json').schema(fileScenario.schema)
    for (const [k, v] of Object.entries(readOptionsOf(fileScenario))) reader = reader.option(k, v)
    return reader.load(input)
  }
  const source = (): DataFrame => {
    const df = load ? load(spark) : readFiles()
    return s.query ? s.query(df, { spark, values }) : df
  }
  const batches: BatchOutput[] = []
  let schema: SchemaJson | null = null
  let error: string | null = null
  let query: StreamingQuery | undefined
  try {
    const df = source()
    const writer = df.writeStream
      .foreachBatch(async (batch, batchId) => {
        const { schema: batchSchema, rows } = await batch.collectRows()
        schema ??= JSON.parse(schemaToJson(batchSchema)) as SchemaJson
        batches.push({ batchId, rows: rows.map((r) => r.map(encodeValue)) })
        await s.afterBatch?.ours(batchId, values)
      })
      .outputMode(s.outputMode ?? 'append')
      .option('checkpointLocation', join(work, 'foreach'))
    query = await withTrigger(writer, s.trigger).start()
    await finish(query, s.trigger)
  } catch (e) {
    error = e instanceof Error ? e.message : String(e)
  }
  const progress = (query?.recentProgress ?? []).map((p) =>
    progressOf(p as unknown as Record<string, unknown>),
  )
  let delta: DeltaTableResult | undefined
  if (s.compareDelta && error === null) {
    const path = join(work, 'table')
    const writer = source()
      .writeStream.format('delta')
      .outputMode(s.outputMode ?? 'append')
      .option('checkpointLocation', join(work, 'delta'))
    const q = await withTrigger(writer, s.trigger).start(path)
    await finish(q, s.trigger)
    delta = await readOurDeltaTable(spark, path)
  }
  return { schema, batches, progress, error, ...(delta ? { delta } : {}) }
}

/** A Delta table as our batch reader (`spark.read.format('delta')`) sees it. */
export async function readOurDeltaTable(
  spark: SparkSession,
  path: string,
  versionAsOf?: number,
): Promise<DeltaTableResult> {
  let reader = spark.read.format('delta')
  if (versionAsOf !== undefined) reader = reader.option('versionAsOf', versionAsOf)
  const { schema, rows } = await reader.load(path).collectRows()
  return {
    schema: JSON.parse(schemaToJson(schema)) as SchemaJson,
    rows: rows.map((r) => r.map<OracleValue>(encodeValue)),
  }
}

function withTrigger(w: DataStreamWriter, t: ScenarioTrigger | undefined): DataStreamWriter {
  switch (t ?? 'availableNow') {
    case 'availableNow':
      return w.trigger({ availableNow: true })
    case 'once':
      return w.trigger({ once: true })
    case 'default':
      return w
  }
}

async function finish(q: StreamingQuery, t: ScenarioTrigger | undefined): Promise<void> {
  if ((t ?? 'availableNow') === 'default') {
    try {
      await q.processAllAvailable()
    } finally {
      await q.stop()
    }
  } else {
    await q.awaitTermination()
  }
}
