/**
 * "Late data you can see": what a stateful operator dropped because of the watermark, one record
 * per dropped input row (dedup, sessions) or dropped group (aggregations) — the same unit Spark's
 * `numRowsDroppedByWatermark` counts, so the late table and the metric always agree.
 */
import { formatTimestampIso } from '../internal/time/timestamp-parser.js'
import {
  DataTypes,
  parseDdlSchema,
  type DataType,
  type Row,
  type StructType,
} from '../types/index.js'

export interface LateRecord {
  readonly operator: string
  /** The event time judged late (µs): the row's time, a window's end, or a session's end. */
  readonly eventTimeMicros: number | null
  /** The dropped row or group as JSON with column names. */
  readonly record: string
}

/** Schema of the late-data table. */
export const LATE_DATA_SCHEMA: StructType = parseDdlSchema(
  'operator STRING, batch_id BIGINT, watermark TIMESTAMP, event_time TIMESTAMP, lateness_ms BIGINT, record STRING',
)

/** The late-data table rows of one batch. */
export function lateDataRows(
  records: readonly LateRecord[],
  batchId: number,
  watermarkMs: number,
): Row[] {
  return records.map((r) => [
    r.operator,
    batchId,
    watermarkMs * 1000,
    r.eventTimeMicros,
    r.eventTimeMicros === null ? null : watermarkMs - Math.floor(r.eventTimeMicros / 1000),
    r.record,
  ])
}

/** A row as a JSON object with its column names (timestamps ISO-8601, structs nested). */
export function rowJson(
  names: readonly string[],
  types: readonly DataType[],
  row: readonly unknown[],
): string {
  return JSON.stringify(toObject(names, types, row))
}

function toObject(
  names: readonly string[],
  types: readonly DataType[],
  row: readonly unknown[],
): Record<string, unknown> {
  const o: Record<string, unknown> = {}
  names.forEach((n, i) => (o[n] = jsonValue(types[i] ?? DataTypes.StringType, row[i] ?? null)))
  return o
}

function jsonValue(t: DataType, v: unknown): unknown {
  if (v === null) return null
  if (t.type === 'timestamp' || t.type === 'timestamp_ntz') return formatTimestampIso(v as number)
  if (t.type === 'struct')
    return toObject(
      t.fields.map((f) => f.name),
      t.fields.map((f) => f.dataType),
      v as unknown[],
    )
  return v
}
