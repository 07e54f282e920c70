/**
 * The progress log's bound (#14): the writer rotates `progress.jsonl` into `progress.jsonl.<n>`
 * before a file passes `maxBytes` and keeps `maxFiles` files, and every reader (readProgressLog,
 * the dashboard's readRecentProgress, `status`/`checkpoint inspect`) reads across the rotated
 * files in order. Rotation is a single rename, so a crash at any point loses and repeats no line.
 */
import { promises as fs, readdirSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { findProgressLog } from '../../src/cli/inspect/progress-log.js'
import { SparkSession } from '../../src/index.js'
import type { StreamingQueryProgress } from '../../src/monitor/progress.js'
import {
  progressLine,
  readProgressLog,
  readRecentProgress,
} from '../../src/monitor/progress-log.js'
import { rotateProgressLog, rotatedFilesSync } from '../../src/monitor/progress-log-files.js'
import { ProgressLogWriter } from '../../src/monitor/progress-log-writer.js'
import { MemoryStream } from '../../src/testing/index.js'
import { tempDir } from '../support/temp-dir.js'

const entry = (batchId: number, id = 'q1'): StreamingQueryProgress => ({
  id,
  runId: 'r1',
  name: 'q',
  timestamp: new Date(Date.UTC(2026, 0, 1) + batchId * 1000).toISOString(),
  batchId,
  batchDuration: 1,
  numInputRows: 1,
  durationMs: { addBatch: 1, triggerExecution: 2 },
  stateOperators: [],
  sources: [],
  sink: { description: 'MemorySink', numOutputRows: 1 },
})

const logBytes = (dir: string): number =>
  readdirSync(dir).reduce((sum, name) => sum + statSync(join(dir, name)).size, 0)

describe('ProgressLogWriter with a retention', () => {
  it('keeps the log within maxBytes × maxFiles and the readers see the newest entries in order', async () => {
    const dir = await tempDir()
    const path = join(dir, 'progress.jsonl')
    const retention = { maxBytes: 16 * 1024, maxFiles: 3 }
    const writer = new ProgressLogWriter(path, retention)
    const started = performance.now()
    for (let b = 0; b < 5000; b++) writer.append(entry(b))
    const perAppendUs = ((performance.now() - started) * 1000) / 5000
    const lineBytes = progressLine(entry(4999)).length
    // Unbounded, the same 5000 entries take ~1.5 MB.
    expect(lineBytes * 5000).toBeGreaterThan(1_000_000)
    expect(logBytes(dir)).toBeLessThanOrEqual(retention.maxBytes * retention.maxFiles)
    expect(readdirSync(dir).sort()).toEqual(
      ['progress.jsonl', ...rotatedFilesSync(path).map((f) => f.path.slice(dir.length + 1))].sort(),
    )
    expect(rotatedFilesSync(path)).toHaveLength(2)
    for (const f of rotatedFilesSync(path)) expect(statSync(f.path).size).toBeLessThanOrEqual(16384)

    const all = await readProgressLog(path)
    const ids = all.map((p) => p.batchId)
    expect(ids.at(-1)).toBe(4999)
    expect(ids).toEqual(Array.from({ length: ids.length }, (_, i) => 4999 - ids.length + 1 + i))
    expect(ids.length).toBeGreaterThan(((retention.maxFiles - 1) * retention.maxBytes) / lineBytes)
    const recent = readRecentProgress(path, 'q1', ids.length - 3)
    expect(recent.map((p) => p.batchId)).toEqual(ids.slice(3))
    expect(perAppendUs).toBeLessThan(2000)
  })

  it('keeps one file of at most one line past maxBytes when maxFiles is 1', async () => {
    const dir = await tempDir()
    const path = join(dir, 'progress.jsonl')
    const writer = new ProgressLogWriter(path, { maxBytes: 1024, maxFiles: 1 })
    for (let b = 0; b < 50; b++) writer.append(entry(b))
    expect(readdirSync(dir)).toEqual(['progress.jsonl'])
    expect(statSync(path).size).toBeLessThanOrEqual(1024)
    expect((await readProgressLog(path)).at(-1)?.batchId).toBe(49)
  })

  it('goes on after a crash between the rename and the next append, and drops leftovers', async () => {
    const dir = await tempDir()
    const path = join(dir, 'progress.jsonl')
    const writer = new ProgressLogWriter(path, { maxBytes: 4096, maxFiles: 3 })
    for (let b = 0; b < 40; b++) writer.append(entry(b))
    // Killed right after a rotation's rename: no current file yet.
    rotateProgressLog(path, 10)
    expect(readdirSync(dir)).not.toContain('progress.jsonl')
    const before = (await readProgressLog(path)).map((p) => p.batchId)
    expect(before.at(-1)).toBe(39)
    expect(readRecentProgress(path, 'q1', 5).map((p) => p.batchId)).toEqual([35, 36, 37, 38, 39])
    const found = await findProgressLog({ checkpoint: dir, queryId: 'q1', queryName: null })
    expect(found?.lastProgress?.batchId).toBe(39)

    // The restarted writer appends to a new current file; its next rotation deletes the
    // rotated files beyond the retention, the one the crash left included.
    const restarted = new ProgressLogWriter(path, { maxBytes: 4096, maxFiles: 3 })
    for (let b = 40; b < 80; b++) restarted.append(entry(b))
    expect(rotatedFilesSync(path).length).toBeLessThanOrEqual(2)
    const after = (await readProgressLog(path)).map((p) => p.batchId)
    expect(after.at(-1)).toBe(79)
    expect(after).toEqual(Array.from({ length: after.length }, (_, i) => 80 - after.length + i))
  })

  it('rotates a file that ends in a torn line; readers skip that line', async () => {
    const dir = await tempDir()
    const path = join(dir, 'progress.jsonl')
    const big = progressLine(entry(0)).repeat(10) + progressLine(entry(10)).slice(0, 30)
    await fs.writeFile(path, big)
    new ProgressLogWriter(path, { maxBytes: big.length + 10, maxFiles: 3 }).append(entry(11))
    expect(rotatedFilesSync(path)).toHaveLength(1)
    expect((await readProgressLog(path)).map((p) => p.batchId)).toEqual([
      ...Array.from({ length: 10 }, () => 0),
      11,
    ])
    expect(readRecentProgress(path, 'q1', 2).map((p) => p.batchId)).toEqual([0, 11])
  })
})

describe('streamlake.progressLog.maxBytes and maxFiles', () => {
  it('bound a query’s log', async () => {
    const dir = await tempDir()
    const spark = SparkSession.builder().getOrCreate().newSession()
    spark.conf.set('streamlake.progressLog.enabled', 'true')
    spark.conf.set('streamlake.progressLog.maxBytes', '2k')
    spark.conf.set('streamlake.progressLog.maxFiles', '2')
    const input = new MemoryStream(spark, 'x INT')
    const checkpoint = join(dir, 'cp')
    const q = await input
      .toDF()
      .writeStream.format('memory')
      .queryName('bounded')
      .option('checkpointLocation', checkpoint)
      .start()
    for (let x = 0; x < 12; x++) {
      input.addData({ x })
      await q.processAllAvailable()
    }
    await q.stop()
    const path = join(checkpoint, 'progress.jsonl')
    const logs = readdirSync(checkpoint).filter((n) => n.startsWith('progress.jsonl'))
    expect(logs.length).toBe(2)
    for (const name of logs) expect(statSync(join(checkpoint, name)).size).toBeLessThanOrEqual(2048)
    const ids = (await readProgressLog(path)).map((p) => p.batchId)
    expect(ids.at(-1)).toBe(11)
    expect(ids.length).toBeLessThan(12)
  })

  it.each([
    ['streamlake.progressLog.maxBytes', '10 parsecs'],
    ['streamlake.progressLog.maxBytes', '100'],
    ['streamlake.progressLog.maxFiles', '0'],
  ])('rejects %s=%s naming the option', async (key, value) => {
    const spark = SparkSession.builder().getOrCreate().newSession()
    spark.conf.set('streamlake.progressLog.enabled', 'true')
    spark.conf.set(key, value)
    const input = new MemoryStream(spark, 'x INT')
    await expect(
      input
        .toDF()
        .writeStream.format('memory')
        .queryName('invalid_retention')
        .option('checkpointLocation', join(await tempDir(), 'cp'))
        .start(),
    ).rejects.toThrow(new RegExp(`Option ${key.replace(/\./g, '\\.')} must be`))
  })
})
