/**
 * Edge cases against Spark, one input file per step (one data batch each, then whatever no-data
 * batches Spark runs). Times are seconds after 2026-01-01T00:00:00 UTC, fractions allowed.
 * Spark decides every boundary: `<` vs `<=` at the watermark, the window an event on a boundary
 * belongs to, what an empty file or an all-late batch reports. Spark judges lateness by the
 * watermark of the *previous* batch (spark-semantics §3.3), so rows meant to meet a watermark W
 * come two files after the row that sets W (the `tick` file in between).
 */
import {
  col,
  count,
  max,
  min,
  session_window,
  sum,
  window,
  type DataFrame,
} from '../../../src/index.js'
import { defineScenarios, type InputFile } from '../support/scenario.js'

/** `2026-01-01T00:MM:SS[.ffffff]` for `s` seconds (fractions to the microsecond). */
const ts = (s: number): string => {
  const whole = Math.floor(s)
  const micros = Math.round((s - whole) * 1e6)
  const base = `2026-01-01T00:${String(Math.floor(whole / 60)).padStart(2, '0')}:${String(whole % 60).padStart(2, '0')}`
  return micros ? `${base}.${String(micros).padStart(6, '0')}` : base
}
const steps = (rows: readonly (readonly Record<string, unknown>[])[]): InputFile[] =>
  rows.map((r, i) => ({
    name: `step-${String(i).padStart(2, '0')}.json`,
    lines: r.map((x) => JSON.stringify(x)),
  }))
const at = (...secs: number[]) => secs.map((s) => ({ ts: ts(s) }))
const keyed = (k: string, ...secs: number[]) => secs.map((s) => ({ key: k, ts: ts(s) }))
/** Rows `{ id, ts }` from [id, seconds] pairs. */
const ids = (...rows: [number, number][]) => rows.map(([id, s]) => ({ id, ts: ts(s) }))

const tumbling = (df: DataFrame): DataFrame =>
  df
    .withWatermark('ts', '10 seconds')
    .groupBy(window('ts', '5 seconds'))
    .agg(count('*').alias('n'), min('ts').alias('lo'), max('ts').alias('hi'))
const TUMBLING_PY =
  "df.withWatermark('ts', '10 seconds').groupBy(F.window('ts', '5 seconds')).agg(F.count('*').alias('n'), F.min('ts').alias('lo'), F.max('ts').alias('hi'))"

