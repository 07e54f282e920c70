/**
 * spark-semantics S23 through a running query: file order, rate limits per trigger, Trigger.Once
 * ignoring limits, AvailableNow snapshotting the directory at start, and `{"logOffset":k}`.
 */
import { promises as fs } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import {
  SparkSession,
  type StreamingQueryProgress,
  type TriggerSetting,
} from '../../../src/index.js'
import { tempDir } from '../../support/temp-dir.js'

const spark = SparkSession.builder().getOrCreate().newSession()
spark.conf.set('spark.sql.session.timeZone', 'UTC')

/** f1, f2, f3 with increasing mtimes and sizes 60, 60, 30 bytes (one row each). */
async function threeFiles(): Promise<{ root: string; input: string }> {
  const root = await tempDir()
  const input = join(root, 'in')
  await fs.mkdir(input)
  const rows: [string, number][] = [
    ['f1', 60],
    ['f2', 60],
    ['f3', 30],
  ]
  let t = 1_764_000_000
  for (const [name, size] of rows) {
    const line = `{"f":"${name}"}`
    await fs.writeFile(join(input, `${name}.json`), line.padEnd(size - 1, ' ') + '\n')
    await fs.utimes(join(input, `${name}.json`), t, t)
    t += 10
  }
  return { root, input }
}

async function batches(
  input: string,
  root: string,
  trigger: TriggerSetting,
  options: Record<string, string | number | boolean>,
): Promise<string[][]> {
  const out: string[][] = []
  const q = await spark.readStream
    .format('json')
    .schema('f STRING')
    .options(options)
    .load(input)
    .writeStream.foreachBatch(async (df) => {
      out.push((await df.collect()).map((r) => r['f'] as string))
    })
    .option('checkpointLocation', join(root, `cp-${Math.random()}`))
    .trigger(trigger)
    .start()
  await q.awaitTermination()
  return out
}

describe('file stream source (S23)', () => {
  it('maxFilesPerTrigger=2 → {f1,f2}, {f3}', async () => {
    const { root, input } = await threeFiles()
    expect(await batches(input, root, { availableNow: true }, { maxFilesPerTrigger: 2 })).toEqual([
      ['f1', 'f2'],
      ['f3'],
    ])
  })

  it('latestFirst → {f3,f2}, {f1}', async () => {
    const { root, input } = await threeFiles()
    expect(
      await batches(
        input,
        root,
        { availableNow: true },
        { maxFilesPerTrigger: 2, latestFirst: true },
      ),
    ).toEqual([['f3', 'f2'], ['f1']])
  })

  it('Trigger.Once ignores maxFilesPerTrigger: one batch with every file', async () => {
    const { root, input } = await threeFiles()
    expect(await batches(input, root, { once: true }, { maxFilesPerTrigger: 2 })).toEqual([
      ['f1', 'f2', 'f3'],
    ])
  })

  it('maxBytesPerTrigger=100 with sizes 60, 60, 30 → {f1}, {f2,f3}', async () => {
    const { root, input } = await threeFiles()
    expect(await batches(input, root, { availableNow: true }, { maxBytesPerTrigger: 100 })).toEqual(
      [['f1'], ['f2', 'f3']],
    )
  })

  it('rejects maxFilesPerTrigger together with maxBytesPerTrigger, and a non-positive limit', async () => {
    const { root, input } = await threeFiles()
    await expect(
      batches(input, root, { once: true }, { maxFilesPerTrigger: 1, maxBytesPerTrigger: 10 }),
    ).rejects.toMatchObject({ code: 'SL_API_INVALID_OPTION', option: 'maxBytesPerTrigger' })
    await expect(batches(input, root, { once: true }, { maxFilesPerTrigger: 0 })).rejects.toThrow(
      /maxFilesPerTrigger must be a positive integer \(got 0\)/,
    )
  })

  it('AvailableNow leaves files that arrive during the run to the next run', async () => {
    const { root, input } = await threeFiles()
    const cp = join(root, 'cp')
    const seen: string[][] = []
    const run = async (): Promise<void> => {
      const q = await spark.readStream
        .format('json')
        .schema('f STRING')
        .option('maxFilesPerTrigger', 1)
        .load(input)
        .writeStream.foreachBatch(async (df, batchId) => {
          seen.push((await df.collect()).map((r) => r['f'] as string))
          if (batchId === 0) await fs.writeFile(join(input, 'f4.json'), '{"f":"f4"}\n')
        })
        .option('checkpointLocation', cp)
        .trigger({ availableNow: true })
        .start()
      await q.awaitTermination()
    }
    await run()
    expect(seen).toEqual([['f1'], ['f2'], ['f3']])
    await run()
    expect(seen).toEqual([['f1'], ['f2'], ['f3'], ['f4']])
  })

  it('reports {"logOffset":k} offsets, null as the first start offset', async () => {
    const { root, input } = await threeFiles()
    const q = await spark.readStream
      .format('json')
      .schema('f STRING')
      .option('maxFilesPerTrigger', 1)
      .load(input)
      .writeStream.format('memory')
      .queryName('offsets_s23')
      .option('checkpointLocation', join(root, 'cp'))
      .trigger({ availableNow: true })
      .start()
    await q.awaitTermination()
    expect(
      q.recentProgress.map((p) => [p.sources[0]!.startOffset, p.sources[0]!.endOffset]),
    ).toEqual([
      [null, { logOffset: 0 }],
      [{ logOffset: 0 }, { logOffset: 1 }],
      [{ logOffset: 1 }, { logOffset: 2 }],
    ])
    expect(q.recentProgress[0]!.sources[0]!.description).toBe(`FileStreamSource[file://${input}]`)
    const log = await fs.readFile(join(root, 'cp', 'sources', '0', '1'), 'utf8')
    expect(log.split('\n')[0]).toBe('v1')
    expect(JSON.parse(log.split('\n')[1]!)).toMatchObject({
      path: `file://${join(input, 'f2.json')}`,
      batchId: 1,
    })
  })
})

