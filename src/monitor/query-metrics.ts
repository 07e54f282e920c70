/**
 * Prometheus metrics of the session's queries (prom-client, one registry per server so sessions
 * and tests never share series), updated from listener events. Every series carries
 * `query_id` and `query_name`; state series add `operator` (Spark's operatorName) and
 * `operator_id` (its position in the plan), source series `source` (its description) and
 * `source_id` (its position among the streaming sources). Timestamps are exported as Unix
 * seconds, the Prometheus convention.
 */
import { Counter, Gauge, Histogram, Registry } from 'prom-client'
import type {
  QueryProgressEvent,
  QueryStartedEvent,
  QueryTerminatedEvent,
  StreamingQueryListener,
} from './events.js'

const QUERY = ['query_id', 'query_name'] as const
const OPERATOR = ['query_id', 'query_name', 'operator', 'operator_id'] as const
const SOURCE = ['query_id', 'query_name', 'source', 'source_id'] as const

export class QueryMetrics implements StreamingQueryListener {
  readonly registry = new Registry()
  private readonly names = new Map<string, string>()
  private readonly r = [this.registry]
  private readonly active = new Gauge({
    name: 'streamlake_query_active',
    help: '1 while the query runs, 0 once it stopped or failed',
    labelNames: QUERY,
    registers: this.r,
  })
  private readonly failures = new Counter({
    name: 'streamlake_query_failures_total',
    help: 'Runs of the query that ended with an error',
    labelNames: QUERY,
    registers: this.r,
  })
  private readonly batches = new Counter({
    name: 'streamlake_query_batches_total',
    help: 'Micro-batches executed (data and no-data batches)',
    labelNames: QUERY,
    registers: this.r,
  })
  private readonly batchId = new Gauge({
    name: 'streamlake_query_last_batch_id',
    help: 'Id of the last executed micro-batch',
    labelNames: QUERY,
    registers: this.r,
  })
  private readonly inputRows = new Counter({
    name: 'streamlake_query_input_rows_total',
    help: 'Rows read from all sources (numInputRows summed over batches)',
    labelNames: QUERY,
    registers: this.r,
  })
  private readonly outputRows = new Counter({
    name: 'streamlake_query_output_rows_total',
    help: 'Rows written to the sink, for sinks that report it (not Delta or foreachBatch, as in Spark)',
    labelNames: QUERY,
    registers: this.r,
  })
  private readonly inputRate = new Gauge({
    name: 'streamlake_query_input_rows_per_second',
    help: "Last batch's inputRowsPerSecond (rows / seconds since the previous trigger start)",
    labelNames: QUERY,
    registers: this.r,
  })
  private readonly processedRate = new Gauge({
    name: 'streamlake_query_processed_rows_per_second',
    help: "Last batch's processedRowsPerSecond (rows / batch duration)",
    labelNames: QUERY,
    registers: this.r,
  })
  private readonly batchDuration = new Histogram({
    name: 'streamlake_query_batch_duration_seconds',
    help: 'Trigger duration of executed batches (batchDuration)',
    labelNames: QUERY,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
    registers: this.r,
  })
  private readonly phaseDuration = new Gauge({
    name: 'streamlake_query_phase_duration_seconds',
    help: "Last batch's durationMs per phase (addBatch, getBatch, latestOffset, walCommit, …)",
    labelNames: [...QUERY, 'phase'],
    registers: this.r,
  })
  private readonly watermark = new Gauge({
    name: 'streamlake_query_watermark_seconds',
    help: 'Event-time watermark used by the last batch (Unix seconds)',
    labelNames: QUERY,
    registers: this.r,
  })
  private readonly maxEventTime = new Gauge({
    name: 'streamlake_query_max_event_time_seconds',
    help: 'Largest event time seen in the last batch with input (Unix seconds)',
    labelNames: QUERY,
    registers: this.r,
  })
  private readonly watermarkLag = new Gauge({
    name: 'streamlake_query_watermark_lag_seconds',
    help: 'Max event time minus watermark of the last batch with input',
    labelNames: QUERY,
    registers: this.r,
  })
  private readonly stateRows = new Gauge({
    name: 'streamlake_state_rows',
    help: 'Rows held in the operator state after the last batch (numRowsTotal)',
    labelNames: OPERATOR,
    registers: this.r,
  })
  private readonly stateMemory = new Gauge({
    name: 'streamlake_state_memory_used_bytes',
    help: 'Estimated memory of the operator state (memoryUsedBytes)',
    labelNames: OPERATOR,
    registers: this.r,
  })
  private readonly stateUpdated = new Counter({
    name: 'streamlake_state_rows_updated_total',
    help: 'State rows written (numRowsUpdated summed over batches)',
    labelNames: OPERATOR,
    registers: this.r,
  })
  private readonly stateRemoved = new Counter({
    name: 'streamlake_state_rows_removed_total',
    help: 'State rows evicted (numRowsRemoved summed over batches)',
    labelNames: OPERATOR,
    registers: this.r,
  })
  private readonly droppedByWatermark = new Counter({
    name: 'streamlake_state_rows_dropped_by_watermark_total',
    help: 'Input rows dropped as too late by the operator (numRowsDroppedByWatermark)',
    labelNames: OPERATOR,
    registers: this.r,
  })
  private readonly badRecords = new Counter({
    name: 'streamlake_source_bad_records_total',
    help: 'Malformed input records the JSON source met (sources[].metrics.numBadRecords summed over batches)',
    labelNames: SOURCE,
    registers: this.r,
  })
  private readonly missingFiles = new Counter({
    name: 'streamlake_source_missing_files_total',
    help: 'Admitted input files skipped because they no longer existed (sources[].metrics.numMissingFiles)',
    labelNames: SOURCE,
    registers: this.r,
  })

