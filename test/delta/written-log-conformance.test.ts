/**
 * The independent reader path: the log and files our writer produced, parsed with plain
 * JSON.parse and hyparquet only (none of the writer's structs or readers), checked against the
 * protocol rules (PROTOCOL.md §Actions, §Checkpoints; delta-notes §3, §6.2, §11).
 */
import { readdir, readFile } from 'node:fs/promises'
import path from 'node:path'
import { parquetMetadata, parquetReadObjects, parquetSchema } from 'hyparquet'
import { compressors } from 'hyparquet-compressors'
import { beforeAll, describe, expect, test } from 'vitest'
import { DeltaLog } from '../../src/delta/index.js'
import { appendBatch, eventRows } from './support/sample-table.js'
import { tempTablePath } from './support/temp-table.js'

// Parsed JSON is walked freely here; the assertions are the type checks.
/* eslint-disable @typescript-eslint/no-unsafe-member-access, @typescript-eslint/no-unsafe-return */
type Json = Record<string, any> // eslint-disable-line @typescript-eslint/no-explicit-any

let table = ''
let commits: Json[][] = []
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/

const arrayBuffer = (b: Buffer) =>
  b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength) as ArrayBuffer

beforeAll(async () => {
  table = await tempTablePath()
  const log = DeltaLog.forTable(table)
  for (let b = 0; b < 12; b++)
    await appendBatch(log, b % 3 === 0 ? 'query-a' : 'query-b', b, eventRows(b, 3))
  const names = (await readdir(path.join(table, '_delta_log')))
    .filter((n) => /^\d{20}\.json$/.test(n))
    .sort()
  commits = await Promise.all(
    names.map(async (n) =>
      (await readFile(path.join(table, '_delta_log', n), 'utf8'))
        .trimEnd()
        .split('\n')
        .map((l) => JSON.parse(l) as Json),
    ),
  )
})

describe('commit files', () => {
  test('contiguous versions, one single-key action object per line', () => {
    expect(commits).toHaveLength(12)
    for (const lines of commits) for (const line of lines) expect(Object.keys(line)).toHaveLength(1)
  })

  test('commitInfo comes first and has the field types Spark and delta-rs parse', () => {
    commits.forEach((lines, version) => {
      const info = lines[0]!['commitInfo'] as Json
      expect(info).toBeDefined()
      expect(typeof info['timestamp']).toBe('number')
      expect(info['operation']).toBe('STREAMING UPDATE')
      for (const v of Object.values(info['operationParameters'] as Json))
        expect(typeof v).toBe('string')
      for (const v of Object.values(info['operationMetrics'] as Json))
        expect(typeof v).toBe('string')
      expect(info['isolationLevel']).toBe('Serializable')
      expect(info['isBlindAppend']).toBe(true)
      expect(info['engineInfo']).toMatch(/^streamlake\/\d+\.\d+\.\d+/)
      expect(info['txnId']).toMatch(UUID)
      if (version === 0) expect(info).not.toHaveProperty('readVersion')
      else expect(info['readVersion']).toBe(version - 1)
    })
  })

  test('version 0: protocol (1,2) without feature keys, metaData with every required field', () => {
    const v0 = commits[0]!
    expect(v0.find((l) => l['protocol'])).toEqual({
      protocol: { minReaderVersion: 1, minWriterVersion: 2 },
    })
    const md = v0.find((l) => l['metaData'])!['metaData'] as Json
    expect(md['id']).toMatch(UUID)
    expect(md['format']).toEqual({ provider: 'parquet', options: {} })
    expect(md['partitionColumns']).toEqual([])
    expect(md['configuration']).toEqual({})
    expect(typeof md['createdTime']).toBe('number')
    const schema = JSON.parse(md['schemaString'] as string) as Json
    expect(schema['type']).toBe('struct')
    for (const f of schema['fields'] as Json[])
      expect(Object.keys(f)).toEqual(['name', 'type', 'nullable', 'metadata'])
    expect((schema['fields'] as Json[]).map((f) => f['type'])).toEqual([
      'string',
      'integer',
      'double',
      'long',
      'timestamp',
      {
        type: 'struct',
        fields: [
          { name: 'start', type: 'timestamp', nullable: true, metadata: {} },
          { name: 'end', type: 'timestamp', nullable: true, metadata: {} },
        ],
      },
    ])
    for (const lines of commits.slice(1))
      expect(lines.some((l) => l['protocol'] || l['metaData'])).toBe(false)
  })

  test('every commit has its txn and a well-formed add with string stats', () => {
    commits.forEach((lines, version) => {
      const txn = lines.find((l) => l['txn'])!['txn'] as Json
      expect(txn).toEqual({
        appId: version % 3 === 0 ? 'query-a' : 'query-b',
        version,
        lastUpdated: expect.any(Number) as unknown,
      })
      const add = lines.find((l) => l['add'])!['add'] as Json
      expect(add['path']).toMatch(/^part-00000-[0-9a-f-]{36}-c000\.snappy\.parquet$/)
      expect(add['partitionValues']).toEqual({})
      expect(Number.isInteger(add['size'])).toBe(true)
      expect(Number.isInteger(add['modificationTime'])).toBe(true)
      expect(add['dataChange']).toBe(true)
      expect(typeof add['stats']).toBe('string')
      const stats = JSON.parse(add['stats'] as string) as Json
      expect(stats['numRecords']).toBe(3)
      expect(stats['minValues']['event_time']).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/)
      expect(stats['nullCount']['window']).toEqual({ start: 0, end: 0 })
    })
  })
})

