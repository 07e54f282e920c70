import { promises as fs } from 'node:fs'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import { describe, expect, it } from 'vitest'
import {
  DEFAULT_FILE_SINK_LOG_SETTINGS,
  FileSinkLog,
  type SinkFileStatus,
} from '../../../src/sinks/file/file-sink-log.js'
import { tempDir } from '../../support/temp-dir.js'

/** A string containing `part` (typed: expect.stringContaining is `any`). */
const matching = (part: string): unknown => expect.stringContaining(part) as unknown

function status(name: string, modificationTime = 1_000): SinkFileStatus {
  return {
    path: pathToFileURL(`/out/${name}`).href,
    size: 17,
    isDir: false,
    modificationTime,
    blockReplication: 1,
    blockSize: 33554432,
    action: 'add',
  }
}

describe('FileSinkLog (_spark_metadata)', () => {
  it("writes Spark's format: v1, one JSON line per file in SinkFileStatus field order, no final newline", async () => {
    const out = await tempDir()
    const log = new FileSinkLog(out)
    expect(await log.add(0, [status('a.json'), status('b.json')])).toBe(true)
    const text = await fs.readFile(join(out, '_spark_metadata', '0'), 'utf8')
    // The line Spark 4.2's FileStreamSink wrote for a JSON part file (path aside).
    expect(text.split('\n')).toEqual([
      'v1',
      '{"path":"file:///out/a.json","size":17,"isDir":false,"modificationTime":1000,"blockReplication":1,"blockSize":33554432,"action":"add"}',
      '{"path":"file:///out/b.json","size":17,"isDir":false,"modificationTime":1000,"blockReplication":1,"blockSize":33554432,"action":"add"}',
    ])
    // An empty batch still commits: the version line alone.
    expect(await log.add(1, [])).toBe(true)
    expect(await fs.readFile(join(out, '_spark_metadata', '1'), 'utf8')).toBe('v1')
    // A batch is written once; the second writer learns it lost.
    expect(await log.add(1, [status('c.json')])).toBe(false)
    expect((await log.allFiles()).map((f) => f.path)).toEqual([
      'file:///out/a.json',
      'file:///out/b.json',
    ])
  })

  it('compacts every compactInterval batches into N.compact holding every file so far', async () => {
    const out = await tempDir()
    const log = new FileSinkLog(out)
    for (let b = 0; b < 12; b++) await log.add(b, [status(`f${b}`)])
    const names = (await fs.readdir(join(out, '_spark_metadata'))).sort(
      (a, b) => parseInt(a) - parseInt(b),
    )
    expect(names).toEqual(['0', '1', '2', '3', '4', '5', '6', '7', '8', '9.compact', '10', '11'])
    const compact = await fs.readFile(join(out, '_spark_metadata', '9.compact'), 'utf8')
    expect(compact.split('\n')).toHaveLength(11)
    expect(await log.latestBatchId()).toBe(11)
    expect((await log.allFiles()).map((f) => f.path)).toEqual(
      Array.from({ length: 12 }, (_, b) => `file:///out/f${b}`),
    )
    // A reader of the same log (default settings) finds the interval from the .compact file.
    const reader = new FileSinkLog(out, { ...DEFAULT_FILE_SINK_LOG_SETTINGS, compactInterval: 7 })
    expect(await reader.compactInterval()).toBe(10)
    expect(await reader.allFiles()).toHaveLength(12)
  })

  it('deletes logs before the compaction that keeps minBatchesToRetain batches, once older than the cleanup delay', async () => {
    const out = await tempDir()
    const settings = {
      ...DEFAULT_FILE_SINK_LOG_SETTINGS,
      compactInterval: 3,
      minBatchesToRetain: 2,
      cleanupDelayMs: 0,
    }
    const log = new FileSinkLog(out, settings)
    const listing = async () =>
      (await fs.readdir(join(out, '_spark_metadata'))).sort((a, b) => parseInt(a) - parseInt(b))
    for (let b = 0; b <= 4; b++) await log.add(b, [status(`f${b}`)])
    // Batch 4: minBatchId 3, its compaction 2 stays; 0 and 1 go.
    expect(await listing()).toEqual(['2.compact', '3', '4'])
    await log.add(5, [status('f5')])
    await log.add(6, [status('f6')])
    // Batch 6: minBatchId 5, compaction 2 still covers it (5 - 5 % 3 - 1 = 2).
    expect(await listing()).toEqual(['2.compact', '3', '4', '5.compact', '6'])
    await log.add(7, [status('f7')])
    // Batch 7: minBatchId 6 → compaction 5; everything below goes.
    expect(await listing()).toEqual(['5.compact', '6', '7'])
    expect(await log.allFiles()).toHaveLength(8)
    // With the default delay (10 minutes) fresh files are kept.
    const keep = await tempDir()
    const slow = new FileSinkLog(keep, { ...settings, cleanupDelayMs: 600_000 })
    for (let b = 0; b <= 7; b++) await slow.add(b, [status(`f${b}`)])
    expect(await fs.readdir(join(keep, '_spark_metadata'))).toHaveLength(8)
  })

  it('retention drops old files from compactions and from allFiles', async () => {
    const out = await tempDir()
    const log = new FileSinkLog(out, {
      ...DEFAULT_FILE_SINK_LOG_SETTINGS,
      compactInterval: 2,
      retentionMs: 1000,
    })
    await log.add(0, [status('old', 1_000)])
    await log.add(1, [status('new', 5_000)], 5_500)
    expect((await log.allFiles(5_500)).map((f) => f.path)).toEqual(['file:///out/new'])
    const compact = await fs.readFile(join(out, '_spark_metadata', '1.compact'), 'utf8')
    expect(compact).not.toContain('old')
  })

  it('refuses a malformed or newer log naming the file', async () => {
    const out = await tempDir()
    await fs.mkdir(join(out, '_spark_metadata'))
    await fs.writeFile(join(out, '_spark_metadata', '0'), 'v2\n{"path":"x","action":"add"}')
    await expect(new FileSinkLog(out).allFiles()).rejects.toMatchObject({
      code: 'SL_SINK_FILE_LOG_INVALID',
      message: matching('version v2'),
    })
    await fs.writeFile(join(out, '_spark_metadata', '0'), '{"path":"x"}')
    await expect(new FileSinkLog(out).allFiles()).rejects.toMatchObject({
      code: 'SL_SINK_FILE_LOG_INVALID',
      message: matching(join(out, '_spark_metadata', '0')),
    })
  })
})
