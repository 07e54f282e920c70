import { execFile } from 'node:child_process'
import path from 'node:path'
import { promisify } from 'node:util'
import { describe, expect, test } from 'vitest'
import { DeltaLog, readSnapshotRows, writeDataFile } from '../../src/delta/index.js'
import { DeltaConflictError } from '../../src/errors/index.js'
import { bundleForNode } from './support/bundle-child.js'
import { appendBatch, EVENT_SCHEMA, eventRows } from './support/sample-table.js'
import { tempTablePath } from './support/temp-table.js'

const run = promisify(execFile)

async function contiguousVersions(table: string): Promise<number[]> {
  const history = await DeltaLog.forTable(table).history()
  return history.map((h) => h.version).sort((a, b) => a - b)
}

describe('concurrent writers', () => {
  test('two DeltaLog instances racing: no lost commit, contiguous versions', async () => {
    const table = await tempTablePath()
    const a = DeltaLog.forTable(table)
    const b = DeltaLog.forTable(table)
    await appendBatch(a, 'setup', 0, eventRows(0, 1))
    // 10 racers: each can lose at most 9 times, within MAX_COMMIT_ATTEMPTS (10).
    const racers = Array.from({ length: 10 }, (_, i) =>
      appendBatch(i % 2 ? a : b, `writer-${i}`, 0, eventRows(i + 1, 2)),
    )
    const versions = (await Promise.all(racers)) as number[]
    expect([...versions].sort((x, y) => x - y)).toEqual(Array.from({ length: 10 }, (_, i) => i + 1))
    expect(await contiguousVersions(table)).toEqual(Array.from({ length: 11 }, (_, i) => i))
    const snapshot = await DeltaLog.forTable(table).snapshot()
    expect(snapshot.files).toHaveLength(11)
    expect(await readSnapshotRows(snapshot)).toHaveLength(21)
    for (let i = 0; i < 10; i++) expect(snapshot.txnVersion(`writer-${i}`)).toBe(0)
  })

  test('a retried commit keeps its readVersion and lands after the winners', async () => {
    const table = await tempTablePath()
    const log = DeltaLog.forTable(table)
    await appendBatch(log, 'setup', 0, eventRows(0, 1))
    const slow = await log.startTransaction()
    for (let i = 1; i <= 3; i++)
      await appendBatch(DeltaLog.forTable(table), 'other', i, eventRows(i, 1))
    const add = await writeDataFile(table, EVENT_SCHEMA, eventRows(9, 1))
    expect(await slow.commit([{ add }], { name: 'WRITE', parameters: {} })).toBe(4)
    expect((await log.history(1))[0]).toMatchObject({ version: 4, readVersion: 0 })
  })

  test('two instances of the same query (same appId) fail with SL_DELTA_CONCURRENT_TRANSACTION', async () => {
    const table = await tempTablePath()
    const log = DeltaLog.forTable(table)
    await appendBatch(log, 'q', 0, eventRows(0, 1))
    const first = await log.startTransaction()
    const second = await DeltaLog.forTable(table).startTransaction()
    expect(first.txnVersion('q')).toBe(0)
    expect(second.txnVersion('q')).toBe(0)
    const addA = await writeDataFile(table, EVENT_SCHEMA, eventRows(1, 1))
    const addB = await writeDataFile(table, EVENT_SCHEMA, eventRows(1, 1))
    await first.commit([{ txn: { appId: 'q', version: 1 } }, { add: addA }], {
      name: 'STREAMING UPDATE',
      parameters: {},
    })
    const lost = second.commit([{ txn: { appId: 'q', version: 1 } }, { add: addB }], {
      name: 'STREAMING UPDATE',
      parameters: {},
    })
    await expect(lost).rejects.toThrow(
      expect.objectContaining({ code: 'SL_DELTA_CONCURRENT_TRANSACTION', retryable: false }),
    )
    expect((await log.snapshot()).files).toHaveLength(2)
  })

  test('a whole-table rewrite racing an append is a retryable conflict', async () => {
    const table = await tempTablePath()
    const log = DeltaLog.forTable(table)
    await appendBatch(log, 'q', 0, eventRows(0, 1))
    const complete = await log.startTransaction()
    await appendBatch(DeltaLog.forTable(table), 'other', 0, eventRows(1, 1))
    const removes = complete.snapshot.files.map((f) => ({
      remove: { path: f.path, dataChange: true },
    }))
    const attempt = complete.commit(removes, {
      name: 'STREAMING UPDATE',
      parameters: { outputMode: 'Complete' },
      readWholeTable: true,
    })
    await expect(attempt).rejects.toBeInstanceOf(DeltaConflictError)
    await expect(attempt).rejects.toThrow(
      expect.objectContaining({ code: 'SL_DELTA_CONFLICT', retryable: true }),
    )
  })

  test('a child process and this process appending at the same time', async () => {
    const table = await tempTablePath()
    await appendBatch(DeltaLog.forTable(table), 'setup', 0, eventRows(0, 1))
    const child = await bundleForNode(path.join(__dirname, 'support/child-writer.ts'))
    const childRun = run(process.execPath, [child, table, 'child-query', '15'])
    const log = DeltaLog.forTable(table)
    const ours: number[] = []
    for (let b = 0; b < 15; b++)
      ours.push((await appendBatch(log, 'parent-query', b, eventRows(b, 2)))!)
    const theirs = JSON.parse((await childRun).stdout) as number[]
    expect(theirs).toHaveLength(15)
    expect([...ours, ...theirs].sort((x, y) => x - y)).toEqual(
      Array.from({ length: 30 }, (_, i) => i + 1),
    )
    expect(await contiguousVersions(table)).toEqual(Array.from({ length: 31 }, (_, i) => i))
    const snapshot = await DeltaLog.forTable(table).snapshot()
    expect(snapshot.txnVersion('child-query')).toBe(14)
    expect(snapshot.txnVersion('parent-query')).toBe(14)
    expect(await readSnapshotRows(snapshot)).toHaveLength(61)
  })
})
