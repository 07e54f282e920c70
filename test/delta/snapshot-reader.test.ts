/**
 * Reader tests against real Spark-written golden tables (test/fixtures/delta-golden, Apache-2.0).
 * Expected rows come from delta-rs via scripts/golden-expectations.py, never from our own code.
 */
import { readFileSync } from 'node:fs'
import path from 'node:path'
import { describe, expect, test } from 'vitest'
import { DeltaLog, readSnapshotRows } from '../../src/delta/index.js'
import { EngineError } from '../../src/errors/index.js'
import type { DataType, StructType } from '../../src/types/index.js'
import { canonicalRows, sortRows } from './support/canonical-rows.js'

const GOLDEN = path.resolve(__dirname, '../fixtures/delta-golden')
const EXPECTED = path.resolve(__dirname, '../fixtures/delta-golden-expected')

interface Expected {
  version: number
  columns: string[]
  rows: unknown[][]
  add_paths: string[]
  versions?: Record<string, { columns: string[]; rows: unknown[][] }>
  /** Columns left out of the rows (read as null by the Spark script; see below). */
  omitted?: string[]
}

const expected = (table: string): Expected =>
  JSON.parse(readFileSync(path.join(EXPECTED, `${table}.json`), 'utf8')) as Expected
const logOf = (table: string) => DeltaLog.forTable(path.join(GOLDEN, table))

async function rowsAt(table: string, version?: number) {
  const snapshot = await logOf(table).snapshot(version)
  return { snapshot, rows: canonicalRows(snapshot.schema, await readSnapshotRows(snapshot)) }
}

const READABLE = [
  'basic-with-inserts-deletes-checkpoint',
  'basic-with-inserts-overwrite-restore',
  'data-reader-array-primitives',
  'data-reader-escaped-chars',
  'data-reader-map',
  'data-reader-nested-struct',
  'data-reader-partition-values',
  'data-reader-primitives',
  'data-reader-timestamp_ntz',
  'kernel-timestamp-INT96',
  'kernel-timestamp-PST',
  'kernel-timestamp-TIMESTAMP_MICROS',
  'kernel-timestamp-TIMESTAMP_MILLIS',
  'kernel-timestamp-partition-col-ISO8601',
  'log-replay-latest-metadata-protocol',
  'log-replay-special-characters',
  'multi-part-checkpoint',
  'only-checkpoint-files',
  'snapshot-data2-deleted',
  'snapshot-repartitioned',
]

describe('golden tables read like delta-rs reads them', () => {
  test.each(READABLE)('%s: latest version, schema, files and rows', async (table) => {
    const want = expected(table)
    const { snapshot, rows } = await rowsAt(table)
    expect(snapshot.version).toBe(want.version)
    expect(snapshot.schema.fields.map((f) => f.name)).toEqual(want.columns)
    expect(snapshot.files.map((f) => decodeURIComponent(f.path)).sort()).toEqual(
      want.add_paths.map((p) => decodeURIComponent(p)).sort(),
    )
    expect(rows).toEqual(sortRows(want.rows))
  })

  const timeTravel = READABLE.flatMap((table) =>
    Object.keys(expected(table).versions ?? {})
      .map(Number)
      .filter((v) => v < expected(table).version)
      .map((v) => [table, v] as const),
  )
  test.each(timeTravel)('%s: time travel to version %i', async (table, version) => {
    const want = expected(table).versions![String(version)]!
    const { snapshot, rows } = await rowsAt(table, version)
    expect(snapshot.version).toBe(version)
    expect(snapshot.schema.fields.map((f) => f.name)).toEqual(want.columns)
    expect(rows).toEqual(sortRows(want.rows))
  })
})

/**
 * Tables delta-rs cannot read (deletion vectors, V2 checkpoints) or reads wrongly (column mapping:
 * nulls); their expectations come from Spark (scripts/golden-expectations-spark.py). Columns in
 * `omitted` hold maps keyed by arrays, which PySpark's collect cannot return (a Python dict key);
 * they are left out here, and test/oracle/delta-type-widening.spark.ts compares such maps with
 * Spark instead.
 */
const READ_LIKE_SPARK = [
  'data-reader-timestamp_ntz-id-mode',
  'data-reader-timestamp_ntz-name-mode',
  'data-skipping-basic-stats-all-types-columnmapping-id',
  'data-skipping-basic-stats-all-types-columnmapping-name',
  'dv-partitioned-with-checkpoint',
  'dv-with-columnmapping',
  'table-with-columnmapping-mode-id',
  'table-with-columnmapping-mode-name',
  'v2-checkpoint-json',
  'v2-checkpoint-parquet',
]