export const edgeCaseScenarios = defineScenarios(
  {
    name: 'edge: events exactly on window boundaries (tumbling and sliding)',
    input: {
      files: steps([at(10, 14.999999, 15, 20, 0, 5), at(25, 30), at(45)]),
    },
    schema: 'ts TIMESTAMP',
    query: (df) =>
      df
        .withWatermark('ts', '10 seconds')
        .groupBy(window('ts', '10 seconds', '5 seconds'))
        .agg(count('*').alias('n'), min('ts').alias('lo')),
    pyQuery:
      "df.withWatermark('ts', '10 seconds').groupBy(F.window('ts', '10 seconds', '5 seconds')).agg(F.count('*').alias('n'), F.min('ts').alias('lo'))",
    outputMode: 'append',
  },
  {
    name: 'edge: tumbling windows, an event exactly at the watermark and a window ending exactly at it',
    input: {
      files: steps([
        // watermark after this batch: 30 − 10 = 20
        at(12, 30),
        at(31), // tick: batch 1 runs with watermark 20, so batch 2 judges lateness by 20
        // 20 is exactly the watermark, 19.999999 just below, 20.000001 just above; the window
        // [15, 20) ends exactly at the watermark
        at(20, 19.999999, 20.000001, 15, 17),
        at(60),
      ]),
    },
    schema: 'ts TIMESTAMP',
    query: tumbling,
    pyQuery: TUMBLING_PY,
    outputMode: 'append',
  },
  {
    name: 'edge: deduplication, an event exactly at the watermark',
    input: {
      files: steps([
        ids([1, 30], [2, 21]),
        ids([6, 31]), // tick
        ids([3, 20], [4, 19.999999], [5, 20.000001], [2, 21]),
      ]),
    },
    schema: 'id INT, ts TIMESTAMP',
    query: (df) => df.withWatermark('ts', '10 seconds').dropDuplicates(['id', 'ts']),
    pyQuery: "df.withWatermark('ts', '10 seconds').dropDuplicates(['id', 'ts'])",
    outputMode: 'append',
  },
  {
    name: 'edge: an empty input file is an empty batch (stateless and windowed)',
    input: { files: steps([at(10, 11), [], at(31), []]) },
    schema: 'ts TIMESTAMP',
    query: tumbling,
    pyQuery: TUMBLING_PY,
    outputMode: 'append',
    compareDelta: true,
  },
  {
    name: 'edge: an empty input file in a pass-through query',
    input: { files: steps([at(10, 11), [], at(12)]) },
    schema: 'ts TIMESTAMP',
    compareDelta: true,
  },
  {
    name: 'edge: an all-late batch (every row dropped by the watermark), update mode',
    input: { files: steps([at(10, 12, 40), at(40.5), at(1, 2, 11, 14, 29.999999), at(41)]) },
    schema: 'ts TIMESTAMP',
    query: tumbling,
    pyQuery: TUMBLING_PY,
    outputMode: 'update',
  },
  {
    name: 'edge: one key with many sessions in one batch, then bridged and extended',
    input: {
      files: steps([
        // sessions (gap 10 s): [0,15) [30,41) [60,70) [90,105) [130,140)
        keyed('k', 0, 5, 30, 31, 60, 90, 95, 130),
        // 20 is ≥ 10 s from 5: its session [20,30) touches [30,41) and they merge into [20,41);
        // 97 extends [90,105) to [90,107); 150 starts one more
        keyed('k', 20, 97, 150),
        keyed('k', 200),
        keyed('other', 400),
      ]),
    },
    schema: 'key STRING, ts TIMESTAMP',
    query: (df) =>
      df
        .withWatermark('ts', '30 seconds')
        .groupBy(session_window('ts', '10 seconds'), 'key')
        .agg(count('*').alias('n'), min('ts').alias('lo'), max('ts').alias('hi')),
    pyQuery:
      "df.withWatermark('ts', '30 seconds').groupBy(F.session_window('ts', '10 seconds'), 'key').agg(F.count('*').alias('n'), F.min('ts').alias('lo'), F.max('ts').alias('hi'))",
    outputMode: 'append',
    compareDelta: true,
  },
  {
    name: 'edge: sliding windows drop a late event per window (kept in its open window)',
    input: {
      files: steps([
        // watermark after: 40 − 10 = 30
        at(10, 40),
        at(40.5), // tick
        // 27: windows [20,30) (ends at the watermark: late) and [25,35) (open) — Spark decides
        // 22: windows [15,25) and [20,30), both closed
        at(27, 22, 33),
        at(80),
      ]),
    },
    schema: 'ts TIMESTAMP',
    query: (df) =>
      df
        .withWatermark('ts', '10 seconds')
        .groupBy(window('ts', '10 seconds', '5 seconds'))
        .agg(count('*').alias('n'), sum(col('ts').cast('long')).alias('secs')),
    pyQuery:
      "df.withWatermark('ts', '10 seconds').groupBy(F.window('ts', '10 seconds', '5 seconds')).agg(F.count('*').alias('n'), F.sum(F.col('ts').cast('long')).alias('secs'))",
    outputMode: 'append',
  },
  {
    name: 'edge: a duplicate arriving after its state was evicted (dropDuplicates with the event time)',
    input: {
      files: steps([
        ids([1, 10], [1, 10]),
        ids([2, 30]), // watermark 25: the state of (1, 10) is evicted after batch 2
        ids([4, 30.5]), // tick
        ids([1, 10], [2, 30], [3, 26]),
      ]),
    },
    schema: 'id INT, ts TIMESTAMP',
    query: (df) => df.withWatermark('ts', '5 seconds').dropDuplicates(['id', 'ts']),
    pyQuery: "df.withWatermark('ts', '5 seconds').dropDuplicates(['id', 'ts'])",
    outputMode: 'append',
  },
  {
    name: 'edge: dropDuplicatesWithinWatermark, a duplicate after expiry is emitted again',
    input: {
      files: steps([
        ids([1, 10], [1, 12]),
        ids([2, 30]), // watermark 25: id 1 (expires at 12 + 5) is evicted after batch 2
        ids([4, 30.5]), // tick
        ids([1, 28], [1, 12], [2, 31]),
      ]),
    },
    schema: 'id INT, ts TIMESTAMP',
    query: (df) => df.withWatermark('ts', '5 seconds').dropDuplicatesWithinWatermark(['id']),
    pyQuery: "df.withWatermark('ts', '5 seconds').dropDuplicatesWithinWatermark(['id'])",
    outputMode: 'append',
  },
)