describe('checkpoint and data files', () => {
  test('checkpoint 10: one action per row, (1,2) protocol with null feature lists, all txns', async () => {
    const bytes = await readFile(
      path.join(table, '_delta_log', `${'10'.padStart(20, '0')}.checkpoint.parquet`),
    )
    const metadata = parquetMetadata(arrayBuffer(bytes))
    expect(parquetSchema(metadata).children.map((c) => c.element.name)).toEqual([
      'txn',
      'add',
      'remove',
      'metaData',
      'protocol',
    ])
    const rows = (await parquetReadObjects({ file: arrayBuffer(bytes), compressors })) as Json[]
    for (const r of rows) expect(Object.values(r).filter((v) => v != null)).toHaveLength(1)
    const protocol = rows.filter((r) => r['protocol']).map((r) => r['protocol'] as Json)
    expect(protocol).toHaveLength(1)
    expect(protocol[0]!['minReaderVersion']).toBe(1)
    expect(protocol[0]!['minWriterVersion']).toBe(2)
    expect(protocol[0]!['readerFeatures'] ?? null).toBeNull()
    expect(protocol[0]!['writerFeatures'] ?? null).toBeNull()
    expect(rows.filter((r) => r['metaData'])).toHaveLength(1)
    const txns = rows.filter((r) => r['txn']).map((r) => r['txn'] as Json)
    expect(txns.map((t) => [t['appId'], Number(t['version'])]).sort()).toEqual([
      ['query-a', 9],
      ['query-b', 10],
    ])
    const adds = rows.filter((r) => r['add']).map((r) => r['add'] as Json)
    expect(adds).toHaveLength(11)
    for (const a of adds) expect(typeof a['stats']).toBe('string')
    const last = JSON.parse(
      await readFile(path.join(table, '_delta_log', '_last_checkpoint'), 'utf8'),
    ) as Json
    expect(last).toEqual({
      version: 10,
      size: rows.length,
      sizeInBytes: bytes.length,
      numOfAddFiles: 11,
    })
  })

  test('data files: snappy, INT64 TIMESTAMP(MICROS, UTC), INT32 integers, UTF8 strings, nested window group', async () => {
    const add = commits[0]!.find((l) => l['add'])!['add'] as Json
    const bytes = await readFile(path.join(table, add['path'] as string))
    const metadata = parquetMetadata(arrayBuffer(bytes))
    const byName = new Map(metadata.schema.map((e) => [e.name, e]))
    expect(byName.get('event_id')).toMatchObject({ type: 'BYTE_ARRAY', converted_type: 'UTF8' })
    expect(byName.get('user_id')).toMatchObject({ type: 'INT32' })
    expect(byName.get('seq')).toMatchObject({ type: 'INT64' })
    for (const ts of ['event_time', 'start', 'end']) {
      expect(byName.get(ts)).toMatchObject({
        type: 'INT64',
        logical_type: { type: 'TIMESTAMP', isAdjustedToUTC: true, unit: 'MICROS' },
      })
    }
    expect(byName.get('window')).toMatchObject({ num_children: 2 })
    for (const rg of metadata.row_groups)
      for (const c of rg.columns) expect(c.meta_data?.codec).toBe('SNAPPY')
    const rows = (await parquetReadObjects({ file: arrayBuffer(bytes), compressors })) as Json[]
    expect(rows).toHaveLength(3)
    expect(Object.keys(rows[0]!)).toEqual([
      'event_id',
      'user_id',
      'amount',
      'seq',
      'event_time',
      'window',
    ])
  })
})
