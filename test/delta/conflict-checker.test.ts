import { describe, expect, test } from 'vitest'
import type { Action } from '../../src/delta/actions.js'
import { findConflict, type TransactionFootprint } from '../../src/delta/conflict-checker.js'

const footprint = (over: Partial<TransactionFootprint> = {}): TransactionFootprint => ({
  appIds: new Set(),
  readWholeTable: false,
  readFiles: new Set(),
  removedFiles: new Set(),
  domains: new Set(),
  ...over,
})
const add = (path: string): Action => ({
  add: { path, partitionValues: {}, size: 1, modificationTime: 1, dataChange: true },
})
const remove = (path: string): Action => ({ remove: { path, dataChange: true } })
const info: Action = { commitInfo: { operation: 'WRITE' } }

describe('findConflict (Spark ConflictChecker order)', () => {
  test('an add in a partition the transaction read conflicts (ConcurrentAppend), elsewhere not', () => {
    const addIn = (day: string): Action => ({
      add: {
        path: `day=${day}/f`,
        partitionValues: { day },
        size: 1,
        modificationTime: 1,
        dataChange: true,
      },
    })
    const ours = footprint({ readPartitions: (v) => v['day'] === '2026-01-01' })
    expect(findConflict(ours, [info, addIn('2026-01-01')])).toMatchObject({
      kind: 'conflict',
      reason: expect.stringMatching(/in partition day=2026-01-01.*ConcurrentAppend/) as unknown,
    })
    expect(findConflict(ours, [info, addIn('2026-01-02')])).toBeUndefined()
  })
  test('blind appends never conflict with appends', () => {
    expect(
      findConflict(footprint(), [info, add('x'), { txn: { appId: 'other', version: 3 } }]),
    ).toBeUndefined()
  })
  test('protocol and metadata changes conflict', () => {
    expect(
      findConflict(footprint(), [{ protocol: { minReaderVersion: 1, minWriterVersion: 2 } }])?.kind,
    ).toBe('conflict')
    const md: Action = {
      metaData: {
        id: 'x',
        format: { provider: 'parquet', options: {} },
        schemaString: '{}',
        partitionColumns: [],
        configuration: {},
      },
    }
    expect(findConflict(footprint(), [md])).toMatchObject({
      reason: expect.stringContaining('MetadataChanged') as unknown,
    })
  })
  test('a winner writing an appId we read is a concurrent transaction', () => {
    expect(
      findConflict(footprint({ appIds: new Set(['q']) }), [
        add('x'),
        { txn: { appId: 'q', version: 3 } },
      ]),
    ).toEqual({ kind: 'concurrent-transaction', appId: 'q' })
  })
  test('metadata change is reported before the txn check', () => {
    const md: Action = {
      metaData: {
        id: 'x',
        format: { provider: 'parquet', options: {} },
        schemaString: '{}',
        partitionColumns: [],
        configuration: {},
      },
    }
    expect(
      findConflict(footprint({ appIds: new Set(['q']) }), [md, { txn: { appId: 'q', version: 1 } }])
        ?.kind,
    ).toBe('conflict')
  })
  test('reading the whole table conflicts with concurrent adds and removes', () => {
    expect(findConflict(footprint({ readWholeTable: true }), [add('x')])).toMatchObject({
      reason: expect.stringContaining('ConcurrentAppend') as unknown,
    })
    expect(findConflict(footprint({ readWholeTable: true }), [remove('x')])).toMatchObject({
      reason: expect.stringContaining('ConcurrentDeleteRead') as unknown,
    })
  })
  test('removing a file we remove conflicts', () => {
    expect(findConflict(footprint({ removedFiles: new Set(['x']) }), [remove('x')])).toMatchObject({
      reason: expect.stringContaining('ConcurrentDeleteDelete') as unknown,
    })
    expect(findConflict(footprint({ removedFiles: new Set(['x']) }), [remove('y')])).toBeUndefined()
  })
  test('domain metadata on the same domain conflicts', () => {
    expect(
      findConflict(footprint({ domains: new Set(['d']) }), [
        { domainMetadata: { domain: 'd', configuration: '', removed: false } },
      ])?.kind,
    ).toBe('conflict')
  })
})
