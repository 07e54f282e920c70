/**
 * Rows in a form two engines can be compared in: sorted JSON lines, doubles to 12 significant
 * digits (Spark adds a group's values in another order than we do, so sums differ in the last
 * bits), Maps as entry lists, 64-bit longs (bigint) as their exact decimal text.
 */
export function canonicalRows(rows: readonly (readonly unknown[])[]): string[] {
  const round = (_k: string, v: unknown): unknown => {
    if (typeof v === 'number' && !Number.isInteger(v)) return Number(v.toPrecision(12))
    if (v instanceof Map) return [...(v as Map<unknown, unknown>)]
    if (typeof v === 'bigint') return `${v}n`
    return v
  }
  return rows.map((r) => JSON.stringify(r, round)).sort()
}
