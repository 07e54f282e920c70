/**
 * Seed apps 2–4: event-time windows over the generated events, by event_type, appended to Delta
 * once each window is final (watermark 10 minutes, so Spark runs the same queries unchanged):
 * - tumbling: 5-minute windows → DATA/tumbling_aggregates (checkpoint `tumbling`);
 * - sliding: 5-minute windows every minute → DATA/sliding_aggregates (`sliding`);
 * - watermark: 5-minute windows; events up to 10 minutes late are counted, older ones dropped and
 *   counted in progress (`numRowsDroppedByWatermark`) and written to DATA/late_events (streamlake's
 *   late-data table: operator, watermark, event time, lateness, the dropped group)
 *   → DATA/watermarked_aggregates (`watermark`). With `lateEvents: false` (a remote session:
 *   Spark has no late-data table) the app writes no late_events.
 * Each group: event_count, total_value (sum of value), avg_value.
 */
import { join } from 'node:path'
import { avg, count, sum, window } from '../api/aggregate-functions.js'
import type { SparkSession } from '../api/session.js'
import type { StreamingQuery } from '../api/streaming-query.js'
import type { SeedAppOptions } from './seed-app-options.js'
import { readEvents, writeToDelta } from './seed-app-io.js'

function windowed(
  spark: SparkSession,
  o: SeedAppOptions,
  slide: string | undefined,
  table: string,
  checkpoint: string,
  name: string,
  lateTable?: string,
): Promise<StreamingQuery> {
  const events = readEvents(spark, o).withWatermark('timestamp', '10 minutes')
  const w =
    slide === undefined ? window('timestamp', '5 minutes') : window('timestamp', '5 minutes', slide)
  const aggregates = events
    .groupBy(w, 'event_type')
    .agg(
      count('*').alias('event_count'),
      sum('value').alias('total_value'),
      avg('value').alias('avg_value'),
    )
  return writeToDelta(aggregates, o, {
    table: join(o.data, table),
    checkpoint: join(o.checkpoints, checkpoint),
    name,
    outputMode: 'append',
    ...(lateTable !== undefined ? { lateDataPath: join(o.data, lateTable) } : {}),
  })
}

/**
 * Starts the tumbling app: 5-minute windows by event_type into `DATA/tumbling_aggregates`.
 *
 * @example
 * ```ts
 * import { SparkSession } from 'streamlake'
 * import { startTumbling } from 'streamlake/apps'
 * const spark = SparkSession.builder().getOrCreate()
 * const query = await startTumbling(spark, {
 *   input: './input',
 *   data: './data',
 *   checkpoints: './checkpoints',
 *   trigger: { availableNow: true },
 * })
 * await query.awaitTermination()
 * ```
 */
export const startTumbling = (spark: SparkSession, o: SeedAppOptions): Promise<StreamingQuery> =>
  windowed(spark, o, undefined, 'tumbling_aggregates', 'tumbling', 'tumbling')

/**
 * Starts the sliding app: 5-minute windows every minute into `DATA/sliding_aggregates`.
 *
 * @example
 * ```ts
 * import { SparkSession } from 'streamlake'
 * import { startSliding } from 'streamlake/apps'
 * const spark = SparkSession.builder().getOrCreate()
 * const query = await startSliding(spark, {
 *   input: './input',
 *   data: './data',
 *   checkpoints: './checkpoints',
 *   trigger: { availableNow: true },
 * })
 * await query.awaitTermination()
 * ```
 */
export const startSliding = (spark: SparkSession, o: SeedAppOptions): Promise<StreamingQuery> =>
  windowed(spark, o, '1 minute', 'sliding_aggregates', 'sliding', 'sliding')

/**
 * Starts the watermark app: the tumbling query into `DATA/watermarked_aggregates`, with the
 * rows the watermark drops in `DATA/late_events` (not with `lateEvents: false`, which a remote
 * session needs).
 *
 * @example
 * ```ts
 * import { SparkSession } from 'streamlake'
 * import { startWatermark } from 'streamlake/apps'
 * const spark = SparkSession.builder().getOrCreate()
 * const query = await startWatermark(spark, {
 *   input: './input',
 *   data: './data',
 *   checkpoints: './checkpoints',
 *   trigger: { availableNow: true },
 * })
 * await query.awaitTermination()
 * ```
 */
export const startWatermark = (spark: SparkSession, o: SeedAppOptions): Promise<StreamingQuery> =>
  windowed(
    spark,
    o,
    undefined,
    'watermarked_aggregates',
    'watermark',
    'watermark',
    o.lateEvents === false ? undefined : 'late_events',
  )
