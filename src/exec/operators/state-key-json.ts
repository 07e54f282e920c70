/**
 * The JSON text of a key tuple (grouping, dedup and join keys; state stores persist it) and back.
 * A long past 2^53 is a bigint (types/long-value.ts), which JSON.stringify refuses and JSON.parse
 * would round: such a part is written `{"$l":"<digits>"}`. Keys without one — nearly all — keep
 * their plain `JSON.stringify` text, so existing checkpoints' keys are unchanged.
 */
import { canonicalLong } from '../../types/long-value.js'

/** `JSON.stringify(tuple)`, with bigints as `{"$l":"<digits>"}`. */
export function keyJson(tuple: readonly unknown[]): string {
  try {
    return JSON.stringify(tuple)
  } catch (error) {
    // The only value of a key JSON cannot write is a bigint (keys hold no cycles).
    if (!(error instanceof TypeError)) throw error
    return JSON.stringify(tuple, (_k, v: unknown) =>
      typeof v === 'bigint' ? { $l: String(v) } : v,
    )
  }
}

const LONG_MARK = '{"$l":'

/** The tuple of a {@link keyJson} text. */
export function parseKeyJson(text: string): unknown[] {
  const tuple = JSON.parse(text) as unknown[]
  if (!text.includes(LONG_MARK)) return tuple
  return JSON.parse(text, (_k, v: unknown) =>
    v !== null && typeof v === 'object' && typeof (v as { $l?: unknown }).$l === 'string'
      ? canonicalLong(BigInt((v as { $l: string }).$l))
      : v,
  ) as unknown[]
}
