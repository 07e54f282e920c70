import { promises as fs } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { DeltaLog, readSnapshotRows } from '../../../src/delta/index.js'
import { SparkSession } from '../../../src/index.js'
import { DeltaSink } from '../../../src/sinks/delta/delta-sink.js'
import { parseDdlSchema } from '../../../src/types/index.js'
import { MemoryStream } from '../../../src/testing/index.js'
import { tempDir } from '../../support/temp-dir.js'

const schema = parseDdlSchema('k STRING, n BIGINT')
const ctx = (outputMode: 'append' | 'complete' | 'update') => ({
  queryId: 'q-1',
  outputMode,
  schema,
  timeZone: 'UTC',
})

describe('DeltaSink', () => {
  it('skips a re-delivered batch id (exactly once via the txn action)', async () => {
    const path = join(await tempDir(), 't')
    const sink = new DeltaSink(path)
    await sink.start(ctx('append'))
    await sink.addBatch(0, [['a', 1]])
    await sink.addBatch(1, [['b', 2]])
    await sink.addBatch(1, [['b', 2]]) // the crash-recovery re-run
    await sink.addBatch(0, [['a', 1]])
    const snapshot = await DeltaLog.forTable(path).snapshot()
    expect(snapshot.version).toBe(1)
    expect(snapshot.txnVersion('q-1')).toBe(1)
    expect(await readSnapshotRows(snapshot)).toEqual([
      ['a', 1],
      ['b', 2],
    ])
  })

  it('complete mode replaces the table in one commit per batch', async () => {
    const path = join(await tempDir(), 't')
    const sink = new DeltaSink(path)
    await sink.start(ctx('complete'))
    await sink.addBatch(0, [['a', 1]])
    await sink.addBatch(1, [
      ['a', 2],
      ['b', 1],
    ])
    const log = DeltaLog.forTable(path)
    const snapshot = await log.snapshot()
    expect(await readSnapshotRows(snapshot)).toEqual([
      ['a', 2],
      ['b', 1],
    ])
    expect(await readSnapshotRows(await log.snapshot(0))).toEqual([['a', 1]])
    const [latest] = await log.history(1)
    expect(latest).toMatchObject({
      operation: 'STREAMING UPDATE',
      operationParameters: { outputMode: 'Complete', queryId: 'q-1', epochId: '1' },
      numAddedFiles: 1,
      numRemovedFiles: 1,
    })
  })

  it('commits an empty batch as a txn-only version', async () => {
    const path = join(await tempDir(), 't')
    const sink = new DeltaSink(path)
    await sink.start(ctx('append'))
    await sink.addBatch(0, [])
    const snapshot = await DeltaLog.forTable(path).snapshot()
    expect(snapshot.version).toBe(0)
    expect(snapshot.files).toHaveLength(0)
    expect(snapshot.txnVersion('q-1')).toBe(0)
  })

  it('accepts update mode (an upsert by the grouping keys; see delta-sink-update.test.ts)', async () => {
    const sink = new DeltaSink(join(await tempDir(), 't'))
    await expect(sink.start({ ...ctx('update'), upsertKeys: ['k'] })).resolves.toBeUndefined()
  })

  it('refuses to start a query whose schema differs from the existing table, naming both', async () => {
    const root = await tempDir()
    const path = join(root, 't')
    const first = new DeltaSink(path)
    await first.start(ctx('append'))
    await first.addBatch(0, [['a', 1]])
    const spark = SparkSession.builder().getOrCreate().newSession()
    const input = new MemoryStream(spark, 'k STRING, n INT, extra DOUBLE')
    const error = await input
      .toDF()
      .writeStream.format('delta')
      .option('checkpointLocation', join(root, 'cp'))
      .start(path)
      .catch((e: unknown) => e)
    expect(error).toMatchObject({ code: 'SL_SINK_SCHEMA_MISMATCH', path })
    expect((error as Error).message).toContain('struct<k:string,n:bigint>')
    expect((error as Error).message).toContain('struct<k:string,n:int,extra:double>')
    // Nothing was written to the table and the checkpoint lock was released.
    expect((await DeltaLog.forTable(path).snapshot()).version).toBe(0)
    await expect(fs.stat(join(root, 'cp', 'lock'))).rejects.toThrow()
  })
})