describe('missing files and bad records (issue 14)', () => {
  /** Runs `input` to foreachBatch; batch 0 fails while `failBatch0` is set (it stays uncommitted). */
  async function run(
    input: string,
    cp: string,
    options: Record<string, string | number | boolean>,
    failBatch0 = false,
  ): Promise<{ batches: string[][]; error: unknown; progress: StreamingQueryProgress[] }> {
    const out: string[][] = []
    const q = await spark.readStream
      .format('json')
      .schema('f STRING')
      .options({ maxFilesPerTrigger: 2, ...options })
      .load(input)
      .writeStream.foreachBatch(async (df, id) => {
        out.push((await df.collect()).map((r) => r['f'] as string))
        if (id === 0 && failBatch0) throw new Error('downstream unavailable')
      })
      .option('checkpointLocation', cp)
      .trigger({ availableNow: true })
      .start()
    const error = await q.awaitTermination().then(
      () => undefined,
      (e: unknown) => e,
    )
    return { batches: out, error, progress: [...q.recentProgress] }
  }

  async function warningsDuring<T>(f: () => Promise<T>): Promise<{ value: T; warnings: string[] }> {
    const warnings: string[] = []
    const listener = (w: Error & { code?: string }): void => {
      if (w.code === 'STREAMLAKE_MISSING_FILE') warnings.push(w.message)
    }
    process.on('warning', listener)
    try {
      const value = await f()
      await new Promise((r) => setTimeout(r, 10))
      return { value, warnings }
    } finally {
      process.off('warning', listener)
    }
  }

  it('a file deleted after its batch was planned fails every restart naming file, batch and both fixes; ignoreMissingFiles skips it', async () => {
    const { root, input } = await threeFiles()
    const cp = join(root, 'cp')
    expect((await run(input, cp, {}, true)).error).toMatchObject({ message: /downstream/ })
    await fs.rm(join(input, 'f1.json'))
    for (let attempt = 0; attempt < 2; attempt++) {
      const { error, batches } = await run(input, cp, {})
      expect(batches).toEqual([])
      expect(error).toMatchObject({
        code: 'SL_SOURCE_FILE_MISSING',
        path: join(input, 'f1.json'),
        batchId: 0,
      })
      const message = (error as Error).message
      expect(message).toContain(`${join(input, 'f1.json')} was admitted into batch 0`)
      expect(message).toContain('Restore the file')
      expect(message).toContain('ignoreMissingFiles=true')
      expect(message).toContain('lost')
    }
    const { value, warnings } = await warningsDuring(() =>
      run(input, cp, { ignoreMissingFiles: true }),
    )
    expect(value.error).toBeUndefined()
    expect(value.batches).toEqual([['f2'], ['f3']])
    expect(warnings).toEqual([
      `Skipped missing file ${join(input, 'f1.json')} of batch 0 (ignoreMissingFiles=true): its rows are not in the batch.`,
    ])
    expect(value.progress.map((p) => p.sources[0]!.metrics)).toEqual([
      { numBadRecords: '0', numMissingFiles: '1' },
      { numBadRecords: '0', numMissingFiles: '0' },
    ])
  })

  it('rejects an ignoreMissingFiles that is not a boolean', async () => {
    const { root, input } = await threeFiles()
    await expect(run(input, join(root, 'cp'), { IgnoreMissingFiles: 'yes' })).rejects.toThrow(
      /IgnoreMissingFiles must be true or false \(got yes\)/,
    )
  })

  it('badRecordsPath: bad records leave the output and are written once per batch, also when the batch runs again', async () => {
    const root = await tempDir()
    const input = join(root, 'in')
    await fs.mkdir(input)
    const files: [string, string][] = [
      ['a.json', '{"f":"a1"}\nnot json\n{"f":"a2"}\n'],
      ['b.json', '{"f":"b1"}\n'],
      ['c.json', '[1]\n{"f":"c2","x":"\u00ff"}\n{broken\n'],
    ]
    let t = 1_764_000_000
    for (const [name, text] of files) {
      await fs.writeFile(join(input, name), text)
      await fs.utimes(join(input, name), t, t++)
    }
    const bad = join(root, 'bad')
    const cp = join(root, 'cp')
    // Batch 0 writes its bad records, then fails downstream; the re-run rewrites the same file.
    expect((await run(input, cp, { badRecordsPath: bad }, true)).error).toBeDefined()
    const { batches, error, progress } = await run(input, cp, { badRecordsPath: bad })
    expect(error).toBeUndefined()
    expect(batches).toEqual([['a1', 'a2', 'b1'], ['c2']])
    expect(progress.map((p) => p.numInputRows)).toEqual([3, 1])
    expect(progress.map((p) => p.sources[0]!.metrics?.['numBadRecords'])).toEqual(['1', '2'])
    const queryId = progress[0]!.id
    const written = await badRecordFiles(bad)
    const ts = (ms: number): string => new Date(ms).toISOString().slice(0, 19).replace(/[-:]/g, '')
    expect(Object.keys(written).sort()).toEqual(
      [
        `${ts(Date.parse(progress[0]!.timestamp))}/bad_records/part-00000-${queryId}-source0.json`,
        `${ts(Date.parse(progress[1]!.timestamp))}/bad_records/part-00001-${queryId}-source0.json`,
      ].sort(),
    )
    const records = Object.values(written).flat()
    expect(records).toEqual(
      expect.arrayContaining([
        {
          path: join(input, 'a.json'),
          line: 2,
          record: 'not json',
          reason: 'the line is not a JSON object or array',
        },
        {
          path: join(input, 'c.json'),
          line: 1,
          record: '[1]',
          reason: 'an element of the top-level array is not a JSON object',
        },
        {
          path: join(input, 'c.json'),
          line: 3,
          record: '{broken',
          reason: expect.stringContaining('invalid JSON') as unknown,
        },
      ]),
    )
    expect(records).toHaveLength(3)
  })
})

