/**
 * Runs a streaming query against a script of actions — add data, check answers, stop and restart
 * from the checkpoint, advance a manual clock, expect failures — in the spirit of Spark's
 * StreamTest. On failure the error lists the script with a marker at the failing step, the sink
 * content and the plan.
 *
 * @example
 * ```ts
 * import { SparkSession, col } from 'streamlake'
 * import { MemoryStream, testStream, addData, checkAnswer, stopStream, startStream } from 'streamlake/testing'
 * const spark = SparkSession.builder().config('spark.sql.session.timeZone', 'UTC').getOrCreate()
 * const input = new MemoryStream(spark, 'value INT')
 * await testStream(input.toDF().filter(col('value').gt(1)), 'append', [
 *   addData(input, { value: 1 }, { value: 2 }),
 *   checkAnswer({ value: 2 }),
 *   stopStream,
 *   startStream(),
 *   addData(input, { value: 3 }),
 *   checkAnswer({ value: 2 }, { value: 3 }),
 * ])
 * ```
 */
import { randomUUID } from 'node:crypto'
import { promises as fs } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { DataFrame } from '../api/dataframe.js'
import { fromUserRow } from '../api/row-conversion.js'
import type { StreamingQuery } from '../api/streaming-query.js'
import type { TriggerSetting } from '../api/data-stream-writer.js'
import { EngineError } from '../errors/index.js'
import { formatTable } from '../internal/format-table.js'
import { MemorySink } from '../sinks/memory/memory-sink.js'
import type { Row, StructType } from '../types/index.js'
import type { ManualClock } from './manual-clock.js'
import { describeAction, type StreamAction } from './stream-actions.js'

export interface TestStreamOptions {
  /** Reuse a checkpoint directory (default: a fresh temp directory, removed afterwards). */
  readonly checkpointLocation?: string
  /** A manual clock for processing-time triggers. */
  readonly clock?: ManualClock
  /** Start the query before the first action (default true, as in Spark). */
  readonly startImmediately?: boolean
}

export async function testStream(
  df: DataFrame,
  outputMode: string,
  actions: readonly StreamAction[],
  options: TestStreamOptions = {},
): Promise<void> {
  const spark = df.sparkSession
  const checkpoint = options.checkpointLocation ?? join(tmpdir(), `streamlake-test-${randomUUID()}`)
  const sink = new MemorySink(`testStream_${randomUUID().slice(0, 8)}`)
  const previousClock = spark.streams.clock
  if (options.clock) spark.streams.clock = options.clock
  let query: StreamingQuery | undefined
  let trigger: TriggerSetting | undefined
  let seenRows = 0
  let step = -1
  const start = async (t?: TriggerSetting): Promise<void> => {
    trigger = t
    const w = df.writeStream.outputMode(outputMode).option('checkpointLocation', checkpoint)
    if (t) w.trigger(t)
    query = await w.startWithSink(sink, { format: 'memory', path: sink.name })
  }
  const settle = async (): Promise<void> => {
    if (!query) return
    if (options.clock && trigger && 'processingTime' in trigger) {
      const deadline = Date.now() + 10_000
      while (query.isActive && !(options.clock.isWaiting && !query.status.isTriggerActive)) {
        if (Date.now() > deadline)
          throw new Error('the query did not settle within 10 s of manual-clock time')
        await new Promise((r) => setTimeout(r, 1))
      }
      const failure = query.exception()
      if (failure) throw failure
    } else {
      await query.processAllAvailable()
    }
  }
  try {
    if (options.startImmediately !== false) await start()
    for (step = 0; step < actions.length; step++) {
      const a = actions[step]!
      switch (a.kind) {
        case 'addData':
          a.stream.addData(...a.rows)
          break
        case 'startStream':
          if (query?.isActive) throw new Error('startStream while the query is running')
          await start(a.trigger)
          break
        case 'stopStream':
          await query?.stop()
          break
        case 'advanceClock':
          if (!options.clock) throw new Error('advanceClock needs options.clock')
          options.clock.advance(a.ms)
          break
        case 'checkAnswer':
        case 'checkLastBatch':
        case 'checkNewAnswer': {
          await settle()
          const schema = sink.schema!
          const actual =
            a.kind === 'checkAnswer'
              ? sink.rows
              : a.kind === 'checkNewAnswer'
                ? sink.rows.slice(seenRows)
                : (sink.batches.get(Math.max(-1, ...sink.batches.keys())) ?? [])
          seenRows = sink.rows.length
          const expected = a.rows.map((r, i) =>
            fromUserRow(schema, r, spark.conf.timeZone, `expected row ${i}`),
          )
          const problem = compareRows(schema, actual, expected)
          if (problem) throw new Error(problem)
          break
        }
        case 'expectFailure': {
          await query?.awaitTermination().catch(() => undefined)
          const error = query?.exception()
          if (!error) throw new Error('expected the query to fail, but it did not')
          if (a.code && error.code !== a.code)
            throw new Error(`expected error ${a.code}, got ${error.code}: ${error.message}`)
          if (a.check && !a.check(error))
            throw new Error(`the failure did not pass the check: ${error.message}`)
          break
        }
        case 'assertOnQuery': {
          await settle()
          if (!query || a.check(query) === false) throw new Error(`assertion failed: ${a.message}`)
          break
        }
      }
    }
  } catch (error) {
    throw new Error(report(error, actions, step, sink, df, spark.conf.timeZone), { cause: error })
  } finally {
    await query?.stop()
    spark.streams.clock = previousClock
    if (!options.checkpointLocation) await fs.rm(checkpoint, { recursive: true, force: true })
  }
}