describe('golden tables with deletion vectors, column mapping, V2 checkpoints read like Spark', () => {
  async function compare(table: string, version?: number) {
    const all = expected(table)
    const omitted = new Set(all.omitted ?? [])
    const want =
      version === undefined || version === all.version ? all : all.versions![String(version)]!
    const snapshot = await logOf(table).snapshot(version)
    expect(snapshot.schema.fields.map((f) => f.name)).toEqual(want.columns)
    const kept = want.columns.map((c) => !omitted.has(c))
    const fields = snapshot.schema.fields.filter((f) => !omitted.has(f.name))
    const schema: StructType = { type: 'struct', fields }
    const rows = canonicalRows(
      schema,
      await readSnapshotRows(snapshot, { columns: fields.map((f) => f.name) }),
    ).map((r) => unorderedMaps(schema, r) as unknown[])
    expect(sortRows(rows)).toEqual(
      sortRows(
        want.rows.map(
          (r) =>
            unorderedMaps(
              schema,
              r.filter((_, i) => kept[i]),
            ) as unknown[],
        ),
      ),
    )
    return snapshot
  }

  test.each(READ_LIKE_SPARK)('%s: latest version, schema, files and rows', async (table) => {
    const snapshot = await compare(table)
    expect(snapshot.version).toBe(expected(table).version)
    // Spark lists the files by their names on disk: add.path decoded once.
    expect(snapshot.files.map((f) => decodeURIComponent(f.path)).sort()).toEqual(
      [...expected(table).add_paths].sort(),
    )
  })

  const timeTravel = READ_LIKE_SPARK.flatMap((table) =>
    Object.keys(expected(table).versions ?? {})
      .map(Number)
      .filter((v) => v < expected(table).version)
      .map((v) => [table, v] as const),
  )
  test.each(timeTravel)('%s: time travel to version %i', async (table, version) => {
    expect((await compare(table, version)).version).toBe(version)
  })

  test('deletion vectors remove rows: dv-partitioned-with-checkpoint reads numRecords minus the DV cardinalities', async () => {
    const snapshot = await logOf('dv-partitioned-with-checkpoint').snapshot()
    const dvFiles = snapshot.files.filter((f) => f.deletionVector)
    expect(dvFiles.length).toBeGreaterThan(0)
    const physical = snapshot.files.reduce(
      (n, f) => n + (JSON.parse(f.stats!) as { numRecords: number }).numRecords,
      0,
    )
    const deleted = dvFiles.reduce((n, f) => n + f.deletionVector!.cardinality, 0)
    expect(deleted).toBeGreaterThan(0)
    expect((await readSnapshotRows(snapshot)).length).toBe(physical - deleted)
    expect(snapshot.numRecords).toBe(physical - deleted)
  })
})

/**
 * Map entries in key order: the expectations come through PySpark's collect, which hands maps over
 * as a Java HashMap (hash order). Our reader returns a map's file order, as Spark does — asserted
 * with map_entries in test/oracle/delta-type-widening.spark.ts.
 */
function unorderedMaps(t: DataType, v: unknown): unknown {
  if (v == null) return v
  switch (t.type) {
    case 'struct':
      return t.fields.map((f, i) => unorderedMaps(f.dataType, (v as unknown[])[i]))
    case 'array':
      return (v as unknown[]).map((e) => unorderedMaps(t.elementType, e))
    case 'map':
      return (v as [unknown, unknown][])
        .map(([k, e]) => [unorderedMaps(t.keyType, k), unorderedMaps(t.valueType, e)])
        .sort((a, b) => (JSON.stringify(a[0]) < JSON.stringify(b[0]) ? -1 : 1))
    default:
      return v
  }
}

