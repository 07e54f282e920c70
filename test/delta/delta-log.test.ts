import { promises as fs } from 'node:fs'
import path from 'node:path'
import { describe, expect, test } from 'vitest'
import {
  DeltaLog,
  newTableMetadata,
  readSnapshotRows,
  writeDataFile,
} from '../../src/delta/index.js'
import {
  DataTypes,
  parseDdlSchema,
  structField,
  structType,
  type Row,
} from '../../src/types/index.js'
import { Decimal } from '../../src/types/decimal-value.js'
import { canonicalRows } from './support/canonical-rows.js'
import { appendBatch, EVENT_SCHEMA, eventRows } from './support/sample-table.js'
import { tempTablePath } from './support/temp-table.js'

const pad = (v: number) => String(v).padStart(20, '0')

describe('write then read back', () => {
  test('every supported type round-trips, nulls included', async () => {
    const table = await tempTablePath()
    const schema = structType([
      structField('s', DataTypes.StringType),
      structField('i', DataTypes.IntegerType),
      structField('l', DataTypes.LongType),
      structField('sh', DataTypes.ShortType),
      structField('b', DataTypes.ByteType),
      structField('f', DataTypes.FloatType),
      structField('d', DataTypes.DoubleType),
      structField('bool', DataTypes.BooleanType),
      structField('bin', DataTypes.BinaryType),
      structField('date', DataTypes.DateType),
      structField('ts', DataTypes.TimestampType),
      structField('dec', DataTypes.decimal(10, 2)),
      structField('arr', DataTypes.array(DataTypes.LongType)),
      structField('m', DataTypes.map(DataTypes.StringType, DataTypes.IntegerType)),
      structField(
        'window',
        structType([
          structField('start', DataTypes.TimestampType),
          structField('end', DataTypes.TimestampType),
        ]),
      ),
    ])
    const rows: Row[] = [
      [
        'héllo ✓',
        1,
        2 ** 52,
        -3,
        7,
        1.5,
        -0.125,
        true,
        new Uint8Array([1, 2, 255]),
        19723,
        1714564800123456,
        Decimal.parse('12.34')!,
        [1, 2],
        new Map([['k', 1]]),
        [1, 2],
      ],
      [null, null, null, null, null, null, null, null, null, null, null, null, null, null, null],
      [
        '',
        -(2 ** 31),
        -(2 ** 53) + 1,
        0,
        -128,
        0,
        NaN,
        false,
        new Uint8Array(),
        -1,
        -1,
        Decimal.parse('-0.01')!,
        [],
        new Map(),
        [null, 5],
      ],
    ]
    const log = DeltaLog.forTable(table)
    const add = await writeDataFile(table, schema, rows)
    const version = await (
      await log.startTransaction()
    ).commit([{ metaData: newTableMetadata(schema) }, { add }], {
      name: 'WRITE',
      parameters: { mode: 'Append' },
    })
    expect(version).toBe(0)
    const snapshot = await DeltaLog.forTable(table).snapshot()
    expect(snapshot.schema).toEqual(schema)
    expect(canonicalRows(schema, await readSnapshotRows(snapshot))).toEqual(
      canonicalRows(schema, rows),
    )
    expect(await readSnapshotRows(snapshot, { columns: ['ts', 's'] })).toContainEqual([
      1714564800123456,
      'héllo ✓',
    ])
  })

  test('stats: numRecords, min/max/nullCount, ISO ms timestamps truncated down, nested window', async () => {
    const table = await tempTablePath()
    const add = await writeDataFile(table, EVENT_SCHEMA, [
      ['a', 3, 1.5, 10, 1714564800123999, [1714564800000000, 1714564860000000]],
      ['b'.repeat(33), null, -2, 11, 1714564801000000, null],
    ])
    expect(typeof add.stats).toBe('string')
    expect(JSON.parse(add.stats!)).toEqual({
      numRecords: 2,
      minValues: {
        user_id: 3,
        amount: -2,
        seq: 10,
        event_time: '2024-05-01T12:00:00.123Z',
        window: { start: '2024-05-01T12:00:00.000Z', end: '2024-05-01T12:01:00.000Z' },
      },
      maxValues: {
        user_id: 3,
        amount: 1.5,
        seq: 11,
        event_time: '2024-05-01T12:00:01.000Z',
        window: { start: '2024-05-01T12:00:00.000Z', end: '2024-05-01T12:01:00.000Z' },
      },
      nullCount: {
        event_id: 0,
        user_id: 1,
        amount: 0,
        seq: 0,
        event_time: 0,
        window: { start: 1, end: 1 },
      },
    })
    expect(add.path).toMatch(/^part-00000-[0-9a-f-]{36}-c000\.snappy\.parquet$/)
    expect(add.partitionValues).toEqual({})
    expect(add.size).toBe((await fs.stat(path.join(table, add.path))).size)
  })

  test('a value of the wrong type is a clear error', async () => {
    const table = await tempTablePath()
    await expect(
      writeDataFile(table, parseDdlSchema('a INT NOT NULL'), [[1], [null]]),
    ).rejects.toThrow(/NOT NULL/)
    await expect(writeDataFile(table, parseDdlSchema('a BIGINT'), [['x']])).rejects.toThrow(
      expect.objectContaining({ code: 'SL_DELTA_ROW_MISMATCH' }),
    )
  })

  test('partitioned tables: special characters, null and timestamp partition values', async () => {
    const table = await tempTablePath()
    const schema = parseDdlSchema('p STRING, t TIMESTAMP, v INT')
    const log = DeltaLog.forTable(table)
    const values: Array<[string | null, number]> = [
      ['a b:c/d%e#', 1714564800123456],
      [null, 0],
      ['plain', -1],
    ]
    const adds = await Promise.all(
      values.map(([p, t], i) =>
        writeDataFile(
          table,
          schema,
          [
            [p, t, i],
            [p, t, i + 10],
          ],
          { partitionValues: { p, t } },
        ),
      ),
    )
    await (
      await log.startTransaction()
    ).commit(
      [
        { metaData: newTableMetadata(schema, { partitionColumns: ['p', 't'] }) },
        ...adds.map((add) => ({ add })),
      ],
      { name: 'WRITE', parameters: {} },
    )
    expect(adds[0]!.partitionValues).toEqual({ p: 'a b:c/d%e#', t: '2024-05-01T12:00:00.123456Z' })
    expect(adds[1]!.path).toMatch(
      /^p=__HIVE_DEFAULT_PARTITION__\/t=1970-01-01T00%253A00%253A00.000000Z\/part-/,
    )
    const rows = await readSnapshotRows(await log.snapshot())
    expect(canonicalRows(schema, rows)).toEqual(
      canonicalRows(
        schema,
        values.flatMap(([p, t], i) => [
          [p, t, i],
          [p, t, i + 10],
        ]),
      ),
    )
  })
})

