/**
 * The JSON-lines progress log: one line per executed batch, equal to the query's progress,
 * appended across restarts; a torn last line is skipped, a bad line in the middle is an error.
 * The dashboard's tail reader returns the newest entries of one query and skips damage.
 */
import { promises as fs } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { EngineError, SparkSession } from '../../src/index.js'
import type { StreamingQueryProgress } from '../../src/monitor/progress.js'
import {
  progressLine,
  progressLogPath,
  readProgressLog,
  readRecentProgress,
} from '../../src/monitor/progress-log.js'
import { ProgressLogWriter } from '../../src/monitor/progress-log-writer.js'
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
    // After a restart the torn line was ended by the next writer and sits between good lines.
    const restarted = join(dir, 'restarted.jsonl')
    await fs.writeFile(restarted, line + line.slice(0, 9) + '\n' + line)
    expect(await readProgressLog(restarted)).toEqual([
      { id: 'a', batchId: 0 },
      { id: 'a', batchId: 0 },
    ])
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

const entry = (id: string, runId: string, batchId: number): StreamingQueryProgress => ({
  id,
  runId,
  name: 'q',
  timestamp: new Date(Date.UTC(2026, 0, 1, 0, 0, batchId)).toISOString(),
  batchId,
  batchDuration: 1,
  numInputRows: 1,
  durationMs: {},
  stateOperators: [],
  sources: [],
  sink: { description: 'MemorySink', numOutputRows: 1 },
})

describe('readRecentProgress', () => {
  it('returns the entries of a log whose last line is torn, skipping that line', async () => {
    const path = join(await tempDir(), 'progress.jsonl')
    const torn = progressLine(entry('q1', 'r1', 2)).slice(0, 40)
    await fs.writeFile(
      path,
      progressLine(entry('q1', 'r1', 0)) + progressLine(entry('q1', 'r1', 1)) + torn,
    )
    expect(readRecentProgress(path, 'q1', 600).map((p) => p.batchId)).toEqual([0, 1])
  })

  it('keeps the newest entries up to the limit, across runs, oldest first', async () => {
    const path = join(await tempDir(), 'progress.jsonl')
    const lines = [0, 1, 2].map((b) => progressLine(entry('q1', 'r1', b)))
    lines.push(...[3, 4].map((b) => progressLine(entry('q1', 'r2', b))))
    await fs.writeFile(path, lines.join(''))
    expect(readRecentProgress(path, 'q1', 3).map((p) => [p.runId, p.batchId])).toEqual([
      ['r1', 2],
      ['r2', 3],
      ['r2', 4],
    ])
  })

  it('skips damaged lines and lines of other queries sharing the file', async () => {
    const path = join(await tempDir(), 'shared.jsonl')
    await fs.writeFile(
      path,
      progressLine(entry('q1', 'r1', 0)) +
        'not json\n' +
        progressLine(entry('other', 'r9', 7)) +
        '{"id":"q1"}\n' +
        progressLine(entry('q1', 'r1', 1)),
    )
    expect(readRecentProgress(path, 'q1', 600).map((p) => p.batchId)).toEqual([0, 1])
  })

  it('reads a log longer than one read chunk, and a missing log as no history', async () => {
    const dir = await tempDir()
    const path = join(dir, 'long.jsonl')
    const big = (b: number): StreamingQueryProgress => ({
      ...entry('q1', 'r1', b),
      observedMetrics: { pad: 'é'.repeat(3000) },
    })
    await fs.writeFile(path, Array.from({ length: 100 }, (_, b) => progressLine(big(b))).join(''))
    const all = readRecentProgress(path, 'q1', 600)
    expect(all.map((p) => p.batchId)).toEqual(Array.from({ length: 100 }, (_, b) => b))
    expect(all[50]).toEqual(big(50))
    expect(readRecentProgress(path, 'q1', 5).map((p) => p.batchId)).toEqual([95, 96, 97, 98, 99])
    expect(readRecentProgress(join(dir, 'none.jsonl'), 'q1', 600)).toEqual([])
  })

  it('sees the first entry a writer appends after a torn last line', async () => {
    const path = join(await tempDir(), 'progress.jsonl')
    await fs.writeFile(
      path,
      progressLine(entry('q1', 'r1', 0)) + progressLine(entry('q1', 'r1', 1)).slice(0, 25),
    )
    new ProgressLogWriter(path).append(entry('q1', 'r2', 1))
    expect(readRecentProgress(path, 'q1', 600).map((p) => [p.runId, p.batchId])).toEqual([
      ['r1', 0],
      ['r2', 1],
    ])
  })
})
