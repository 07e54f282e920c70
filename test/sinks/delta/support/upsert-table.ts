/** Helpers of the update-mode Delta sink tests: a windowed schema, batches, and the model. */
import { DeltaLog, readSnapshotRows } from '../../../../src/delta/index.js'
import { DeltaSink } from '../../../../src/sinks/delta/delta-sink.js'
import type { SinkStartContext } from '../../../../src/sinks/sink.js'
import { parseDdlSchema, type Row } from '../../../../src/types/index.js'

export const WINDOW_SCHEMA = parseDdlSchema(
  'window STRUCT<start: TIMESTAMP, end: TIMESTAMP>, event_type STRING, n BIGINT, total DOUBLE',
)
export const WINDOW_KEYS = ['window', 'event_type']
export const MINUTE = 60_000_000
export const T0 = Date.UTC(2026, 10, 24, 10) * 1000

/** The i-th one-minute window, as the in-memory struct value [start, end] in microseconds. */
export const win = (i: number): [number, number] => [T0 + i * MINUTE, T0 + (i + 1) * MINUTE]

export function updateCtx(
  queryId = 'q-up',
  /** null: a query without aggregation (no keys). */
  upsertKeys: readonly string[] | null = WINDOW_KEYS,
  schema = WINDOW_SCHEMA,
): SinkStartContext {
  return {
    queryId,
    outputMode: 'update',
    schema,
    timeZone: 'UTC',
    ...(upsertKeys ? { upsertKeys } : {}),
  }
}

export async function startedSink(path: string, ctx = updateCtx()): Promise<DeltaSink> {
  const sink = new DeltaSink(path)
  await sink.start(ctx)
  return sink
}

/** "Latest value per key", computed independently of the sink's key encoding. */
export class LatestModel {
  private readonly rows = new Map<string, Row>()
  constructor(private readonly keyOf: (r: Row) => unknown = (r) => [r[0], r[1]]) {}
  apply(batch: readonly Row[]): void {
    for (const r of batch) this.rows.set(JSON.stringify(this.keyOf(r)), r)
  }
  sorted(): string[] {
    return canonical([...this.rows.values()])
  }
}

export function canonical(rows: readonly Row[]): string[] {
  return rows.map((r) => JSON.stringify(r)).sort()
}

export async function tableRows(path: string, version?: number): Promise<string[]> {
  return canonical(await readSnapshotRows(await DeltaLog.forTable(path).snapshot(version)))
}

/** Deterministic pseudo-random numbers (mulberry32). */
export function random(seed: number): () => number {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

const TYPES = ['click', 'view', 'buy', null] as const

/**
 * An update batch of a windowed count: mostly the current windows, some late updates of older
 * ones, a few null event types and null windows, and duplicates of a key (the last wins).
 */
export function windowBatch(b: number, rnd: () => number, size = 25): Row[] {
  const rows: Row[] = []
  for (let i = 0; i < size; i++) {
    const late = rnd() < 0.15
    const w = late ? Math.floor(rnd() * (b * 2 + 1)) : b * 2 + Math.floor(rnd() * 3)
    const window = rnd() < 0.03 ? null : win(w)
    const type = TYPES[Math.floor(rnd() * TYPES.length)]!
    rows.push([window, type, b * 1000 + i, Math.round(rnd() * 10_000) / 100])
  }
  return rows
}