/** Every file under `dir` (relative path → its JSON lines), hidden temp files included. */
async function badRecordFiles(dir: string): Promise<Record<string, unknown[]>> {
  const out: Record<string, unknown[]> = {}
  for (const entry of await fs.readdir(dir, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue
    const path = join(entry.parentPath, entry.name)
    const text = await fs.readFile(path, 'utf8')
    out[path.slice(dir.length + 1)] = text
      .split('\n')
      .filter((l) => l !== '')
      .map((l) => JSON.parse(l) as unknown)
  }
  return out
}

describe('foreachBatch', () => {
  it('re-delivers the uncommitted batch with the same id and rows after a failure (at-least-once)', async () => {
    const { root, input } = await threeFiles()
    const cp = join(root, 'cp')
    const calls: [number, string[]][] = []
    let fail = true
    const run = async (): Promise<unknown> => {
      const q = await spark.readStream
        .format('json')
        .schema('f STRING')
        .option('maxFilesPerTrigger', 2)
        .load(input)
        .writeStream.foreachBatch(async (df, id) => {
          calls.push([id, (await df.collect()).map((r) => r['f'] as string)])
          if (id === 1 && fail) throw new Error('downstream unavailable')
        })
        .option('checkpointLocation', cp)
        .trigger({ availableNow: true })
        .start()
      return q.awaitTermination().then(
        () => undefined,
        (e: unknown) => e,
      )
    }
    expect(await run()).toMatchObject({
      message: expect.stringContaining('downstream unavailable') as unknown,
    })
    fail = false
    expect(await run()).toBeUndefined()
    expect(calls).toEqual([
      [0, ['f1', 'f2']],
      [1, ['f3']],
      [1, ['f3']],
    ])
  })
})

describe('console sink', () => {
  it('prints each batch under a Batch: N header as Spark does', async () => {
    const { root, input } = await threeFiles()
    const printed: string[] = []
    const write = process.stdout.write.bind(process.stdout)
    process.stdout.write = (chunk: string) => {
      printed.push(String(chunk))
      return true
    }
    try {
      const q = await spark.readStream
        .format('json')
        .schema('f STRING')
        .load(input)
        .writeStream.format('console')
        .option('checkpointLocation', join(root, 'cp'))
        .trigger({ once: true })
        .start()
      await q.awaitTermination()
    } finally {
      process.stdout.write = write
    }
    expect(printed.join('')).toBe(
      [
        '-------------------------------------------',
        'Batch: 0',
        '-------------------------------------------',
        '+---+',
        '|  f|',
        '+---+',
        '| f1|',
        '| f2|',
        '| f3|',
        '+---+',
        '',
        '',
      ].join('\n'),
    )
  })
})
