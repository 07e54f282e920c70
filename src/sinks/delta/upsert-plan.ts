/**
 * Planning of the Delta sink's update-mode upsert, without I/O (the sink reads and writes; this
 * module decides). Three steps per batch:
 *
 * 1. {@link latestPerKey}: the batch's rows by group key — at most one per key; when a batch holds
 *    several rows of one key the last one wins (an aggregation emits one row per group, so this
 *    only matters for hand-written sinks input).
 * 2. {@link selectCandidateFiles}: the live files that may hold one of those keys, judged by the
 *    per-file `stats` min/max/nullCount of the key columns (nested `start`/`end` for a struct key
 *    such as `window`). Only these files are read. Pruning is conservative: any bound that is
 *    absent, unparsable or of doubtful order makes the file a candidate. Timestamp bounds are
 *    truncated to milliseconds, so a max covers the whole millisecond; float keys, booleans,
 *    binary, arrays and maps are never used for pruning; strings only when neither the bound nor
 *    the key holds a code unit ≥ U+D800 (where JS's UTF-16 order and Delta's UTF-8 byte order
 *    differ, and where Spark's max tie-breaker lives).
 * 3. {@link planRewrites}: given the candidates' rows, which files are superseded (they hold at
 *    least one batch key) and which of their rows survive; every row of a batch key is dropped, so
 *    a table that somehow held duplicates of a key converges to one row.
 *
 * Keys follow SQL grouping: null equals null, NaN equals NaN, -0.0 equals 0.0; float values are
 * compared after rounding to float32 and decimals after rounding to their scale, so a value read
 * back from Parquet matches the in-memory value that was written.
 */
import type { DataType, Row, StructType } from '../../types/index.js'

/** One key column: its position in the row and its type. */
export interface KeyColumn {
  readonly name: string
  readonly index: number
  readonly dataType: DataType
}

/** A leaf of a key column used for pruning: `path` in the stats objects, and how to read it. */
interface KeyLeaf {
  readonly path: readonly string[]
  /** Position of the key column in the row. */
  readonly column: number
  /** Field positions inside the (nested) struct value of the column. */
  readonly fieldPath: readonly number[]
  readonly dataType: DataType
}

/** How the upsert identifies a group. Build with {@link upsertKeySpec}. */
export interface UpsertKeySpec {
  readonly columns: readonly KeyColumn[]
  readonly leaves: readonly KeyLeaf[]
}

/** Key columns of `schema`; returns the names that are not columns in `missing`. */
export function upsertKeySpec(
  schema: StructType,
  keys: readonly string[],
): { spec: UpsertKeySpec; missing: string[] } {
  const columns: KeyColumn[] = []
  const missing: string[] = []
  for (const name of new Set(keys)) {
    const index = schema.fields.findIndex((f) => f.name === name)
    if (index < 0) missing.push(name)
    else columns.push({ name, index, dataType: schema.fields[index]!.dataType })
  }
  const leaves: KeyLeaf[] = []
  for (const c of columns) collectLeaves([c.name], c.index, [], c.dataType, leaves)
  return { spec: { columns, leaves }, missing }
}

function collectLeaves(
  path: string[],
  column: number,
  fieldPath: number[],
  t: DataType,
  out: KeyLeaf[],
): void {
  if (t.type === 'struct') {
    t.fields.forEach((f, i) =>
      collectLeaves([...path, f.name], column, [...fieldPath, i], f.dataType, out),
    )
  } else if (prunable(t)) {
    out.push({ path, column, fieldPath, dataType: t })
  }
}

function prunable(t: DataType): boolean {
  switch (t.type) {
    case 'string':
    case 'byte':
    case 'short':
    case 'integer':
    case 'long':
    case 'double':
    case 'decimal':
    case 'date':
    case 'timestamp':
    case 'timestamp_ntz':
      return true
    default:
      return false
  }
}

// ---------------------------------------------------------------------------------------------
// Step 1: keys

/** The canonical text of a row's key (equal for rows of the same SQL group). */
export function encodeKey(spec: UpsertKeySpec, row: Row): string {
  let out = ''
  for (const c of spec.columns) out += encodeValue(c.dataType, row[c.index]) + ';'
  return out
}