describe('log, checkpoints, time travel, history', () => {
  test('25 streaming commits: checkpoints at 10 and 20, all txns kept, replay from the checkpoint', async () => {
    const table = await tempTablePath()
    const log = DeltaLog.forTable(table)
    for (let b = 0; b < 25; b++)
      expect(await appendBatch(log, 'query-1', b, eventRows(b, 3))).toBe(b)
    expect(await appendBatch(log, 'query-1', 24, eventRows(24, 3))).toBeUndefined()
    const names = await fs.readdir(path.join(table, '_delta_log'))
    expect(names.filter((n) => n.includes('checkpoint.parquet')).sort()).toEqual([
      `${pad(10)}.checkpoint.parquet`,
      `${pad(20)}.checkpoint.parquet`,
    ])
    expect(names.filter((n) => n.startsWith('.'))).toEqual([])
    const last: unknown = JSON.parse(
      await fs.readFile(path.join(table, '_delta_log', '_last_checkpoint'), 'utf8'),
    )
    expect(last).toEqual({
      version: 20,
      size: 2 + 1 + 21,
      sizeInBytes: expect.any(Number) as unknown,
      numOfAddFiles: 21,
    })

    // Drop commits 0..19 (as log cleanup would): the state must come from checkpoint 20.
    for (let v = 0; v < 20; v++) await fs.rm(path.join(table, '_delta_log', `${pad(v)}.json`))
    const fresh = DeltaLog.forTable(table)
    const snapshot = await fresh.snapshot()
    expect(snapshot.version).toBe(24)
    expect(snapshot.txnVersion('query-1')).toBe(24)
    expect(snapshot.files).toHaveLength(25)
    expect((await readSnapshotRows(snapshot)).length).toBe(75)
    expect((await fresh.snapshot(20)).txnVersion('query-1')).toBe(20)
    await expect(fresh.snapshot(15)).rejects.toThrow(
      expect.objectContaining({ code: 'SL_DELTA_VERSION_NOT_FOUND' }),
    )
  })

  test('time travel and history', async () => {
    const table = await tempTablePath()
    const log = DeltaLog.forTable(table)
    for (let b = 0; b < 4; b++) await appendBatch(log, 'q', b, eventRows(b, 2))
    const v1 = await log.snapshot(1)
    expect(v1.version).toBe(1)
    expect(await readSnapshotRows(v1)).toHaveLength(4)
    expect(v1.commitInfo?.operation).toBe('STREAMING UPDATE')
    const history = await log.history()
    expect(history.map((h) => h.version)).toEqual([3, 2, 1, 0])
    expect(history[0]).toMatchObject({
      operation: 'STREAMING UPDATE',
      operationParameters: { outputMode: 'Append', queryId: 'q', epochId: '3' },
      readVersion: 2,
      isBlindAppend: true,
      txn: { appId: 'q', version: 3 },
      numAddedFiles: 1,
      numRemovedFiles: 0,
    })
    expect(history[3]!.readVersion).toBeUndefined()
    expect(await log.history(2)).toHaveLength(2)
  })

  test('complete mode: remove everything and add, refused on append-only tables', async () => {
    const table = await tempTablePath()
    const schema = parseDdlSchema('k STRING, n BIGINT')
    const log = DeltaLog.forTable(table)
    const first = await writeDataFile(table, schema, [['a', 1]])
    await (
      await log.startTransaction()
    ).commit([{ metaData: newTableMetadata(schema) }, { add: first }], {
      name: 'WRITE',
      parameters: {},
    })
    const txn = await log.startTransaction()
    const replacement = await writeDataFile(table, schema, [['a', 2]])
    const removes = txn.snapshot.files.map((f) => ({
      remove: { ...f, dataChange: true, deletionTimestamp: Date.now(), extendedFileMetadata: true },
    }))
    expect(
      await txn.commit([...removes, { add: replacement }], {
        name: 'STREAMING UPDATE',
        parameters: { outputMode: 'Complete' },
        readWholeTable: true,
      }),
    ).toBe(1)
    expect(await readSnapshotRows(await log.snapshot())).toEqual([['a', 2]])
    expect((await log.history())[0]!.isBlindAppend).toBe(false)

    const appendOnly = await tempTablePath()
    const aoLog = DeltaLog.forTable(appendOnly)
    const a = await writeDataFile(appendOnly, schema, [['a', 1]])
    await (
      await aoLog.startTransaction()
    ).commit(
      [
        { metaData: newTableMetadata(schema, { configuration: { 'delta.appendOnly': 'true' } }) },
        { add: a },
      ],
      { name: 'WRITE', parameters: {} },
    )
    const refused = (await aoLog.startTransaction()).commit(
      [{ remove: { path: a.path, dataChange: true } }],
      { name: 'DELETE', parameters: {} },
    )
    await expect(refused).rejects.toThrow(expect.objectContaining({ code: 'SL_DELTA_APPEND_ONLY' }))
    // Rearranging data (dataChange=false) stays allowed.
    const compacted = await writeDataFile(appendOnly, schema, [['a', 1]], { dataChange: false })
    await (
      await aoLog.startTransaction()
    ).commit([{ remove: { path: a.path, dataChange: false } }, { add: compacted }], {
      name: 'OPTIMIZE',
      parameters: {},
    })
  })

  test('the first commit needs metadata; a checkpoint failure does not fail the commit', async () => {
    const table = await tempTablePath()
    const errors: number[] = []
    const log = DeltaLog.forTable(table, { onCheckpointError: (_e, v) => errors.push(v) })
    await expect(
      (await log.startTransaction()).commit([], { name: 'WRITE', parameters: {} }),
    ).rejects.toThrow(expect.objectContaining({ code: 'SL_DELTA_INVALID_ACTION' }))
    const schema = parseDdlSchema('a INT')
    await (
      await log.startTransaction()
    ).commit(
      [
        {
          metaData: newTableMetadata(schema, {
            configuration: { 'delta.checkpointInterval': '2' },
          }),
        },
      ],
      { name: 'CREATE TABLE', parameters: {} },
    )
    await fs.mkdir(path.join(table, '_delta_log', `${pad(2)}.checkpoint.parquet`))
    await (await log.startTransaction()).commit([], { name: 'WRITE', parameters: {} })
    expect(await (await log.startTransaction()).commit([], { name: 'WRITE', parameters: {} })).toBe(
      2,
    )
    expect(errors).toEqual([2])
    expect((await DeltaLog.forTable(table).snapshot()).version).toBe(2)
  })

  test('a metaData action may not change the table id of an existing table', async () => {
    const table = await tempTablePath()
    const log = DeltaLog.forTable(table)
    const schema = parseDdlSchema('a INT')
    await (
      await log.startTransaction()
    ).commit([{ metaData: newTableMetadata(schema) }], { name: 'CREATE TABLE', parameters: {} })
    const replaced = (await log.startTransaction()).commit(
      [{ metaData: newTableMetadata(schema) }],
      { name: 'WRITE', parameters: {} },
    )
    await expect(replaced).rejects.toThrow(/changes the table id/)
    const txn = await log.startTransaction()
    const evolved = { ...txn.snapshot.metadata, configuration: { 'delta.checkpointInterval': '5' } }
    expect(
      await txn.commit([{ metaData: evolved }], { name: 'SET TBLPROPERTIES', parameters: {} }),
    ).toBe(1)
    expect((await log.snapshot()).tableProperties.checkpointInterval).toBe(5)
  })

  test('refuses to write to tables with features we do not implement', async () => {
    const table = await tempTablePath()
    const log = DeltaLog.forTable(table)
    const schema = parseDdlSchema('a INT')
    const commit = (await log.startTransaction()).commit(
      [
        { protocol: { minReaderVersion: 1, minWriterVersion: 7, writerFeatures: ['rowTracking'] } },
        { metaData: newTableMetadata(schema) },
      ],
      { name: 'CREATE TABLE', parameters: {} },
    )
    await expect(commit).rejects.toThrow(
      expect.objectContaining({ code: 'SL_DELTA_UNSUPPORTED_FEATURE' }),
    )
    expect(await log.tableExists()).toBe(false)
  })
})
