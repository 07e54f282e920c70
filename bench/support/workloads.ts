/**
 * The six benchmark workloads of issue 6 — the seed apps' queries, each one query writing one
 * Delta table — and issue 16's Kafka → Delta (the same events read from a topic on a local broker). Where each engine writes is fixed here (the seed's layout under DATA and
 * CHECKPOINTS) so the harness can watch the table and read the checkpoint of either engine;
 * bench/spark_bench.py builds the same queries in PySpark.
 */
export interface Workload {
  readonly name: WorkloadName
  readonly description: string
  /** The Delta table under DATA. */
  readonly table: string
  /** The checkpoint under CHECKPOINTS. */
  readonly checkpoint: string
}

export const WORKLOAD_NAMES = [
  'passthrough',
  'tumbling',
  'sliding',
  'dedup',
  'join',
  'sessions',
  'kafka',
] as const
export type WorkloadName = (typeof WORKLOAD_NAMES)[number]

export const WORKLOADS: Readonly<Record<WorkloadName, Workload>> = {
  passthrough: {
    name: 'passthrough',
    description: 'pass-through JSON → Delta (append)',
    table: 'events',
    checkpoint: 'raw_events',
  },
  tumbling: {
    name: 'tumbling',
    description: 'tumbling 5 min windows by event_type: count, sum, avg; watermark 10 min; append',
    table: 'tumbling_aggregates',
    checkpoint: 'tumbling',
  },
  sliding: {
    name: 'sliding',
    description: 'sliding 5 min windows every 1 min by event_type, same aggregates; append',
    table: 'sliding_aggregates',
    checkpoint: 'sliding',
  },
  dedup: {
    name: 'dedup',
    description: 'dropDuplicates(event_id, timestamp), watermark 1 h; append',
    table: 'deduplicated_events',
    checkpoint: 'dedup',
  },
  join: {
    name: 'join',
    description: 'stream-static inner join on user_id with a 1,000-row users Delta table',
    table: 'enriched_events',
    checkpoint: 'enriched',
  },
  sessions: {
    name: 'sessions',
    description:
      'session windows, 30 min gap, by user_id: count, sum, min, max; watermark 1 h; append',
    table: 'user_sessions',
    checkpoint: 'sessions',
  },
  kafka: {
    name: 'kafka',
    description:
      'Kafka → Delta: the events as records of a 2-partition topic, from_json(value) into the seed columns (append)',
    table: 'events',
    checkpoint: 'raw_events',
  },
}

export function isWorkloadName(name: string): name is WorkloadName {
  return (WORKLOAD_NAMES as readonly string[]).includes(name)
}
