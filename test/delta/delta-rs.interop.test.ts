/**
 * Our tables as delta-rs sees them. Run by `npm run test:interop`, which sets up the cached venv
 * with pinned `deltalake` and `pyarrow` (scripts/python-env.sh); `npm test` does not run them.
 */
import { execFile } from 'node:child_process'
import { rm } from 'node:fs/promises'
import path from 'node:path'
import { promisify } from 'node:util'
import { describe, expect, test } from 'vitest'
import {
  DeltaLog,
  newTableMetadata,
  readSnapshotRows,
  writeDataFile,
} from '../../src/delta/index.js'
import { parseDdlSchema } from '../../src/types/index.js'
import { sortRows } from './support/canonical-rows.js'
import { appendBatch, eventRows } from './support/sample-table.js'
import { tempTablePath } from './support/temp-table.js'
import { deltaRsPython } from '../support/delta-rs-python.js'

const PYTHON = deltaRsPython()
const run = promisify(execFile)

interface Inspection {
  version: number
  protocol: {
    minReaderVersion: number
    minWriterVersion: number
    readerFeatures: unknown
    writerFeatures: unknown
  }
  arrowSchema: Record<string, string>
  rows: unknown[][]
  columns: string[]
  history: Array<{ version: number; operation: string }>
  txn: Record<string, number | null>
  numFiles: number
  numRecords: number
  firstAdd: Record<string, unknown>
  versionsReadable: Array<[number, number]>
}

async function inspect(table: string, ...appIds: string[]): Promise<Inspection> {
  const script = path.join(__dirname, 'support/delta-rs-inspect.py')
  const { stdout } = await run(PYTHON, [script, table, ...appIds], { maxBuffer: 64 * 1024 * 1024 })
  return JSON.parse(stdout) as Inspection
}

