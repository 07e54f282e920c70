import { expect, test } from 'vitest'
import { readCheckpointActions } from '../../src/delta/checkpoint-reader.js'
import { writeCheckpoint } from '../../src/delta/checkpoint-writer.js'
import { LogStore } from '../../src/delta/log-store.js'
import { applyActions, emptyTableState } from '../../src/delta/table-state.js'
import { tempTablePath } from './support/temp-table.js'

const DAY = 86_400_000
const NOW = Date.UTC(2024, 4, 1)

test('checkpoint round trip keeps state; expired tombstones are dropped', async () => {
  const store = new LogStore(await tempTablePath())
  const state = emptyTableState()
  applyActions(state, [
    { protocol: { minReaderVersion: 1, minWriterVersion: 2 } },
    {
      metaData: {
        id: 'id-1',
        format: { provider: 'parquet', options: {} },
        schemaString:
          '{"type":"struct","fields":[{"name":"p","type":"string","nullable":true,"metadata":{}}]}',
        partitionColumns: ['p'],
        configuration: { 'delta.appendOnly': 'false' },
        createdTime: 5,
      },
    },
    { txn: { appId: 'a', version: 7, lastUpdated: 9 } },
    { txn: { appId: 'b', version: 2 ** 40, lastUpdated: 9 } },
    {
      add: {
        path: 'p=x%20y/f1',
        partitionValues: { p: 'x y' },
        size: 10,
        modificationTime: 1,
        dataChange: true,
        stats: '{"numRecords":1}',
      },
    },
    {
      add: {
        path: 'p=__HIVE_DEFAULT_PARTITION__/f2',
        partitionValues: { p: null },
        size: 11,
        modificationTime: 2,
        dataChange: false,
        tags: { t: '1' },
      },
    },
    {
      remove: {
        path: 'old',
        dataChange: true,
        deletionTimestamp: NOW - 8 * DAY,
        extendedFileMetadata: true,
        partitionValues: {},
        size: 1,
      },
    },
    {
      remove: {
        path: 'recent',
        dataChange: true,
        deletionTimestamp: NOW - DAY,
        extendedFileMetadata: true,
        partitionValues: {},
        size: 1,
      },
    },
  ])
  const info = await writeCheckpoint(store, state, 3, NOW)
  expect(info).toMatchObject({ version: 3, size: 7, numOfAddFiles: 2 })
  const reread = emptyTableState()
  applyActions(
    reread,
    await readCheckpointActions(store, ['00000000000000000003.checkpoint.parquet']),
  )
  expect(reread.protocol).toEqual(state.protocol)
  expect(reread.metadata).toEqual({ ...state.metadata, name: null, description: null })
  expect(reread.txns).toEqual(state.txns)
  expect([...reread.files.values()]).toEqual([
    {
      path: 'p=x%20y/f1',
      partitionValues: { p: 'x y' },
      size: 10,
      modificationTime: 1,
      dataChange: true,
      stats: '{"numRecords":1}',
    },
    {
      path: 'p=__HIVE_DEFAULT_PARTITION__/f2',
      partitionValues: { p: null },
      size: 11,
      modificationTime: 2,
      dataChange: false,
      stats: null,
      tags: { t: '1' },
    },
  ])
  expect([...reread.tombstones.keys()]).toEqual(['recent'])
})