function encodeValue(t: DataType, v: unknown): string {
  if (v === null || v === undefined) return 'N'
  switch (t.type) {
    case 'string':
      return 'S' + JSON.stringify(v)
    case 'boolean':
      return v ? 'T' : 'F'
    case 'float':
      return 'D' + String(Math.fround(Number(v)))
    case 'decimal':
      // Exact values at the column's scale (types/decimal-value.ts): the plain text is canonical.
      return 'C' + String(v)
    case 'binary': {
      let hex = 'B'
      for (const b of v as Uint8Array) hex += b.toString(16).padStart(2, '0')
      return hex
    }
    case 'struct':
      return (
        '{' + t.fields.map((f, i) => encodeValue(f.dataType, (v as unknown[])[i])).join(',') + '}'
      )
    case 'array':
      return '[' + (v as unknown[]).map((e) => encodeValue(t.elementType, e)).join(',') + ']'
    case 'map':
      return (
        'M[' +
        [...(v as Map<unknown, unknown>).entries()]
          .map(([k, e]) => encodeValue(t.keyType, k) + ':' + encodeValue(t.valueType, e))
          .join(',') +
        ']'
      )
    default:
      // Integral, double, date, timestamp: numbers (String(-0) is "0", NaN is "NaN").
      return 'D' + String(v)
  }
}

/** The batch's rows by key, in first-seen order; a later row of the same key replaces the earlier. */
export function latestPerKey(spec: UpsertKeySpec, rows: readonly Row[]): Map<string, Row> {
  const latest = new Map<string, Row>()
  for (const row of rows) latest.set(encodeKey(spec, row), row)
  return latest
}

// ---------------------------------------------------------------------------------------------
// Step 2: pruning by statistics

type Comparable = number | string
/** `undefined`: the key leaf does not constrain the file (unknown, NaN, or parent struct null). */
type LeafValue = Comparable | null | undefined

interface LeafBounds {
  lo?: Comparable
  hi?: Comparable
  /** 'none': no nulls; 'all': only nulls; 'unknown': maybe some. */
  nulls: 'none' | 'all' | 'unknown'
}

/** The bounds of every key leaf in one file; undefined when the file has no usable stats. */
type FileBounds = readonly LeafBounds[] | undefined

const boundsCache = new WeakMap<object, { spec: UpsertKeySpec; bounds: FileBounds }>()

/** A file as far as pruning is concerned (an `add` action). */
export interface StatsCarrier {
  readonly stats?: string | null
}

/** The outcome of pruning: the files to read, and how many were skipped. */
export interface CandidateSelection<F> {
  candidates: F[]
  skipped: number
}

/**
 * The files among `files` that may contain one of `keys` (rows of the batch). A file is skipped
 * only when its statistics prove that no key can be in it.
 */
export function selectCandidateFiles<F extends StatsCarrier>(
  spec: UpsertKeySpec,
  files: readonly F[],
  keys: Iterable<Row>,
): CandidateSelection<F> {
  const keyLeaves: LeafValue[][] = []
  for (const row of keys) keyLeaves.push(spec.leaves.map((l) => leafValue(l, row)))
  if (keyLeaves.length === 0) return { candidates: [], skipped: files.length }
  const box = boundingBox(spec, keyLeaves)
  const index = new KeyIndex(keyLeaves)
  const candidates: F[] = []
  for (const f of files) {
    const bounds = fileBounds(spec, f)
    if (!bounds || (overlapsBox(bounds, box) && index.anyMayBeIn(bounds))) candidates.push(f)
  }
  return { candidates, skipped: files.length - candidates.length }
}

/**
 * The batch's keys sorted by their first leaf, so that a file is checked only against the keys
 * whose first leaf lies in the file's range: O(log keys + matches) per file instead of O(keys)
 * when the box test cannot exclude it (e.g. a key column without time locality).
 */
class KeyIndex {
  private readonly sorted: LeafValue[][]
  /** Keys whose first leaf is null or unconstrained: always checked. */
  private readonly rest: LeafValue[][]

  constructor(keys: readonly LeafValue[][]) {
    const bounded = keys.filter((k) => k[0] !== undefined && k[0] !== null)
    this.rest = keys.filter((k) => k[0] === undefined || k[0] === null)
    this.sorted = bounded.sort((a, b) => (a[0]! < b[0]! ? -1 : a[0]! > b[0]! ? 1 : 0))
  }

