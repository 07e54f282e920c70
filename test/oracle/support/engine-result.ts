/**
 * What a differential run captures from each engine, in the oracle's value encoding
 * (oracle/spark_oracle.py): µs timestamps, day-number dates, positional structs, map entry
 * pairs, NaN/±Infinity as strings.
 */
import { Decimal } from '../../../src/types/decimal-value.js'
import type { OracleRow, OracleValue, SchemaJson } from './oracle-client.js'

export interface BatchOutput {
  readonly batchId: number
  readonly rows: readonly OracleRow[]
}

/** The progress fields that must agree between the engines, per executed batch. */
export interface BatchProgress {
  readonly batchId: number
  readonly numInputRows: number
  readonly watermark: string | null
  readonly stateOperators: readonly { numRowsTotal: number; numRowsDroppedByWatermark: number }[]
  /** `sources[i].endOffset` as JSON text. */
  readonly sourceEndOffsets: readonly string[]
}

export interface DeltaTableResult {
  readonly schema: SchemaJson
  readonly rows: readonly OracleRow[]
}

export interface EngineResult {
  readonly schema: SchemaJson | null
  readonly batches: readonly BatchOutput[]
  readonly progress: readonly BatchProgress[]
  readonly error: string | null
  readonly delta?: DeltaTableResult
}

/** Our engine's in-memory value → the oracle encoding. */
export function encodeValue(v: unknown): OracleValue {
  if (v === null || v === undefined) return null
  if (typeof v === 'number') {
    if (Number.isNaN(v)) return 'NaN'
    if (v === Infinity) return 'Infinity'
    if (v === -Infinity) return '-Infinity'
    return v
  }
  if (typeof v === 'bigint') return Number(v)
  // Exact, as the oracle encodes Python's decimal.Decimal: plain digits with the column's scale.
  if (v instanceof Decimal) return v.toString()
  if (typeof v === 'string' || typeof v === 'boolean') return v
  if (v instanceof Uint8Array) return [...v]
  if (v instanceof Map) return [...v].map(([k, x]) => [encodeValue(k), encodeValue(x)])
  if (Array.isArray(v)) return v.map(encodeValue)
  return JSON.stringify(v)
}

/** Spark's progress JSON (a plain object) → the fields compared. */
export function progressOf(p: Record<string, unknown>): BatchProgress {
  const eventTime = p['eventTime'] as Record<string, string> | undefined
  const ops = (p['stateOperators'] as Record<string, number>[] | undefined) ?? []
  const sources = (p['sources'] as Record<string, unknown>[] | undefined) ?? []
  return {
    batchId: p['batchId'] as number,
    numInputRows: p['numInputRows'] as number,
    watermark: eventTime?.['watermark'] ?? null,
    stateOperators: ops.map((o) => ({
      numRowsTotal: o['numRowsTotal']!,
      numRowsDroppedByWatermark: o['numRowsDroppedByWatermark']!,
    })),
    sourceEndOffsets: sources.map((s) => normalizeOffset(s['endOffset'])),
  }
}

function normalizeOffset(o: unknown): string {
  if (typeof o === 'string') {
    try {
      return JSON.stringify(JSON.parse(o))
    } catch {
      return o
    }
  }
  return JSON.stringify(o ?? null)
}
