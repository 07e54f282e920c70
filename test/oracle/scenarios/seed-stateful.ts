/**
 * The stateful seed queries (issue 3) against Spark: windows, watermark drops, dedup and session
 * windows on generated events with late events and duplicates, compared per micro-batch
 * (including no-data batches), progress counters and the final Delta table.
 */
import { EVENT_SCHEMA_DDL } from '../../../src/apps/event-schema.js'
import { avg, count, max, min, session_window, sum, window } from '../../../src/index.js'
import { defineScenarios, type Scenario } from '../support/scenario.js'

// 24 batches one minute apart: windows close, 20 % late events (1–10 min), 10 % duplicates.
const generate = {
  batches: 24,
  eventsPerBatch: 40,
  seed: 7,
  startTime: '2026-11-24T10:00:00Z',
  intervalMs: 60_000,
  lateFraction: 0.2,
  duplicateFraction: 0.1,
  users: 30,
}
// Fewer, wider batches for the update-mode MERGE scenarios (Spark MERGEs once per batch, seconds
// each): 6 batches 200 s apart still close windows under a 10-min watermark.
const mergeGenerate = { ...generate, batches: 6, eventsPerBatch: 30, intervalMs: 200_000 }
const AGGS_PY =
  "F.count('*').alias('event_count'), F.sum('value').alias('total_value'), F.avg('value').alias('avg_value')"
/**
 * The seed windowed aggregation in both engines: event_count, total_value and avg_value per
 * window (`duration`, sliding by `slide`) and event_type, watermark 10 min.
 */
const seedWindows = (duration: string, slide?: string): Pick<Scenario, 'query' | 'pyQuery'> => ({
  query: (df) =>
    df
      .withWatermark('timestamp', '10 minutes')
      .groupBy(window('timestamp', duration, slide), 'event_type')
      .agg(
        count('*').alias('event_count'),
        sum('value').alias('total_value'),
        avg('value').alias('avg_value'),
      ),
  pyQuery: `df.withWatermark('timestamp', '10 minutes').groupBy(F.window('timestamp', ${
    slide === undefined ? `'${duration}'` : `'${duration}', '${slide}'`
  }), 'event_type').agg(${AGGS_PY})`,
})

export const seedStatefulScenarios = defineScenarios(
  {
    name: 'seed tumbling: 5-min windows by event_type, watermark 10 min, append',
    input: { generate },
    schema: EVENT_SCHEMA_DDL,
    ...seedWindows('5 minutes'),
    outputMode: 'append',
    compareDelta: true,
  },
  {
    name: 'seed sliding: 5-min windows every minute, watermark 10 min, append',
    input: { generate },
    schema: EVENT_SCHEMA_DDL,
    ...seedWindows('5 minutes', '1 minute'),
    outputMode: 'append',
  },
  {
    name: 'tumbling in update mode (memory capture): touched groups per batch, silent eviction',
    input: { generate },
    schema: EVENT_SCHEMA_DDL,
    query: (df) =>
      df
        .withWatermark('timestamp', '10 minutes')
        .groupBy(window('timestamp', '5 minutes'), 'event_type')
        .count(),
    pyQuery:
      "df.withWatermark('timestamp', '10 minutes').groupBy(F.window('timestamp', '5 minutes'), 'event_type').count()",
    outputMode: 'update',
  },
  {
    name: 'update mode → Delta: our upserting sink vs Spark foreachBatch + MERGE (windows, evictions)',
    input: { generate: mergeGenerate },
    schema: EVENT_SCHEMA_DDL,
    ...seedWindows('5 minutes'),
    outputMode: 'update',
    compareDelta: true,
    mergeKeys: ['window', 'event_type'],
  },
  {
    name: 'update mode → Delta: running aggregates by user_id (no watermark), MERGE vs upsert',
    input: { generate: mergeGenerate },
    schema: EVENT_SCHEMA_DDL,
    query: (df) =>
      df
        .groupBy('user_id')
        .agg(count('*').alias('n'), max('value').alias('hi'), min('timestamp').alias('first')),
    pyQuery:
      "df.groupBy('user_id').agg(F.count('*').alias('n'), F.max('value').alias('hi'), F.min('timestamp').alias('first'))",
    outputMode: 'update',
    compareDelta: true,
    mergeKeys: ['user_id'],
  },
  {
    name: 'running count by event_type in complete mode',
    input: { generate },
    schema: EVENT_SCHEMA_DDL,
    query: (df) =>
      df
        .groupBy('event_type')
        .agg(count('*').alias('n'), min('value').alias('lo'), max('value').alias('hi')),
    pyQuery:
      "df.groupBy('event_type').agg(F.count('*').alias('n'), F.min('value').alias('lo'), F.max('value').alias('hi'))",
    outputMode: 'complete',
  },
  {
    name: 'seed dedup: dropDuplicates(event_id, timestamp), watermark 1 h',
    input: { generate },
    schema: EVENT_SCHEMA_DDL,
    query: (df) =>
      df.withWatermark('timestamp', '1 hour').dropDuplicates(['event_id', 'timestamp']),
    pyQuery: "df.withWatermark('timestamp', '1 hour').dropDuplicates(['event_id', 'timestamp'])",
    outputMode: 'append',
    compareDelta: true,
  },
  {
    name: 'seed sessions: 30-min gap... scaled to 2 min by user_id, watermark 5 min, append',
    input: { generate },
    schema: EVENT_SCHEMA_DDL,
    query: (df) =>
      df
        .withWatermark('timestamp', '5 minutes')
        .groupBy(session_window('timestamp', '2 minutes'), 'user_id')
        .agg(count('*').alias('event_count'), sum('value').alias('total_value')),
    pyQuery:
      "df.withWatermark('timestamp', '5 minutes').groupBy(F.session_window('timestamp', '2 minutes'), 'user_id').agg(F.count('*').alias('event_count'), F.sum('value').alias('total_value'))",
    outputMode: 'append',
    compareDelta: true,
  },
)