  /** The exposition text (`GET /metrics`). */
  async text(): Promise<string> {
    return this.registry.metrics()
  }

  get contentType(): string {
    return this.registry.contentType
  }

  onQueryStarted(e: QueryStartedEvent): void {
    this.names.set(e.id, e.name ?? e.id)
    this.active.set(this.labels(e.id), 1)
  }

  onQueryProgress({ progress: p }: QueryProgressEvent): void {
    const q = this.labels(p.id)
    this.batches.inc(q)
    this.batchId.set(q, p.batchId)
    this.inputRows.inc(q, p.numInputRows)
    if (p.sink.numOutputRows > 0) this.outputRows.inc(q, p.sink.numOutputRows)
    this.inputRate.set(q, finite(p.inputRowsPerSecond))
    this.processedRate.set(q, finite(p.processedRowsPerSecond))
    this.batchDuration.observe(q, p.batchDuration / 1000)
    for (const [phase, ms] of Object.entries(p.durationMs))
      this.phaseDuration.set({ ...q, phase }, ms / 1000)
    const wm = seconds(p.eventTime?.['watermark'])
    const max = seconds(p.eventTime?.['max'])
    if (wm !== undefined) this.watermark.set(q, wm)
    if (max !== undefined) this.maxEventTime.set(q, max)
    if (wm !== undefined && max !== undefined) this.watermarkLag.set(q, Math.max(0, max - wm))
    p.stateOperators.forEach((op, i) => {
      const o = { ...q, operator: op.operatorName, operator_id: String(i) }
      this.stateRows.set(o, op.numRowsTotal)
      this.stateMemory.set(o, op.memoryUsedBytes)
      this.stateUpdated.inc(o, op.numRowsUpdated)
      this.stateRemoved.inc(o, op.numRowsRemoved)
      this.droppedByWatermark.inc(o, op.numRowsDroppedByWatermark)
    })
    p.sources.forEach((src, i) => {
      const o = { ...q, source: src.description, source_id: String(i) }
      const bad = count(src.metrics?.['numBadRecords'])
      const missing = count(src.metrics?.['numMissingFiles'])
      if (bad !== undefined) this.badRecords.inc(o, bad)
      if (missing !== undefined) this.missingFiles.inc(o, missing)
    })
  }

  onQueryTerminated(e: QueryTerminatedEvent): void {
    const q = this.labels(e.id)
    this.active.set(q, 0)
    if (e.exception !== null) this.failures.inc(q)
  }

  private labels(id: string): { query_id: string; query_name: string } {
    return { query_id: id, query_name: this.names.get(id) ?? id }
  }
}

function finite(v: number | undefined): number {
  return v !== undefined && Number.isFinite(v) ? v : 0
}

/** A count from a source's string metrics, if it has that metric. */
function count(text: string | undefined): number | undefined {
  const n = Number(text)
  return text !== undefined && Number.isInteger(n) && n >= 0 ? n : undefined
}

function seconds(iso: string | undefined): number | undefined {
  if (iso === undefined) return undefined
  const ms = Date.parse(iso)
  return Number.isNaN(ms) ? undefined : ms / 1000
}
