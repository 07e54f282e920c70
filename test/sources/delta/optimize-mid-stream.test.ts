/**
 * Our Delta streaming source on a table compacted by our OPTIMIZE between two runs of the same
 * query (delta/optimize.ts writes dataChange=false): the second run reads only the rows appended
 * after it — none of the compacted rows again — and a new query reads every row exactly once from
 * the compacted snapshot. (The oracle suite compares the same with Spark's Delta source.)
 */
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { SparkSession } from '../../../src/index.js'
import { DeltaLog, optimizeTable } from '../../../src/delta/index.js'
import { DeltaSink } from '../../../src/sinks/delta/delta-sink.js'
import { parseDdlSchema } from '../../../src/types/index.js'
import { tempDir } from '../../support/temp-dir.js'

const spark = SparkSession.builder().getOrCreate().newSession()

async function streamIds(table: string, checkpoint: string): Promise<number[]> {
  const ids: number[] = []
  const q = await spark.readStream
    .format('delta')
    .option('maxFilesPerTrigger', 2)
    .load(table)
    .writeStream.foreachBatch(async (df) => {
      for (const r of (await df.collectRows()).rows) ids.push(Number(r[0]))
    })
    .option('checkpointLocation', checkpoint)
    .trigger({ availableNow: true })
    .start()
  await q.awaitTermination()
  return ids.sort((a, b) => a - b)
}

const range = (from: number, n: number): number[] => Array.from({ length: n }, (_, i) => from + i)

describe('Delta source across our OPTIMIZE', () => {
  it('skips the compaction commit: no row twice', async () => {
    const root = await tempDir()
    const table = join(root, 't')
    const sink = new DeltaSink(table)
    await sink.start({
      queryId: 'w',
      outputMode: 'append',
      schema: parseDdlSchema('id INT'),
      timeZone: 'UTC',
    })
    for (let b = 0; b < 6; b++) await sink.addBatch(b, [[b * 2], [b * 2 + 1]])
    expect(await streamIds(table, join(root, 'cp'))).toEqual(range(0, 12))
    const result = await optimizeTable(DeltaLog.forTable(table))
    expect(result.metrics.numFilesRemoved).toBe(6)
    for (let b = 6; b < 8; b++) await sink.addBatch(b, [[b * 2], [b * 2 + 1]])
    expect(await streamIds(table, join(root, 'cp'))).toEqual(range(12, 4))
    expect(await streamIds(table, join(root, 'cp-new'))).toEqual(range(0, 16))
  })
})
