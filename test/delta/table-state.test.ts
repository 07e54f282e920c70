import { expect, test } from 'vitest'
import type { Action } from '../../src/delta/actions.js'
import { applyActions, emptyTableState, fileKey } from '../../src/delta/table-state.js'

const add = (path: string, modificationTime = 1): Action => ({
  add: { path, partitionValues: {}, size: 1, modificationTime, dataChange: true },
})
const remove = (path: string): Action => ({
  remove: { path, dataChange: true, deletionTimestamp: 5 },
})

test('latest protocol, metadata and txn per appId win', () => {
  const s = emptyTableState()
  applyActions(s, [
    { protocol: { minReaderVersion: 1, minWriterVersion: 2 } },
    {
      metaData: {
        id: 'a',
        format: { provider: 'parquet', options: {} },
        schemaString: '{}',
        partitionColumns: [],
        configuration: {},
      },
    },
    { txn: { appId: 'q', version: 1 } },
    { txn: { appId: 'r', version: 4 } },
  ])
  applyActions(s, [
    { txn: { appId: 'q', version: 2 } },
    { protocol: { minReaderVersion: 1, minWriterVersion: 3 } },
  ])
  expect(s.protocol?.minWriterVersion).toBe(3)
  expect(s.metadata?.id).toBe('a')
  expect(s.txns.get('q')?.version).toBe(2)
  expect(s.txns.get('r')?.version).toBe(4)
})

test('a remove tombstones a file and a later add revives it', () => {
  const s = emptyTableState()
  applyActions(s, [add('a'), add('b')])
  applyActions(s, [remove('a')])
  expect([...s.files.keys()]).toEqual(['b'])
  expect([...s.tombstones.keys()]).toEqual(['a'])
  applyActions(s, [add('a', 9)])
  expect(s.files.get('a')).toMatchObject({ modificationTime: 9 })
  expect(s.tombstones.size).toBe(0)
})

test('paths are compared decoded and without the file: scheme', () => {
  expect(fileKey('file:/x/with%20space/p@%23h')).toBe(fileKey('/x/with space/p@#h'))
  expect(fileKey('file:///x/a')).toBe(fileKey('/x/a'))
  const s = emptyTableState()
  applyActions(s, [add('/x/with%20space/p@%23h')])
  applyActions(s, [remove('file:/x/with%20space/p@%23h')])
  expect(s.files.size).toBe(0)
})

test('domain metadata: latest per domain, removed deletes', () => {
  const s = emptyTableState()
  applyActions(s, [{ domainMetadata: { domain: 'd', configuration: '1', removed: false } }])
  applyActions(s, [{ domainMetadata: { domain: 'd', configuration: '1', removed: true } }])
  expect(s.domains.size).toBe(0)
})
