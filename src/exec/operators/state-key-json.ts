/**
 * The JSON text of a key tuple (grouping, dedup and join keys; state stores persist it) and back.
 * A long past 2^53 is a bigint (types/long-value.ts), which JSON.stringify refuses and JSON.parse
 * would round: such a part is written `{"$l":"<digits>"}`. A decimal (types/decimal-value.ts,
 * whose unscaled bigint makes JSON.stringify refuse it too) is written `{"$d":"<plain text>"}`;
 * all values of a key column have the column's scale, so equal decimals have equal texts. Keys
 * without either — nearly all — keep their plain `JSON.stringify` text, so existing checkpoints'
 * keys are unchanged.
 */
import { Decimal } from '../../types/decimal-value.js'
import { canonicalLong } from '../../types/long-value.js'

/** `JSON.stringify(tuple)`, with bigints as `{"$l":"<digits>"}` and decimals as `{"$d":…}`. */
export function keyJson(tuple: readonly unknown[]): string {
  try {
    return JSON.stringify(tuple)
  } catch (error) {
    // The only values of a key JSON cannot write hold a bigint (keys hold no cycles).
    if (!(error instanceof TypeError)) throw error
    return JSON.stringify(tuple, (_k, v: unknown) =>
      typeof v === 'bigint' ? { $l: String(v) } : v instanceof Decimal ? { $d: v.toString() } : v,
    )
  }
}

const LONG_MARK = '{"$l":'
const DECIMAL_MARK = '{"$d":'

/** The tuple of a {@link keyJson} text. */
export function parseKeyJson(text: string): unknown[] {
  const tuple = JSON.parse(text) as unknown[]
  if (!text.includes(LONG_MARK) && !text.includes(DECIMAL_MARK)) return tuple
  return JSON.parse(text, (_k, v: unknown) => {
    if (v === null || typeof v !== 'object') return v
    const o = v as { $l?: unknown; $d?: unknown }
    if (typeof o.$l === 'string') return canonicalLong(BigInt(o.$l))
    if (typeof o.$d === 'string') return Decimal.parse(o.$d) ?? v
    return v
  }) as unknown[]
}
