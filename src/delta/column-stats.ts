/**
 * Per-file statistics (PROTOCOL.md §Per-file Statistics; delta-notes §3.9). Spark and delta-rs skip
 * files with them, so a wrong bound loses rows while a missing one only costs speed: whenever a
 * bound is doubtful it is left out.
 *
 * `stats` JSON string layout written into `add.stats`:
 * ```
 * {"numRecords":3,
 *  "minValues":{"id":1,"ts":"2024-05-01T12:00:00.123Z","window":{"start":"…","end":"…"}},
 *  "maxValues":{…same shape…},
 *  "nullCount":{"id":0,"ts":0,"window":{"start":0,"end":0}}}
 * ```
 * - timestamps: ISO-8601 truncated *down* to milliseconds (Spark adds 1 ms to max values when it
 *   skips); `timestamp_ntz` without the zone suffix; dates `YYYY-MM-DD`;
 * - strings: only when the bound is at most 32 characters (Spark's prefix length);
 * - no min/max for booleans, binary, arrays, maps, or float columns holding NaN;
 * - nested structs as nested objects.
 */
import { Decimal } from '../types/decimal-value.js'
import type { DataType, StructType } from '../types/index.js'
import { splitMicros, type LongValue } from '../types/long-value.js'

/** Statistics of one column: a leaf, or a struct of nested column statistics. */
export type StatsValue =
  | { kind: 'leaf'; nullCount: number; min?: unknown; max?: unknown }
  | { kind: 'struct'; fields: Record<string, StatsValue> }

const MAX_STRING_STAT_LENGTH = 32

/** Accumulates min/max of one leaf column. */
export class ColumnStats {
  private min: number | bigint | string | Decimal | undefined
  private max: number | bigint | string | Decimal | undefined
  private poisoned = false

  constructor(
    private readonly type: DataType,
    private readonly nullCount: number,
  ) {}

  observeNumber(v: number): void {
    if (v !== v) {
      this.poisoned = true
      return
    }
    if (this.min === undefined || v < (this.min as number)) this.min = v
    if (this.max === undefined || v > (this.max as number)) this.max = v
  }

  /** A long past 2^53 (a bigint): compared exactly with the numbers seen (long-value.ts). */
  observeLong(v: bigint): void {
    if (this.min === undefined || v < (this.min as number | bigint)) this.min = v
    if (this.max === undefined || v > (this.max as number | bigint)) this.max = v
  }

  /** A decimal at the column's scale (all values of a column have it): unscaled values order. */
  observeDecimal(v: Decimal): void {
    if (this.min === undefined || v.unscaled < (this.min as Decimal).unscaled) this.min = v
    if (this.max === undefined || v.unscaled > (this.max as Decimal).unscaled) this.max = v
  }

  observeString(v: string): void {
    if (this.min === undefined || v < (this.min as string)) this.min = v
    if (this.max === undefined || v > (this.max as string)) this.max = v
  }

  result(): StatsValue {
    const out: StatsValue = { kind: 'leaf', nullCount: this.nullCount }
    if (this.poisoned || this.min === undefined || this.max === undefined) return out
    switch (this.type.type) {
      case 'string':
        if (
          (this.min as string).length > MAX_STRING_STAT_LENGTH ||
          (this.max as string).length > MAX_STRING_STAT_LENGTH
        )
          return out
        return { ...out, min: this.min, max: this.max }
      case 'timestamp':
      case 'timestamp_ntz': {
        const ntz = this.type.type === 'timestamp_ntz'
        return {
          ...out,
          min: isoMillis(this.min as LongValue, ntz),
          max: isoMillis(this.max as LongValue, ntz),
        }
      }
      case 'date':
        return { ...out, min: isoDate(this.min as number), max: isoDate(this.max as number) }
      case 'byte':
      case 'short':
      case 'integer':
      case 'long':
      case 'float':
      case 'double':
      case 'decimal':
        return { ...out, min: this.min, max: this.max }
      default:
        return out
    }
  }
}

/** Builds the `stats` JSON string of a file from its columns' statistics. */
export function statsJson(
  numRecords: number,
  schema: StructType,
  columns: readonly StatsValue[],
): string {
  const minValues: Record<string, unknown> = {}
  const maxValues: Record<string, unknown> = {}
  const nullCount: Record<string, unknown> = {}
  schema.fields.forEach((f, i) => collect(f.name, columns[i]!, minValues, maxValues, nullCount))
  return exactJson({ numRecords, minValues, maxValues, nullCount })
}

/**
 * JSON.stringify that writes a bigint (a long bound past 2^53) as its exact digits and a decimal
 * as its plain text — JSON numbers, as Spark writes long and decimal stats — instead of throwing.
 * Stats objects are small (one per file).
 */
export function exactJson(v: unknown): string {
  if (typeof v === 'bigint' || v instanceof Decimal) return String(v)
  if (v === null || typeof v !== 'object') return JSON.stringify(v)
  if (Array.isArray(v))
    return `[${v.map((e) => (e === undefined ? 'null' : exactJson(e))).join(',')}]`
  const parts: string[] = []
  for (const [k, x] of Object.entries(v))
    if (x !== undefined) parts.push(`${JSON.stringify(k)}:${exactJson(x)}`)
  return `{${parts.join(',')}}`
}

function collect(
  name: string,
  s: StatsValue,
  minValues: Record<string, unknown>,
  maxValues: Record<string, unknown>,
  nullCount: Record<string, unknown>,
): void {
  if (s.kind === 'leaf') {
    nullCount[name] = s.nullCount
    if (s.min !== undefined) minValues[name] = s.min
    if (s.max !== undefined) maxValues[name] = s.max
    return
  }
  const mins: Record<string, unknown> = {}
  const maxs: Record<string, unknown> = {}
  const nulls: Record<string, unknown> = {}
  for (const [k, v] of Object.entries(s.fields)) collect(k, v, mins, maxs, nulls)
  if (Object.keys(mins).length > 0) minValues[name] = mins
  if (Object.keys(maxs).length > 0) maxValues[name] = maxs
  nullCount[name] = nulls
}

/** Microseconds → ISO-8601 truncated down to milliseconds. */
export function isoMillis(micros: LongValue, ntz = false): string {
  const { seconds, micros: fraction } = splitMicros(micros)
  // Date covers ±8.64e15 ms (years -271821..275760), wider than Spark's 0001..9999.
  const iso = new Date(seconds * 1000 + Math.floor(fraction / 1000)).toISOString()
  return ntz ? iso.slice(0, -1) : iso
}

/** Days since the epoch → `YYYY-MM-DD`. */
export function isoDate(days: number): string {
  return new Date(days * 86_400_000).toISOString().slice(0, 10)
}