  anyMayBeIn(bounds: readonly LeafBounds[]): boolean {
    if (this.rest.some((k) => mayContain(bounds, k))) return true
    const first = bounds[0]
    if (!first || this.sorted.length === 0) return false
    const sample = this.sorted[0]![0]!
    const lo = first.lo !== undefined && typeof first.lo === typeof sample ? first.lo : undefined
    const hi = first.hi !== undefined && typeof first.hi === typeof sample ? first.hi : undefined
    let i = 0
    if (lo !== undefined) {
      let j = this.sorted.length
      while (i < j) {
        const m = (i + j) >>> 1
        if (this.sorted[m]![0]! < lo) i = m + 1
        else j = m
      }
    }
    for (; i < this.sorted.length; i++) {
      const k = this.sorted[i]!
      if (hi !== undefined && k[0]! > hi) return false
      if (mayContain(bounds, k)) return true
    }
    return false
  }
}

function leafValue(leaf: KeyLeaf, row: Row): LeafValue {
  let v: unknown = row[leaf.column]
  for (const i of leaf.fieldPath) {
    if (v === null || v === undefined) return undefined // a null parent struct: no constraint
    v = (v as unknown[])[i]
  }
  if (v === null || v === undefined) return null
  const t = leaf.dataType
  if (t.type === 'string') return typeof v === 'string' && !hasHighCodeUnit(v) ? v : undefined
  const n = Number(v)
  if (!Number.isFinite(n) || Math.abs(n) > Number.MAX_SAFE_INTEGER) return undefined
  return n
}

interface LeafBox {
  /** Some key leaves are unconstrained: the leaf cannot exclude a file. */
  open: boolean
  hasNull: boolean
  min?: Comparable
  max?: Comparable
}

function boundingBox(spec: UpsertKeySpec, keys: readonly LeafValue[][]): LeafBox[] {
  return spec.leaves.map((_, i) => {
    const box: LeafBox = { open: false, hasNull: false }
    for (const k of keys) {
      const v = k[i]
      if (v === undefined) box.open = true
      else if (v === null) box.hasNull = true
      else {
        if (box.min === undefined || v < box.min) box.min = v
        if (box.max === undefined || v > box.max) box.max = v
      }
    }
    return box
  })
}

function overlapsBox(bounds: readonly LeafBounds[], box: readonly LeafBox[]): boolean {
  return box.every((b, i) => {
    if (b.open) return true
    const f = bounds[i]!
    if (b.hasNull && f.nulls !== 'none') return true
    if (b.min === undefined || f.nulls === 'all') return false
    return inRange(f, b.min, b.max!)
  })
}

function mayContain(bounds: readonly LeafBounds[], key: readonly LeafValue[]): boolean {
  return key.every((v, i) => {
    if (v === undefined) return true
    const f = bounds[i]!
    if (v === null) return f.nulls !== 'none'
    if (f.nulls === 'all') return false
    return inRange(f, v, v)
  })
}

/** Whether [min, max] may intersect the file's [lo, hi] (unknown or mismatched bounds: yes). */
function inRange(f: LeafBounds, min: Comparable, max: Comparable): boolean {
  if (f.lo !== undefined && typeof f.lo === typeof max && max < f.lo) return false
  if (f.hi !== undefined && typeof f.hi === typeof min && min > f.hi) return false
  return true
}

function fileBounds(spec: UpsertKeySpec, file: StatsCarrier): FileBounds {
  const cached = boundsCache.get(file)
  if (cached?.spec === spec) return cached.bounds
  const bounds = parseBounds(spec, file.stats)
  boundsCache.set(file, { spec, bounds })
  return bounds
}

function parseBounds(spec: UpsertKeySpec, stats: string | null | undefined): FileBounds {
  if (!stats) return undefined
  let parsed: {
    numRecords?: unknown
    minValues?: unknown
    maxValues?: unknown
    nullCount?: unknown
  }
  try {
    parsed = JSON.parse(stats) as typeof parsed
  } catch {
    return undefined
  }
  if (typeof parsed !== 'object' || parsed === null) return undefined
  const numRecords = typeof parsed.numRecords === 'number' ? parsed.numRecords : undefined
  return spec.leaves.map((leaf) => {
    const nullCount = lookup(parsed.nullCount, leaf.path)
    const nulls =
      typeof nullCount !== 'number'
        ? 'unknown'
        : nullCount === 0
          ? 'none'
          : numRecords !== undefined && nullCount === numRecords
            ? 'all'
            : 'unknown'
    const out: LeafBounds = { nulls }
    const lo = statBound(leaf.dataType, lookup(parsed.minValues, leaf.path), 'min')
    const hi = statBound(leaf.dataType, lookup(parsed.maxValues, leaf.path), 'max')
    if (lo !== undefined) out.lo = lo
    if (hi !== undefined) out.hi = hi
    return out
  })
}