describe('delta-rs reads our tables', () => {
  test('a 25-commit streaming table with checkpoints at 10 and 20', async () => {
    const table = await tempTablePath()
    const log = DeltaLog.forTable(table)
    const expected: unknown[][] = []
    for (let b = 0; b < 25; b++) {
      const rows = eventRows(b, 4)
      expected.push(...rows)
      await appendBatch(log, 'query-7', b, rows)
    }
    const seen = await inspect(table, 'query-7', 'unknown-query')
    expect(seen.version).toBe(24)
    expect(seen.protocol).toEqual({
      minReaderVersion: 1,
      minWriterVersion: 2,
      readerFeatures: null,
      writerFeatures: null,
    })
    expect(seen.arrowSchema).toEqual({
      event_id: 'string',
      user_id: 'int32',
      amount: 'double',
      seq: 'int64',
      event_time: 'timestamp[us, tz=UTC]',
      window: 'struct<start: timestamp[us, tz=UTC], end: timestamp[us, tz=UTC]>',
    })
    expect(sortRows(seen.rows)).toEqual(sortRows(expected))
    expect(seen.history).toHaveLength(25)
    expect(seen.history.map((h) => h.version)).toEqual(Array.from({ length: 25 }, (_, i) => 24 - i))
    expect(new Set(seen.history.map((h) => h.operation))).toEqual(new Set(['STREAMING UPDATE']))
    expect(seen.txn).toEqual({ 'query-7': 24, 'unknown-query': null })
    expect(seen.numFiles).toBe(25)
    expect(seen.numRecords).toBe(100)
    expect(seen.firstAdd['min.event_time']).toEqual(expect.any(Number) as unknown)
    expect(seen.versionsReadable.every(([v, n]) => n === (v + 1) * 4)).toBe(true)

    // Without commits 0..19 delta-rs can only start from our checkpoint at 20.
    for (let v = 0; v < 20; v++)
      await rm(path.join(table, '_delta_log', `${String(v).padStart(20, '0')}.json`))
    const fromCheckpoint = await inspect(table, 'query-7')
    expect(fromCheckpoint.version).toBe(24)
    expect(fromCheckpoint.txn).toEqual({ 'query-7': 24 })
    expect(sortRows(fromCheckpoint.rows)).toEqual(sortRows(expected))
  })

  test('a partitioned table with special characters and a null partition; complete-mode rewrite', async () => {
    const table = await tempTablePath()
    const schema = parseDdlSchema('country STRING, day DATE, n BIGINT, ts TIMESTAMP')
    const log = DeltaLog.forTable(table)
    const parts: Array<[string | null, number]> = [
      ['Côte d’Ivoire/a:b %', 19844],
      [null, 19845],
      ['fr', 19844],
    ]
    const adds = await Promise.all(
      parts.map(([country, day], i) =>
        writeDataFile(table, schema, [[country, day, i, 1714564800000001 + i]], {
          partitionValues: { country, day },
        }),
      ),
    )
    await (
      await log.startTransaction()
    ).commit(
      [
        { metaData: newTableMetadata(schema, { partitionColumns: ['country', 'day'] }) },
        ...adds.map((add) => ({ add })),
      ],
      {
        name: 'WRITE',
        parameters: { mode: 'Append', partitionBy: '["country","day"]' },
      },
    )
    const first = await inspect(table)
    expect(first.arrowSchema).toMatchObject({ n: 'int64', ts: 'timestamp[us, tz=UTC]' })
    const byN = (rows: unknown[][], columns: string[]) =>
      rows
        .map((r) => Object.fromEntries(columns.map((c, i) => [c, r[i]])))
        .sort((a, b) => (a['n'] as number) - (b['n'] as number))
    const got = byN(first.rows, first.columns)
    expect(got.map((r) => r['country'])).toEqual(['Côte d’Ivoire/a:b %', null, 'fr'])
    expect(got.map((r) => r['n'])).toEqual([0, 1, 2])

    const txn = await log.startTransaction()
    const replacement = await writeDataFile(table, schema, [['de', 19846, 9, 0]], {
      partitionValues: { country: 'de', day: 19846 },
    })
    const removes = txn.snapshot.files.map((f) => ({
      remove: { ...f, dataChange: true, deletionTimestamp: Date.now(), extendedFileMetadata: true },
    }))
    await txn.commit([...removes, { add: replacement }], {
      name: 'STREAMING UPDATE',
      parameters: { outputMode: 'Complete' },
      readWholeTable: true,
    })
    const second = await inspect(table)
    expect(second.version).toBe(1)
    expect(byN(second.rows, second.columns)).toEqual([
      { country: 'de', day: expect.anything() as unknown, n: 9, ts: 0 },
    ])
  })

  test('timestamp_ntz makes a (3,7) table with the timestampNtz feature', async () => {
    const table = await tempTablePath()
    const schema = parseDdlSchema('id INT, local TIMESTAMP_NTZ')
    const log = DeltaLog.forTable(table)
    const add = await writeDataFile(table, schema, [
      [1, 1714564800123456],
      [2, null],
    ])
    await (
      await log.startTransaction()
    ).commit([{ metaData: newTableMetadata(schema) }, { add }], { name: 'WRITE', parameters: {} })
    const seen = await inspect(table)
    expect(seen.protocol).toEqual({
      minReaderVersion: 3,
      minWriterVersion: 7,
      readerFeatures: ['timestampNtz'],
      writerFeatures: ['timestampNtz'],
    })
    expect(seen.arrowSchema).toEqual({ id: 'int32', local: 'timestamp[us]' })
    expect(sortRows(seen.rows)).toEqual(
      sortRows([
        [1, 1714564800123456],
        [2, null],
      ]),
    )
  })

  test('delta-rs appends and checkpoints onto our table; we read it and continue, txns intact', async () => {
    const table = await tempTablePath()
    const log = DeltaLog.forTable(table)
    for (let b = 0; b < 3; b++) await appendBatch(log, 'ours', b, eventRows(b, 2))
    const script = path.join(__dirname, 'support/delta-rs-append.py')
    const { stdout } = await run(PYTHON, [script, table, 'theirs', '41'])
    expect(Number(stdout.trim())).toBe(3)
    const fresh = DeltaLog.forTable(table)
    const snapshot = await fresh.snapshot()
    expect(snapshot.version).toBe(3)
    expect(snapshot.txnVersion('ours')).toBe(2)
    expect(snapshot.txnVersion('theirs')).toBe(41)
    const rows = await readSnapshotRows(snapshot)
    expect(rows).toHaveLength(11)
    expect(rows.filter((r) => String(r[0]).startsWith('rs-'))).toContainEqual([
      'rs-1',
      1,
      0.5,
      900001,
      Date.UTC(2024, 4, 1, 12, 0, 1) * 1000,
      [Date.UTC(2024, 4, 1, 12) * 1000, Date.UTC(2024, 4, 1, 12, 1) * 1000],
    ])
    // Only delta-rs's checkpoint at 3 and later commits are needed from here on.
    for (let v = 0; v < 3; v++)
      await rm(path.join(table, '_delta_log', `${String(v).padStart(20, '0')}.json`))
    expect(await appendBatch(DeltaLog.forTable(table), 'ours', 2, eventRows(2, 2))).toBeUndefined()
    expect(await appendBatch(DeltaLog.forTable(table), 'ours', 3, eventRows(3, 2))).toBe(4)
    const seen = await inspect(table, 'ours', 'theirs')
    expect(seen.version).toBe(4)
    expect(seen.txn).toEqual({ ours: 3, theirs: 41 })
    expect(seen.rows).toHaveLength(13)
  })

  test('delta-rs and our writer appending to one table at the same time: nothing lost', async () => {
    const table = await tempTablePath()
    const schema = parseDdlSchema('writer STRING, n BIGINT')
    const log = DeltaLog.forTable(table)
    await (
      await log.startTransaction()
    ).commit([{ metaData: newTableMetadata(schema) }], { name: 'CREATE TABLE', parameters: {} })
    const script = path.join(__dirname, 'support/delta-rs-append-loop.py')
    const theirs = run(PYTHON, [script, table, '20'])
    for (let i = 0; i < 20; i++) {
      const add = await writeDataFile(table, schema, [['streamlake', i]])
      await (await log.startTransaction()).commit([{ add }], { name: 'WRITE', parameters: {} })
    }
    await theirs
    const snapshot = await DeltaLog.forTable(table).snapshot()
    expect(snapshot.version).toBe(40)
    const rows = await readSnapshotRows(snapshot)
    expect(rows.filter((r) => r[0] === 'delta-rs')).toHaveLength(20)
    expect(rows.filter((r) => r[0] === 'streamlake')).toHaveLength(20)
    const seen = await inspect(table)
    expect(seen.version).toBe(40)
    expect(seen.rows).toHaveLength(40)
  })
})