// NaN, ±Infinity and -0.0 must not compare equal to null and 0 (JSON would merge them).
function canonical(row: Row): string {
  return JSON.stringify(row, (_k, v: unknown) =>
    v instanceof Map
      ? [...v]
      : typeof v === 'number' && (!Number.isFinite(v) || Object.is(v, -0))
        ? `<${Object.is(v, -0) ? '-0' : String(v)}>`
        : v,
  )
}

/** Multiset comparison; returns a description of the difference or undefined. */
function compareRows(
  schema: StructType,
  actual: readonly Row[],
  expected: readonly Row[],
): string | undefined {
  const count = (rows: readonly Row[]): Map<string, number> => {
    const m = new Map<string, number>()
    for (const r of rows) m.set(canonical(r), (m.get(canonical(r)) ?? 0) + 1)
    return m
  }
  const a = count(actual)
  const e = count(expected)
  const missing: string[] = []
  const extra: string[] = []
  for (const [k, n] of e) for (let i = a.get(k) ?? 0; i < n; i++) missing.push(k)
  for (const [k, n] of a) for (let i = e.get(k) ?? 0; i < n; i++) extra.push(k)
  if (missing.length === 0 && extra.length === 0) return undefined
  return `rows differ (columns ${schema.fields.map((f) => f.name).join(', ')}):\n  missing: ${missing.join(' ') || '-'}\n  unexpected: ${extra.join(' ') || '-'}`
}

function report(
  error: unknown,
  actions: readonly StreamAction[],
  failed: number,
  sink: MemorySink,
  df: DataFrame,
  tz: string,
): string {
  const message =
    error instanceof EngineError ? `[${error.code}] ${error.message}` : (error as Error).message
  const script = actions
    .map((a, i) => `${i === failed ? '=> ' : '   '}${describeAction(a)}`)
    .join('\n')
  const content = sink.schema ? formatTable(sink.schema, sink.rows, tz) : '(no output)'
  return `testStream failed at step ${failed}: ${message}\n\n== Script ==\n${script}\n\n== Sink content ==\n${content}\n== Plan ==\n${df.explain()}`
}