function lookup(obj: unknown, path: readonly string[]): unknown {
  let v = obj
  for (const p of path) {
    if (typeof v !== 'object' || v === null) return undefined
    v = (v as Record<string, unknown>)[p]
  }
  return v
}

/** A stats bound in the comparable domain of the key values, or undefined when not usable. */
function statBound(t: DataType, v: unknown, side: 'min' | 'max'): Comparable | undefined {
  if (v === undefined || v === null) return undefined
  switch (t.type) {
    case 'string':
      return typeof v === 'string' && !hasHighCodeUnit(v) ? v : undefined
    case 'timestamp':
    case 'timestamp_ntz': {
      if (typeof v !== 'string') return undefined
      const zoned = /(Z|[+-]\d\d:?\d\d)$/i.test(v)
      const ms = Date.parse(zoned ? v : v + 'Z')
      if (!Number.isFinite(ms)) return undefined
      // Stats are truncated down to milliseconds: the max covers the whole millisecond.
      return side === 'min' ? ms * 1000 : ms * 1000 + 999
    }
    case 'date': {
      if (typeof v !== 'string' || !/^\d{4}-\d\d-\d\d$/.test(v)) return undefined
      const ms = Date.parse(v + 'T00:00:00Z')
      return Number.isFinite(ms) ? ms / 86_400_000 : undefined
    }
    case 'decimal': {
      if (typeof v !== 'number') return undefined
      const slack = 10 ** -t.scale // the in-memory double and the stats' decimal may differ in ulps
      return side === 'min' ? v - slack : v + slack
    }
    default:
      return typeof v === 'number' && Number.isFinite(v) ? v : undefined
  }
}

/** Code units where UTF-16 order differs from UTF-8 byte order (and Spark's max tie-breaker). */
function hasHighCodeUnit(s: string): boolean {
  for (let i = 0; i < s.length; i++) if (s.charCodeAt(i) >= 0xd800) return true
  return false
}

// ---------------------------------------------------------------------------------------------
// Step 3: rewrites

/** A candidate file that holds at least one batch key: removed, its other rows written again. */
export interface FileRewrite<F> {
  file: F
  survivors: Row[]
}

/** What the commit of one update-mode batch does. */
export interface UpsertPlan<F> {
  /** Candidate files holding a superseded key (removed; survivors re-added when any). */
  rewrites: FileRewrite<F>[]
  /** Rows to add: the latest row of every batch key. */
  newRows: Row[]
  /** Batch keys that were already in the table. */
  updatedKeys: number
  /** Batch keys new to the table. */
  insertedKeys: number
  /** Rows of rewritten files kept (other keys). */
  copiedRows: number
  /** Rows of the table superseded (more than updatedKeys only if the table held duplicates). */
  deletedRows: number
}

/**
 * Plans the commit: `candidates` are the files selected by {@link selectCandidateFiles} with their
 * rows. Files without any batch key are left alone.
 */
export function planRewrites<F>(
  spec: UpsertKeySpec,
  latest: ReadonlyMap<string, Row>,
  candidates: readonly { file: F; rows: readonly Row[] }[],
): UpsertPlan<F> {
  const rewrites: FileRewrite<F>[] = []
  const found = new Set<string>()
  let copiedRows = 0
  let deletedRows = 0
  for (const { file, rows } of candidates) {
    const survivors: Row[] = []
    for (const row of rows) {
      const key = encodeKey(spec, row)
      if (latest.has(key)) found.add(key)
      else survivors.push(row)
    }
    if (survivors.length === rows.length) continue
    rewrites.push({ file, survivors })
    copiedRows += survivors.length
    deletedRows += rows.length - survivors.length
  }
  return {
    rewrites,
    newRows: [...latest.values()],
    updatedKeys: found.size,
    insertedKeys: latest.size - found.size,
    copiedRows,
    deletedRows,
  }
}
