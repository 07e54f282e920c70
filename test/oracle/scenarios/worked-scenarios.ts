/**
 * Worked scenarios of spark-semantics §15 against Spark, one input file per step (so each step is
 * one data batch, followed by whatever no-data batches Spark runs). Times are seconds after
 * 2026-01-01T00:00:00 UTC.
 */
import { col, count, session_window, window } from '../../../src/index.js'
import { defineScenarios, type InputFile } from '../support/scenario.js'

const ts = (s: number): string =>
  `2026-01-01T00:${String(Math.floor(s / 60)).padStart(2, '0')}:${String(s % 60).padStart(2, '0')}`
const steps = (rows: readonly (readonly Record<string, unknown>[])[]): InputFile[] =>
  rows.map((r, i) => ({
    name: `step-${String(i).padStart(2, '0')}.json`,
    lines: r.map((x) => JSON.stringify(x)),
  }))

export const workedScenarios = defineScenarios(
  {
    name: 'S1: tumbling 5 s, watermark 10 s, append (late row dropped)',
    input: {
      files: steps([
        [10, 11, 12, 13, 14, 15].map((s) => ({ ts: ts(s) })),
        [{ ts: ts(25) }],
        [{ ts: ts(10) }],
      ]),
    },
    schema: 'ts TIMESTAMP',
    query: (df) => df.withWatermark('ts', '10 seconds').groupBy(window('ts', '5 seconds')).count(),
    pyQuery: "df.withWatermark('ts', '10 seconds').groupBy(F.window('ts', '5 seconds')).count()",
    outputMode: 'append',
  },
  {
    name: 'S2: the same query in update mode',
    input: {
      files: steps([
        [10, 11, 12, 13, 14, 15].map((s) => ({ ts: ts(s) })),
        [{ ts: ts(25) }],
        [{ ts: ts(10) }, { ts: ts(25) }],
        [{ ts: ts(10) }],
      ]),
    },
    schema: 'ts TIMESTAMP',
    query: (df) => df.withWatermark('ts', '10 seconds').groupBy(window('ts', '5 seconds')).count(),
    pyQuery: "df.withWatermark('ts', '10 seconds').groupBy(F.window('ts', '5 seconds')).count()",
    outputMode: 'update',
  },
  {
    name: 'S8: session windows, gap 10 s, watermark 30 s, append (bridging, late rows)',
    input: {
      files: steps([
        [
          ['hello', 40],
          ['world', 40],
          ['spark', 40],
          ['streaming', 40],
          ['world', 41],
          ['hello', 41],
          ['structured', 41],
          ['streaming', 41],
        ].map(([k, s]) => ({ key: k, ts: ts(s as number) })),
        [
          { key: 'spark', ts: ts(25) },
          { key: 'streaming', ts: ts(25) },
        ],
        [
          { key: 'spark', ts: ts(0) },
          { key: 'streaming', ts: ts(0) },
        ],
        [
          { key: 'spark', ts: ts(30) },
          { key: 'streaming', ts: ts(30) },
        ],
        [
          { key: 'hello', ts: ts(60) },
          { key: 'apache', ts: ts(60) },
          { key: 'spark', ts: ts(60) },
        ],
        [
          { key: 'structured', ts: ts(90) },
          { key: 'streaming', ts: ts(90) },
        ],
      ]),
    },
    schema: 'key STRING, ts TIMESTAMP',
    query: (df) =>
      df
        .withWatermark('ts', '30 seconds')
        .groupBy(session_window('ts', '10 seconds'), 'key')
        .agg(count('*').alias('count')),
    pyQuery:
      "df.withWatermark('ts', '30 seconds').groupBy(F.session_window('ts', '10 seconds'), 'key').agg(F.count('*').alias('count'))",
    outputMode: 'append',
  },
  {
    name: 'S10: dropDuplicates() with a watermark on the event time',
    input: {
      files: steps([
        [10, 11, 12, 13, 14, 15].flatMap((s) => Array.from({ length: 5 }, () => ({ ts: ts(s) }))),
        [{ ts: ts(25) }],
        [{ ts: ts(10) }],
        [{ ts: ts(45) }],
      ]),
    },
    schema: 'ts TIMESTAMP',
    query: (df) => df.withWatermark('ts', '10 seconds').dropDuplicates(),
    pyQuery: "df.withWatermark('ts', '10 seconds').dropDuplicates()",
    outputMode: 'append',
  },
  {
    name: 'S11: dropDuplicates(id, time) with a 1 s watermark',
    input: {
      files: steps(
        [
          [
            [1, 1],
            [1, 1],
            [1, 2],
          ],
          [
            [1, 1],
            [2, 3],
            [2, 4],
          ],
          [
            [1, 0],
            [1, 1],
            [3, 5],
            [3, 6],
          ],
          [
            [1, 0],
            [4, 7],
          ],
        ].map((rows) => rows.map(([t, id]) => ({ time: ts(t!), id }))),
      ),
    },
    schema: 'time TIMESTAMP, id INT',
    query: (df) =>
      df.withWatermark('time', '1 second').dropDuplicates(['id', 'time']).select(col('id')),
    pyQuery: "df.withWatermark('time', '1 second').dropDuplicates(['id', 'time']).select('id')",
    outputMode: 'append',
  },
)
