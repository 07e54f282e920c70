/**
 * Compares what our engine produced with what Spark produced and describes every difference in
 * words a person can act on: which batch, which row, which column, ours vs Spark.
 */
import type { OracleRow, OracleValue, SchemaJson } from './oracle-client.js'
import type { BatchOutput, BatchProgress, DeltaTableResult, EngineResult } from './engine-result.js'

export interface CompareOptions {
  readonly ignoreColumns?: readonly string[]
  /** Compare the progress fields (default true). */
  readonly progress?: boolean
}

/** Every difference, one readable paragraph each; empty when the engines agree. */
export function compareResults(
  ours: EngineResult,
  spark: EngineResult,
  options: CompareOptions = {},
): string[] {
  const diffs: string[] = []
  if ((ours.error === null) !== (spark.error === null)) {
    diffs.push(
      `query outcome: ours ${ours.error === null ? 'succeeded' : `failed: ${ours.error}`}; ` +
        `Spark ${spark.error === null ? 'succeeded' : `failed: ${firstLine(spark.error)}`}`,
    )
  }
  const schema = spark.schema ?? ours.schema
  if (ours.schema && spark.schema)
    diffs.push(...compareSchemas('batch schema', ours.schema, spark.schema))
  const ignore = new Set(options.ignoreColumns ?? [])
  diffs.push(...compareBatches(ours.batches, spark.batches, schema, ignore))
  if (options.progress ?? true) diffs.push(...compareProgress(ours.progress, spark.progress))
  if (ours.delta || spark.delta) {
    if (!ours.delta || !spark.delta) diffs.push('Delta table: only one engine wrote one')
    else diffs.push(...compareTables('Delta table', ours.delta, spark.delta, ignore))
  }
  return diffs
}

/** Schema (names, types, nullability, nested) and row multiset of two tables. */
export function compareTables(
  what: string,
  ours: DeltaTableResult,
  spark: DeltaTableResult,
  ignore: ReadonlySet<string> = new Set(),
): string[] {
  return [
    ...compareSchemas(`${what} schema`, ours.schema, spark.schema),
    ...compareRowSets(what, ours.rows, spark.rows, spark.schema, ignore),
  ]
}

export function compareSchemas(what: string, ours: SchemaJson, spark: SchemaJson): string[] {
  const out: string[] = []
  walkType(what, stripMetadata(ours), stripMetadata(spark), out)
  return out
}

function stripMetadata(t: unknown): unknown {
  if (Array.isArray(t)) return t.map(stripMetadata)
  if (t && typeof t === 'object') {
    const o: Record<string, unknown> = {}
    for (const [k, v] of Object.entries(t)) if (k !== 'metadata') o[k] = stripMetadata(v)
    return o
  }
  return t
}

function walkType(path: string, a: unknown, b: unknown, out: string[]): void {
  const sa = a as { type?: unknown; fields?: { name: string }[] }
  const sb = b as { type?: unknown; fields?: { name: string }[] }
  if (sa?.type === 'struct' && sb?.type === 'struct') {
    const names = [...new Set([...sa.fields!.map((f) => f.name), ...sb.fields!.map((f) => f.name)])]
    const order = (s: typeof sa) => s.fields!.map((f) => f.name).join(', ')
    if (order(sa) !== order(sb))
      out.push(`${path}: columns ours [${order(sa)}] vs Spark [${order(sb)}]`)
    for (const n of names) {
      const fa = sa.fields!.find((f) => f.name === n) as
        { type: unknown; nullable: boolean } | undefined
      const fb = sb.fields!.find((f) => f.name === n) as
        { type: unknown; nullable: boolean } | undefined
      if (!fa || !fb) continue
      if (fa.nullable !== fb.nullable)
        out.push(`${path}: ${n} nullable ours ${fa.nullable} vs Spark ${fb.nullable}`)
      walkType(`${path}.${n}`, fa.type, fb.type, out)
    }
    return
  }
  if (JSON.stringify(a) !== JSON.stringify(b))
    out.push(`${path}: type ours ${JSON.stringify(a)} vs Spark ${JSON.stringify(b)}`)
}

function compareBatches(
  ours: readonly BatchOutput[],
  spark: readonly BatchOutput[],
  schema: SchemaJson | null,
  ignore: ReadonlySet<string>,
): string[] {
  const out: string[] = []
  const ids = (bs: readonly BatchOutput[]) => bs.map((b) => b.batchId).join(',')
  if (ids(ours) !== ids(spark)) out.push(`batch ids: ours [${ids(ours)}] vs Spark [${ids(spark)}]`)
  const byId = new Map(ours.map((b) => [b.batchId, b]))
  for (const sb of spark) {
    const ob = byId.get(sb.batchId)
    if (!ob) {
      if (sb.rows.length)
        out.push(
          `batch ${sb.batchId}: Spark emitted ${sb.rows.length} row(s), ours had no such batch`,
        )
      continue
    }
    out.push(...compareRowSets(`batch ${sb.batchId}`, ob.rows, sb.rows, schema, ignore))
  }
  for (const ob of ours) {
    if (!spark.some((b) => b.batchId === ob.batchId) && ob.rows.length)
      out.push(
        `batch ${ob.batchId}: ours emitted ${ob.rows.length} row(s), Spark had no such batch`,
      )
  }
  return out
}

