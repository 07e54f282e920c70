/**
 * Column and aggregate functions against Spark: `date_format` with many pattern letters in a
 * DST zone, `approx_count_distinct` (HyperLogLog++) per window and overall, and `to_json` /
 * `struct` / `getField` (what a Kafka value is built from) in a DST zone.
 */
import { EVENT_SCHEMA_DDL } from '../../../src/apps/event-schema.js'
import {
  approx_count_distinct,
  col,
  date_format,
  lit,
  struct,
  sum,
  to_json,
  window,
} from '../../../src/index.js'
import { defineScenarios, type InputFile } from '../support/scenario.js'

const ts = (s: number): string =>
  `2026-01-01T00:${String(Math.floor(s / 60)).padStart(2, '0')}:${String(s % 60).padStart(2, '0')}`
const steps = (rows: readonly (readonly number[])[]): InputFile[] =>
  rows.map((r, i) => ({
    name: `step-${String(i).padStart(2, '0')}.json`,
    lines: r.map((s) => JSON.stringify({ ts: ts(s) })),
  }))

const PATTERNS = [
  "yyyy-MM-dd'T'HH:mm:ss.SSSXXX",
  'EEE, d MMM yyyy h:mm:ss a z',
  'EEEE MMMM dd D Q QQQ',
  'yy-M-d k K H h m s S SSSSSS',
  'x xx xxx Z ZZZZ ZZZZZ O OOOO VV zzzz',
  "G 'quoted''s' [yyyy]",
]

export const functionScenarios = defineScenarios(
  {
    name: 'date_format: pattern letters in America/Los_Angeles (DST) → per batch',
    input: {
      generate: { batches: 2, eventsPerBatch: 40, seed: 11, startTime: '2026-03-08T08:30:00Z' },
    },
    schema: EVENT_SCHEMA_DDL,
    sessionTimeZone: 'America/Los_Angeles',
    query: (df) =>
      df.select(
        col('event_id'),
        ...PATTERNS.map((p, i) => date_format(col('timestamp'), p).alias(`f${i}`)),
      ),
    pyQuery: `df.select(F.col('event_id'), ${PATTERNS.map(
      (p, i) => `F.date_format(F.col('timestamp'), ${JSON.stringify(p)}).alias('f${i}')`,
    ).join(', ')})`,
  },
  {
    name: 'window over a window column: 5 s counts chained into 10 s sums, append (§1.5)',
    input: { files: steps([[10, 11, 12, 13, 14, 15], [25], [10], [40], [70]]) },
    schema: 'ts TIMESTAMP',
    query: (df) =>
      df
        .withWatermark('ts', '10 seconds')
        .groupBy(window('ts', '5 seconds'))
        .count()
        .groupBy(window(col('window'), '10 seconds'))
        .agg(sum('count').alias('total')),
    pyQuery:
      "df.withWatermark('ts', '10 seconds').groupBy(F.window('ts', '5 seconds')).count()" +
      ".groupBy(F.window(F.col('window'), '10 seconds')).agg(F.sum('count').alias('total'))",
    outputMode: 'append',
  },
  {
    name: 'to_json(struct(...)), struct field names and getField in America/Los_Angeles → per batch',
    input: {
      generate: { batches: 2, eventsPerBatch: 40, seed: 23, startTime: '2026-03-08T09:55:00Z' },
    },
    schema: EVENT_SCHEMA_DDL,
    sessionTimeZone: 'America/Los_Angeles',
    query: (df) =>
      df
        .select(
          col('event_id'),
          col('timestamp'),
          struct(
            col('user_id'),
            col('event_type').alias('kind'),
            col('timestamp'),
            col('value'),
            col('session_id'),
            lit(1),
          ).alias('s'),
        )
        .select(
          col('event_id'),
          to_json(col('s')).alias('j'),
          to_json(col('s'), { ignoreNullFields: 'false' }).alias('all'),
          col('s').getField('kind').alias('kind'),
          col('s').getField('col6').alias('one'),
          to_json(struct('*')).alias('row'),
          to_json(struct(col('timestamp')), {
            timestampFormat: 'yyyy-MM-dd HH:mm:ss.SSSSSS',
          }).alias('f'),
        ),
    pyQuery:
      "df.select(F.col('event_id'), F.col('timestamp'), F.struct(F.col('user_id'), " +
      "F.col('event_type').alias('kind'), F.col('timestamp'), F.col('value'), F.col('session_id'), " +
      "F.lit(1)).alias('s')).select(F.col('event_id'), F.to_json(F.col('s')).alias('j'), " +
      "F.to_json(F.col('s'), {'ignoreNullFields': 'false'}).alias('all'), " +
      "F.col('s').getField('kind').alias('kind'), F.col('s').getField('col6').alias('one'), " +
      "F.to_json(F.struct('*')).alias('row'), " +
      "F.to_json(F.struct(F.col('timestamp')), {'timestampFormat': 'yyyy-MM-dd HH:mm:ss.SSSSSS'}).alias('f'))",
  },
  {
    name: 'approx_count_distinct (HyperLogLog++) per event type, complete → per batch',
    input: {
      generate: { batches: 3, eventsPerBatch: 1500, seed: 5, startTime: '2026-11-24T10:00:00Z' },
    },
    schema: EVENT_SCHEMA_DDL,
    readOptions: { maxFilesPerTrigger: 1 },
    query: (df) =>
      df
        .groupBy('event_type')
        .agg(
          approx_count_distinct('event_id').alias('events'),
          approx_count_distinct('user_id').alias('users'),
          approx_count_distinct('value').alias('values'),
          approx_count_distinct('timestamp').alias('times'),
        ),
    pyQuery:
      "df.groupBy('event_type').agg(F.approx_count_distinct('event_id').alias('events'), " +
      "F.approx_count_distinct('user_id').alias('users'), F.approx_count_distinct('value').alias('values'), " +
      "F.approx_count_distinct('timestamp').alias('times'))",
    outputMode: 'complete',
  },
)
