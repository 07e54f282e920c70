import { promises as fs } from 'node:fs'
import { join } from 'node:path'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { CommitLog } from '../../../src/state/checkpoint/commit-log.js'
import { OffsetLog } from '../../../src/state/checkpoint/offset-log.js'
import { tempDir } from '../../support/temp-dir.js'

describe('OffsetLog', () => {
  it('writes the Spark OffsetSeq format', async () => {
    const dir = await tempDir()
    const log = new OffsetLog(join(dir, 'offsets'))
    await log.add(0, {
      batchWatermarkMs: 0,
      batchTimestampMs: 1764000000000,
      conf: { a: 'b' },
      offsets: [{ logOffset: 0 }, null],
    })
    const text = await fs.readFile(join(dir, 'offsets', '0'), 'utf8')
    expect(text).toBe(
      'v1\n{"batchWatermarkMs":0,"batchTimestampMs":1764000000000,"conf":{"a":"b"}}\n{"logOffset":0}\n-',
    )
  })

  it('round-trips any entry', async () => {
    const dir = await tempDir()
    const log = new OffsetLog(join(dir, 'offsets'))
    let id = 0
    await fc.assert(
      fc.asyncProperty(
        fc.record({
          batchWatermarkMs: fc.nat(),
          batchTimestampMs: fc.nat(),
          conf: fc.dictionary(fc.string(), fc.string()),
          offsets: fc.array(fc.option(fc.record({ logOffset: fc.nat() }), { nil: null }), {
            maxLength: 3,
          }),
        }),
        async (entry) => {
          const batch = id++
          await log.add(batch, entry)
          expect(await log.get(batch)).toEqual(entry)
        },
      ),
      { numRuns: 50 },
    )
  })

  it('refuses to overwrite an existing entry (a second writer of the same batch)', async () => {
    const dir = await tempDir()
    const log = new OffsetLog(join(dir, 'offsets'))
    const entry = { batchWatermarkMs: 0, batchTimestampMs: 1, conf: {}, offsets: [] }
    await log.add(3, entry)
    await expect(log.add(3, entry)).rejects.toMatchObject({ code: 'SL_STATE_CONCURRENT_UPDATE' })
  })

  it('reports a corrupt entry with its path', async () => {
    const dir = await tempDir()
    await fs.mkdir(join(dir, 'offsets'))
    await fs.writeFile(join(dir, 'offsets', '0'), 'v1\n{not json')
    await expect(new OffsetLog(join(dir, 'offsets')).get(0)).rejects.toMatchObject({
      code: 'SL_STATE_CHECKPOINT_CORRUPT',
      path: join(dir, 'offsets', '0'),
    })
  })

  it('rejects an entry written by a newer format version', async () => {
    const dir = await tempDir()
    await fs.mkdir(join(dir, 'offsets'))
    await fs.writeFile(join(dir, 'offsets', '0'), 'v9\n{"batchTimestampMs":1}')
    await expect(new OffsetLog(join(dir, 'offsets')).get(0)).rejects.toMatchObject({
      code: 'SL_STATE_CHECKPOINT_VERSION',
    })
  })

  it('ignores temp files when listing batch ids', async () => {
    const dir = await tempDir()
    const log = new OffsetLog(join(dir, 'offsets'))
    await log.add(0, { batchWatermarkMs: 0, batchTimestampMs: 1, conf: {}, offsets: [] })
    await fs.writeFile(join(dir, 'offsets', '.1.abc.tmp'), 'partial')
    expect(await log.batchIds()).toEqual([0])
  })
})

describe('CommitLog', () => {
  it('writes the Spark commit format and reads it back', async () => {
    const dir = await tempDir()
    const log = new CommitLog(join(dir, 'commits'))
    await log.add(7, { nextBatchWatermarkMs: 15000 })
    expect(await fs.readFile(join(dir, 'commits', '7'), 'utf8')).toBe(
      'v1\n{"nextBatchWatermarkMs":15000}',
    )
    expect(await log.latest()).toEqual({ batchId: 7, entry: { nextBatchWatermarkMs: 15000 } })
  })
})
