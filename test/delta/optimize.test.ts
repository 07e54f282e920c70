/**
 * OPTIMIZE (delta/optimize.ts, delta/compaction-plan.ts): bins per partition up to the target
 * size, single-file bins skipped, one commit of dataChange=false removes and adds with Spark's
 * commitInfo (operation, parameters, metric names and SnapshotIsolation as Spark 4.2 / Delta 4.4
 * wrote them for `OPTIMIZE … WHERE part = 0` on this machine), the same rows afterwards, and a
 * second OPTIMIZE is a no-op.
 */
import { describe, expect, it } from 'vitest'
import { planCompaction } from '../../src/delta/compaction-plan.js'
import {
  DeltaLog,
  newTableMetadata,
  optimizeTable,
  readSnapshotRows,
  writeDataFile,
  type AddAction,
} from '../../src/delta/index.js'
import { readCommit } from '../../src/delta/snapshot-loader.js'
import { parseDdlSchema, type Row } from '../../src/types/index.js'
import { tempTablePath } from './support/temp-table.js'

const schema = parseDdlSchema('id BIGINT, part BIGINT')

function add(path: string, size: number, part = '0'): AddAction {
  return { path, size, partitionValues: { part }, modificationTime: 0, dataChange: true }
}

describe('planCompaction', () => {
  it('packs small files per partition in log order up to maxFileSize and drops bins of one file', () => {
    const files = [
      add('a', 40),
      add('b', 40),
      add('x', 10, '1'),
      add('c', 40),
      add('big', 500),
      add('d', 10),
    ]
    const plan = planCompaction(files, { minFileSize: 100, maxFileSize: 100 })
    expect(plan.bins.map((b) => b.files.map((f) => f.path))).toEqual([
      ['a', 'b'],
      ['c', 'd'],
    ])
    expect(plan.consideredFiles).toBe(6)
    expect(plan.skippedFiles).toBe(2) // big (not small) and x (alone in its partition)
  })

  it('considers only the partitions the filter accepts', () => {
    const files = [add('a', 1), add('b', 1), add('c', 1, '1'), add('d', 1, '1')]
    const plan = planCompaction(files, { minFileSize: 10, maxFileSize: 10 }, (v) => v.part === '1')
    expect(plan.bins.map((b) => b.files.map((f) => f.path))).toEqual([['c', 'd']])
    expect(plan.consideredFiles).toBe(2)
  })
})

async function partitionedTable(batches: number): Promise<{ log: DeltaLog; rows: Row[] }> {
  const log = DeltaLog.forTable(await tempTablePath())
  const rows: Row[] = []
  for (let b = 0; b < batches; b++) {
    const actions = []
    if (b === 0)
      actions.push({ metaData: newTableMetadata(schema, { partitionColumns: ['part'] }) })
    for (const part of [0, 1]) {
      const batch: Row[] = []
      for (let i = 0; i < 5; i++) batch.push([b * 10 + i * 2 + part, part])
      rows.push(...batch)
      actions.push({
        add: await writeDataFile(log.tablePath, schema, batch, { partitionValues: { part } }),
      })
    }
    const txn = await log.startTransaction()
    await txn.commit(actions, { name: 'WRITE', parameters: { mode: 'Append' } })
  }
  return { log, rows }
}

const sortRows = (rows: readonly Row[]): Row[] =>
  [...rows].sort((a, b) => Number(a[0]) - Number(b[0]))

describe('optimizeTable', () => {
  it('compacts one partition with the where filter, in a commit Spark would write', async () => {
    const { log, rows } = await partitionedTable(4)
    const result = await optimizeTable(log, {
      partitionFilter: (v) => v.part === '0',
      predicates: ["part = '0'"],
    })
    expect(result.version).toBe(4)
    expect(result.metrics).toMatchObject({
      numFilesAdded: 1,
      numFilesRemoved: 4,
      partitionsOptimized: 1,
      totalConsideredFiles: 4,
      totalFilesSkipped: 0,
    })
    const actions = await readCommit(log.store, 4)
    const info = actions.find((a) => 'commitInfo' in a)!
    expect('commitInfo' in info && info.commitInfo).toMatchObject({
      operation: 'OPTIMIZE',
      operationParameters: {
        predicate: '["part = \'0\'"]',
        zOrderBy: '[]',
        clusterBy: '[]',
        auto: 'false',
      },
      readVersion: 3,
      isolationLevel: 'SnapshotIsolation',
      isBlindAppend: false,
    })
    const metrics = 'commitInfo' in info ? info.commitInfo.operationMetrics! : {}
    expect(Object.keys(metrics).sort()).toEqual(
      [
        'numRemovedFiles',
        'numRemovedBytes',
        'p25FileSize',
        'numDeletionVectorsRemoved',
        'minFileSize',
        'p75FileSize',
        'p50FileSize',
        'numAddedBytes',
        'numAddedFiles',
        'maxFileSize',
      ].sort(),
    )
    const removes = actions.filter((a) => 'remove' in a)
    const adds = actions.filter((a) => 'add' in a)
    expect(removes).toHaveLength(4)
    expect(adds).toHaveLength(1)
    for (const a of [...removes, ...adds]) {
      const file = 'remove' in a ? a.remove : 'add' in a ? a.add : undefined
      expect(file?.dataChange).toBe(false)
      expect(file?.partitionValues).toEqual({ part: '0' })
    }
    const snapshot = await log.snapshot()
    expect(snapshot.files).toHaveLength(5) // 1 compacted + 4 of partition 1
    expect(sortRows(await readSnapshotRows(snapshot))).toEqual(sortRows(rows))
  })

  it('compacts every partition, then a second run changes nothing', async () => {
    const { log, rows } = await partitionedTable(3)
    const first = await optimizeTable(log)
    expect(first.metrics.numFilesAdded).toBe(2)
    expect(first.metrics.numFilesRemoved).toBe(6)
    const second = await optimizeTable(log)
    expect(second.version).toBeUndefined()
    expect(second.metrics.totalFilesSkipped).toBe(2)
    const snapshot = await log.snapshot()
    expect(snapshot.version).toBe(3)
    expect(sortRows(await readSnapshotRows(snapshot))).toEqual(sortRows(rows))
  })

  it('fills bins up to maxFileSize', async () => {
    const { log } = await partitionedTable(6)
    const size = (await log.snapshot()).files[0]!.size
    // Room for three files per bin: six files of a partition become two.
    await optimizeTable(log, { maxFileSize: size * 3 + 10 })
    expect((await log.snapshot()).files).toHaveLength(4)
  })
})