/** Row multisets; unmatched rows are paired up (sorted) to show the differing columns. */
export function compareRowSets(
  what: string,
  ours: readonly OracleRow[],
  spark: readonly OracleRow[],
  schema: SchemaJson | null,
  ignore: ReadonlySet<string> = new Set(),
): string[] {
  const names = schema?.fields.map((f) => f.name) ?? []
  const keep = (r: OracleRow) => r.map((v, i) => (ignore.has(names[i] ?? '') ? '<ignored>' : v))
  const key = (r: OracleRow) => JSON.stringify(keep(r))
  const counts = new Map<string, number>()
  for (const r of spark) counts.set(key(r), (counts.get(key(r)) ?? 0) + 1)
  const onlyOurs: OracleRow[] = []
  for (const r of ours) {
    const n = counts.get(key(r)) ?? 0
    if (n > 0) counts.set(key(r), n - 1)
    else onlyOurs.push(keep(r))
  }
  const onlySpark: OracleRow[] = []
  for (const r of spark) {
    const k = key(r)
    const n = counts.get(k) ?? 0
    if (n > 0) {
      onlySpark.push(keep(r))
      counts.set(k, n - 1)
    }
  }
  if (!onlyOurs.length && !onlySpark.length) return []
  const lines = [
    `${what}: ${ours.length} row(s) ours vs ${spark.length} Spark; ${onlyOurs.length} only ours, ${onlySpark.length} only Spark`,
  ]
  const sort = (rs: OracleRow[]) =>
    rs.sort((a, b) => (JSON.stringify(a) < JSON.stringify(b) ? -1 : 1))
  sort(onlyOurs)
  sort(onlySpark)
  const paired = Math.min(onlyOurs.length, onlySpark.length)
  const types = schema?.fields.map((f) => f.type) ?? []
  for (let i = 0; i < Math.min(paired, 10); i++) {
    const a = onlyOurs[i]!
    const b = onlySpark[i]!
    const cols: string[] = []
    for (let c = 0; c < Math.max(a.length, b.length); c++) {
      if (JSON.stringify(a[c]) !== JSON.stringify(b[c]))
        cols.push(
          `${names[c] ?? `#${c}`}: ours ${show(a[c] ?? null, types[c])} vs Spark ${show(b[c] ?? null, types[c])}`,
        )
    }
    lines.push(`  row ${showRow(b, names, types)}\n    ${cols.join('\n    ')}`)
  }
  for (const r of onlyOurs.slice(paired, paired + 10))
    lines.push(`  only ours:  ${showRow(r, names, types)}`)
  for (const r of onlySpark.slice(paired, paired + 10))
    lines.push(`  only Spark: ${showRow(r, names, types)}`)
  const hidden =
    Math.max(0, paired - 10) + Math.max(0, Math.abs(onlyOurs.length - onlySpark.length) - 10)
  if (hidden) lines.push(`  … and ${hidden} more`)
  return [lines.join('\n')]
}

function compareProgress(
  ours: readonly BatchProgress[],
  spark: readonly BatchProgress[],
): string[] {
  const out: string[] = []
  const byId = new Map(ours.map((p) => [p.batchId, p]))
  for (const sp of spark) {
    const op = byId.get(sp.batchId)
    if (!op) {
      out.push(`progress of batch ${sp.batchId}: Spark reported one, ours did not`)
      continue
    }
    for (const k of ['numInputRows', 'watermark', 'stateOperators', 'sourceEndOffsets'] as const) {
      if (JSON.stringify(op[k]) !== JSON.stringify(sp[k]))
        out.push(
          `progress of batch ${sp.batchId}: ${k} ours ${JSON.stringify(op[k])} vs Spark ${JSON.stringify(sp[k])}`,
        )
    }
  }
  for (const op of ours)
    if (!spark.some((p) => p.batchId === op.batchId))
      out.push(`progress of batch ${op.batchId}: ours reported one, Spark did not`)
  return out
}

function showRow(r: OracleRow, names: readonly string[], types: readonly unknown[]): string {
  return `{${r.map((v, i) => `${names[i] ?? `#${i}`}: ${show(v, types[i])}`).join(', ')}}`
}

function show(v: OracleValue, type: unknown): string {
  if ((type === 'timestamp' || type === 'timestamp_ntz') && typeof v === 'number')
    return `${microsToIso(v)} (${v})`
  if (type && typeof type === 'object' && Array.isArray(v)) {
    const st = type as { type?: string; fields?: { type: unknown }[] }
    if (st.type === 'struct')
      return `[${v.map((x, i) => show(x, st.fields?.[i]?.type)).join(', ')}]`
  }
  return JSON.stringify(v)
}

/** µs since the epoch → `2026-11-24T10:15:30.123456Z`. */
export function microsToIso(us: number): string {
  const ms = Math.floor(us / 1000)
  const frac = String(((us % 1_000_000) + 1_000_000) % 1_000_000).padStart(6, '0')
  return new Date(ms).toISOString().slice(0, 19) + '.' + frac + 'Z'
}

function firstLine(s: string): string {
  return s.split('\n')[0]!.slice(0, 300)
}