describe('log-only golden tables', () => {
  test('checkpoint: classic checkpoint at 10 plus commits 11..14', async () => {
    const snapshot = await logOf('checkpoint').snapshot()
    expect(snapshot.version).toBe(14)
    expect(snapshot.files.map((f) => f.path)).toEqual(expected('checkpoint').add_paths)
  })

  test('delete-re-add-same-file-different-transactions: the newest action per path wins', async () => {
    const snapshot = await logOf('delete-re-add-same-file-different-transactions').snapshot()
    expect(snapshot.files.map((f) => f.path).sort()).toEqual(
      expected('delete-re-add-same-file-different-transactions').add_paths,
    )
    expect(snapshot.files.find((f) => f.path === 'foo')?.modificationTime).toBe(1700000000000)
    const v1 = await logOf('delete-re-add-same-file-different-transactions').snapshot(1)
    expect(v1.files).toEqual([])
    expect(v1.tombstones.map((r) => r.path)).toEqual(['foo'])
  })

  // delta-rs cannot load these (their checkpoints hold a null schemaString); expectations are
  // read off the fixture's commit files by hand.
  test('corrupted-last-checkpoint: newest checkpoint found by listing', async () => {
    const snapshot = await logOf('corrupted-last-checkpoint').snapshot()
    expect(snapshot.version).toBe(10)
    expect(snapshot.files.map((f) => f.path).sort()).toEqual([
      '0',
      '1',
      '10',
      '2',
      '3',
      '4',
      '5',
      '6',
      '7',
      '8',
      '9',
    ])
  })

  test('canonicalized-paths-special-a: a remove spelled file:/… cancels an add spelled /…', async () => {
    const snapshot = await logOf('canonicalized-paths-special-a').snapshot()
    expect(snapshot.version).toBe(1)
    expect(snapshot.files).toEqual([])
  })

  test('basic-with-vacuum-protocol-check-feature: reader feature vacuumProtocolCheck needs nothing', async () => {
    const snapshot = await logOf('basic-with-vacuum-protocol-check-feature').snapshot()
    expect(snapshot.version).toBe(1)
    expect((await readSnapshotRows(snapshot)).length).toBeGreaterThan(0)
  })
})

async function failure(promise: Promise<unknown>): Promise<EngineError> {
  const e = await promise.then(
    () => undefined,
    (err: unknown) => err,
  )
  expect(e).toBeInstanceOf(EngineError)
  return e as EngineError
}

describe('unsupported features fail loudly, naming the feature', () => {
  // type-widening reads now; Spark's rows for it are asserted in the oracle suite
  // (test/oracle/delta-type-widening.spark.ts), as delta-rs refuses that table.
  test.each([['spark-variant-checkpoint', 'variantType-preview']])('%s', async (table, feature) => {
    const e = await failure(logOf(table).snapshot())
    expect(e.code).toBe('SL_DELTA_UNSUPPORTED_FEATURE')
    expect(e.message).toContain(feature)
    expect(e.message).toContain(table)
  })
})

describe('invalid tables fail with a clear error', () => {
  test.each([
    [
      'deltalog-state-reconstruction-from-checkpoint-missing-metadata',
      'SL_DELTA_MISSING_METADATA',
      'metaData',
    ],
    [
      'deltalog-state-reconstruction-from-checkpoint-missing-protocol',
      'SL_DELTA_MISSING_METADATA',
      'protocol',
    ],
    ['deltalog-state-reconstruction-without-metadata', 'SL_DELTA_MISSING_METADATA', 'metaData'],
    ['deltalog-state-reconstruction-without-protocol', 'SL_DELTA_MISSING_METADATA', 'protocol'],
    [
      'deltalog-invalid-protocol-version',
      'SL_DELTA_UNSUPPORTED_FEATURE',
      'reader protocol version 99',
    ],
    ['versions-not-contiguous', 'SL_DELTA_VERSIONS_NOT_CONTIGUOUS', 'missing 1'],
  ])('%s', async (table, code, text) => {
    const e = await failure(logOf(table).snapshot())
    expect(e.code).toBe(code)
    expect(e.message).toContain(text)
  })

  test('no-delta-log-folder: a missing table is version -1 and unreadable', async () => {
    const log = logOf('no-delta-log-folder')
    expect(await log.tableExists()).toBe(false)
    const snapshot = await log.snapshot()
    expect(snapshot.version).toBe(-1)
    expect(snapshot.files).toEqual([])
    expect((await failure(readSnapshotRows(snapshot))).code).toBe('SL_DELTA_TABLE_NOT_FOUND')
    expect((await failure(log.snapshot(0))).code).toBe('SL_DELTA_TABLE_NOT_FOUND')
  })

  test('a version newer than the latest commit is not found', async () => {
    const e = await failure(logOf('snapshot-data2-deleted').snapshot(99))
    expect(e.code).toBe('SL_DELTA_VERSION_NOT_FOUND')
  })
})
