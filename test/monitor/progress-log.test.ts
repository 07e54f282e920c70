/**
 * The JSON-lines progress log: one line per executed batch, equal to the query's progress,
 * appended across restarts; a torn last line is skipped, a bad line in the middle is an error.
 */
import { promises as fs } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { EngineError, SparkSession } from '../../src/index.js'
import { progressLine, progressLogPath, readProgressLog } from '../../src/monitor/progress-log.js'
import { MemoryStream } from '../../src/testing/index.js'
import { tempDir } from '../support/temp-dir.js'

describe('progress log', () => {
  it('appends each executed batch progress to <checkpoint>/progress.jsonl, across a restart', async () => {
    const dir = await tempDir()
    const spark = SparkSession.builder().getOrCreate().newSession()
    spark.conf.set('streamlake.progressLog.enabled', 'true')
    const input = new MemoryStream(spark, 'x INT')
    const checkpoint = join(dir, 'cp')
    const start = () =>
      input
        .toDF()
        .writeStream.format('memory')
        .queryName('logged')
        .option('checkpointLocation', checkpoint)
        .start()
    const q1 = await start()
    input.addData({ x: 1 })
    await q1.processAllAvailable()
    input.addData({ x: 2 }, { x: 3 })
    await q1.processAllAvailable()
    await q1.stop()
    const q2 = await start()
    input.addData({ x: 4 })
    await q2.processAllAvailable()
    await q2.stop()
    const logged = await readProgressLog(join(checkpoint, 'progress.jsonl'))
    expect(logged.map((p) => [p.batchId, p.numInputRows])).toEqual([
      [0, 1],
      [1, 2],
      [2, 1],
    ])
    expect(new Set(logged.map((p) => p.runId))).toEqual(new Set([q1.runId, q2.runId]))
    const executed = q2.recentProgress.filter((p) => 'addBatch' in p.durationMs)
    expect(logged.at(-1)).toEqual(JSON.parse(JSON.stringify(executed.at(-1))))
  })

  it('names the file after the query in streamlake.progressLog.dir', () => {
    expect(progressLogPath('/cp', '/logs', 'id-1', 'my query')).toBe('/logs/my_query.jsonl')
    expect(progressLogPath('/cp', '/logs', 'id-1', null)).toBe('/logs/id-1.jsonl')
    expect(progressLogPath('/cp', undefined, 'id-1', 'q')).toBe('/cp/progress.jsonl')
  })

  it('skips a torn last line and rejects a corrupt line in the middle', async () => {
    const dir = await tempDir()
    const p = { id: 'a', batchId: 0, inputRowsPerSecond: Infinity } as never
    const line = progressLine(p)
    expect(line).toBe('{"id":"a","batchId":0}\n')
    const torn = join(dir, 'torn.jsonl')
    await fs.writeFile(torn, line + line.slice(0, 9))
    expect(await readProgressLog(torn)).toEqual([{ id: 'a', batchId: 0 }])
    const bad = join(dir, 'bad.jsonl')
    await fs.writeFile(bad, line + 'not json\n' + line)
    await expect(readProgressLog(bad)).rejects.toSatisfy(
      (e) =>
        e instanceof EngineError &&
        e.code === 'SL_MONITOR_PROGRESS_LOG_CORRUPT' &&
        e.message.includes('Line 2'),
    )
  })
})
