import type { Decimal } from '../../../src/types/decimal-value.js'
import type { DataType, Row, StructType } from '../../../src/types/index.js'

/**
 * The canonical row form of scripts/golden-expectations.py: timestamps/dates as numbers, binary as
 * hex, structs as lists, maps as [key, value] lists, NaN/Infinity as strings.
 */
export function canonicalValue(t: DataType, v: unknown): unknown {
  if (v == null) return null
  switch (t.type) {
    case 'decimal':
      // The expectation files hold Python's float(Decimal) — the correctly rounded double, as
      // Decimal.toNumber() — since JSON has no exact decimal.
      return (v as Decimal).toNumber()
    case 'float':
    case 'double': {
      const n = v as number
      if (Number.isNaN(n)) return 'NaN'
      if (n === Infinity) return 'Infinity'
      if (n === -Infinity) return '-Infinity'
      return n
    }
    case 'binary':
      return Buffer.from(v as Uint8Array).toString('hex')
    case 'struct':
      return t.fields.map((f, i) => canonicalValue(f.dataType, (v as unknown[])[i]))
    case 'array':
      return (v as unknown[]).map((e) => canonicalValue(t.elementType, e))
    case 'map':
      return [...(v as Map<unknown, unknown>).entries()].map(([k, e]) => [
        canonicalValue(t.keyType, k),
        canonicalValue(t.valueType, e),
      ])
    default:
      return v
  }
}

/** Canonical rows of `schema`-positional rows, sorted by their JSON text. */
export function canonicalRows(schema: StructType, rows: readonly Row[]): unknown[][] {
  return sortRows(rows.map((r) => schema.fields.map((f, i) => canonicalValue(f.dataType, r[i]))))
}

/** Sorts rows by JSON text (both sides of a comparison must use this). */
export function sortRows(rows: readonly unknown[][]): unknown[][] {
  return [...rows].sort((a, b) => {
    const x = JSON.stringify(a)
    const y = JSON.stringify(b)
    return x < y ? -1 : x > y ? 1 : 0
  })
}
