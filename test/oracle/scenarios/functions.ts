/**
 * Column and aggregate functions against Spark: `date_format` with many pattern letters in a
 * DST zone, and `approx_count_distinct` (HyperLogLog++) per window and overall.
 */
import { EVENT_SCHEMA_DDL } from '../../../src/apps/event-schema.js'
import { col, date_format } from '../../../src/index.js'
import { defineScenarios } from '../support/scenario.js'

const PATTERNS = [
  "yyyy-MM-dd'T'HH:mm:ss.SSSXXX",
  'EEE, d MMM yyyy h:mm:ss a z',
  'EEEE MMMM dd D Q QQQ',
  'yy-M-d k K H h m s S SSSSSS',
  'x xx xxx Z ZZZZ ZZZZZ O OOOO VV zzzz',
  "G 'quoted''s' [yyyy]",
]

export const functionScenarios = defineScenarios({
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
})
