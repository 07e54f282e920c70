/**
 * Whole input rows kept in a state store (the stream-stream join buffers them) must survive the
 * store's JSON encoding (state-store.ts). Plain values pass through; the few engine values JSON
 * would lose are tagged objects: `{"$m": [[k, v], …]}` for a map, `{"$b": [bytes]}` for binary,
 * `{"$n": "NaN" | "Infinity" | "-Infinity"}` for non-finite doubles.
 */

export function encodeStateRow(row: readonly unknown[]): unknown[] {
  return row.map(encodeValue)
}

export function decodeStateRow(row: readonly unknown[]): unknown[] {
  return row.map(decodeValue)
}

function encodeValue(v: unknown): unknown {
  if (v === null || v === undefined) return null
  if (typeof v === 'number') return Number.isFinite(v) ? v : { $n: String(v) }
  if (typeof v !== 'object') return v
  if (Array.isArray(v)) return v.map(encodeValue)
  if (v instanceof Map) return { $m: [...v].map(([k, x]) => [encodeValue(k), encodeValue(x)]) }
  if (v instanceof Uint8Array) return { $b: [...v] }
  return v
}

function decodeValue(v: unknown): unknown {
  if (v === null || typeof v !== 'object') return v
  if (Array.isArray(v)) return v.map(decodeValue)
  const o = v as { $m?: [unknown, unknown][]; $b?: number[]; $n?: string }
  if (o.$m) return new Map(o.$m.map(([k, x]) => [decodeValue(k), decodeValue(x)]))
  if (o.$b) return Uint8Array.from(o.$b)
  if (o.$n !== undefined) return Number(o.$n)
  return v
}
