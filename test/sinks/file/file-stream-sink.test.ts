import { promises as fs } from 'node:fs'
import { join, relative } from 'node:path'
import { describe, expect, it } from 'vitest'
import { SparkSession } from '../../../src/index.js'
import { FileSinkLog } from '../../../src/sinks/file/file-sink-log.js'
import { MemoryStream } from '../../../src/testing/index.js'
import { tempDir } from '../../support/temp-dir.js'

/** A string containing `part` (typed: expect.stringContaining is `any`). */
const matching = (part: string): unknown => expect.stringContaining(part) as unknown

const spark = SparkSession.builder()
  .config('spark.sql.session.timeZone', 'UTC')
  .getOrCreate()
  .newSession()

async function filesUnder(root: string): Promise<string[]> {
  const out: string[] = []
  const walk = async (dir: string): Promise<void> => {
    for (const e of await fs.readdir(dir, { withFileTypes: true })) {
      if (e.isDirectory()) await walk(join(dir, e.name))
      else out.push(relative(root, join(dir, e.name)))
    }
  }
  await walk(root)
  return out.sort()
}

const sorted = (rows: unknown[][]) => [...rows].sort((a, b) => Number(a[0]) - Number(b[0]))

describe('writeStream.format(json|csv|parquet): the file sink', () => {
  it.each([
    ['json', /^part-00000-[0-9a-f-]{36}-c000\.json$/],
    ['csv', /^part-00000-[0-9a-f-]{36}-c000\.csv$/],
    ['parquet', /^part-00000-[0-9a-f-]{36}-c000\.snappy\.parquet$/],
  ] as const)(
    '%s: one part file per batch named as Spark, a log entry per batch, read back',
    async (format, name) => {
      const root = await tempDir()
      const out = join(root, 'out')
      const input = new MemoryStream(spark, 'id INT, name STRING')
      const q = await input
        .toDF()
        .writeStream.format(format)
        .option('checkpointLocation', join(root, 'cp'))
        .option('header', format === 'csv' ? 'true' : 'false')
        .start(out)
      input.addData({ id: 1, name: 'a' }, { id: 2, name: null })
      await q.processAllAvailable()
      input.addData({ id: 3, name: 'c,"d"' })
      await q.processAllAvailable()
      expect(q.lastProgress?.sink.description).toBe(`FileSink[${out}]`)
      expect(q.lastProgress?.sink.numOutputRows).toBe(-1)
      await q.stop()
      const files = await filesUnder(out)
      expect(files.filter((f) => f.startsWith('_spark_metadata/'))).toEqual([
        '_spark_metadata/0',
        '_spark_metadata/1',
      ])
      const parts = files.filter((f) => !f.startsWith('_spark_metadata/'))
      expect(parts).toHaveLength(2)
      for (const p of parts) expect(p).toMatch(name)
      expect(new Set(parts).size).toBe(2)
      const logged = await new FileSinkLog(out).allFiles()
      expect(logged.map((f) => f.path.replace(/^file:\/\//, '')).sort()).toEqual(
        parts.map((p) => join(out, p)).sort(),
      )
      for (const f of logged) {
        const st = await fs.stat(f.path.replace(/^file:\/\//, ''))
        expect(f).toMatchObject({ size: st.size, isDir: false, blockReplication: 1, action: 'add' })
      }
      const reader = spark.read.format(format).schema('id INT, name STRING')
      if (format === 'csv') reader.option('header', 'true')
      const back = await reader.load(out).collect()
      expect(sorted(back.map((r) => [r['id'], r['name']]))).toEqual([
        [1, 'a'],
        [2, null],
        [3, 'c,"d"'],
      ])
    },
  )

  it('partitionBy writes col=value directories (.c000 names) and our reader discovers the column', async () => {
    const root = await tempDir()
    const out = join(root, 'out')
    const input = new MemoryStream(spark, 'id INT, k STRING, day DATE')
    const q = await input
      .toDF()
      .writeStream.format('parquet')
      .partitionBy('k')
      .option('checkpointLocation', join(root, 'cp'))
      .start(out)
    input.addData(
      { id: 1, k: 'a:b', day: '2026-01-02' },
      { id: 2, k: null, day: null },
      { id: 3, k: 'a:b', day: '2026-01-03' },
    )
    await q.processAllAvailable()
    await q.stop()
    const parts = (await filesUnder(out)).filter((f) => !f.startsWith('_'))
    expect(parts.map((p) => p.replace(/part-.*/, ''))).toEqual([
      'k=__HIVE_DEFAULT_PARTITION__/',
      'k=a%3Ab/',
    ])
    for (const p of parts) expect(p).toMatch(/\/part-00000-[0-9a-f-]{36}\.c000\.snappy\.parquet$/)
    const df = spark.read.format('parquet').load(out)
    expect((await df.resolveSchema()).fields.map((f) => [f.name, f.dataType.type])).toEqual([
      ['id', 'integer'],
      ['day', 'date'],
      ['k', 'string'],
    ])
    const rows = (await df.collect()).map((r) => [r['id'], r['k']])
    expect(sorted(rows)).toEqual([
      [1, 'a:b'],
      [2, null],
      [3, 'a:b'],
    ])
  })

  it.each(['parquet', 'csv', 'json'])(
    '%s partitioned: the file stream source fills the partition column from the directories',
    async (format) => {
      const root = await tempDir()
      const out = join(root, 'out')
      const input = new MemoryStream(spark, 'id INT, k STRING, n BIGINT')
      const q = await input
        .toDF()
        .writeStream.format(format)
        .partitionBy('k')
        .option('checkpointLocation', join(root, 'cp'))
        .start(out)
      input.addData({ id: 1, k: 'a:b', n: 10 }, { id: 2, k: null, n: 20 })
      await q.processAllAvailable()
      await q.stop()
      const got: unknown[][] = []
      // CSV maps the schema by position (Spark's rule): the partition column last keeps n in place.
      const ddl = format === 'csv' ? 'id INT, n BIGINT, k STRING' : 'id INT, k STRING, n BIGINT'
      const back = await spark.readStream
        .format(format)
        .schema(ddl)
        .load(out)
        .writeStream.foreachBatch(async (df) => {
          for (const r of await df.collect()) got.push([r['id'], r['k'], r['n']])
        })
        .option('checkpointLocation', join(root, 'cp2'))
        .trigger({ availableNow: true })
        .start()
      await back.awaitTermination()
      expect(sorted(got)).toEqual([
        [1, 'a:b', 10],
        [2, null, 20],
      ])
    },
  )

  it('reads only logged files: a part file no entry lists is not output (batch and streaming readers)', async () => {
    const root = await tempDir()
    const out = join(root, 'out')
    const input = new MemoryStream(spark, 'id INT')
    const q = await input
      .toDF()
      .writeStream.format('json')
      .option('checkpointLocation', join(root, 'cp'))
      .start(out)
    input.addData({ id: 1 })
    await q.processAllAvailable()
    await q.stop()
    // What a crashed attempt leaves: a complete part file the log does not list.
    await fs.writeFile(
      join(out, 'part-00000-00000000-0000-0000-0000-000000000000-c000.json'),
      '{"id":99}\n',
    )
    const batch = await spark.read.format('json').schema('id INT').load(out).collect()
    expect(batch.map((r) => r['id'])).toEqual([1])
    const got: unknown[] = []
    const reader = await spark.readStream
      .format('json')
      .schema('id INT')
      .load(out)
      .writeStream.foreachBatch(async (df) => {
        for (const r of await df.collect()) got.push(r['id'])
      })
      .option('checkpointLocation', join(root, 'cp2'))
      .trigger({ availableNow: true })
      .start()
    await reader.awaitTermination()
    expect(got).toEqual([1])
  })

  it.each(['csv', 'parquet', 'json'])(
    '%s: a logged file deleted since fails the read naming it, as Spark; ignoreMissingFiles skips it',
    async (format) => {
      const root = await tempDir()
      const out = join(root, 'out')
      const input = new MemoryStream(spark, 'id INT')
      const q = await input
        .toDF()
        .writeStream.format(format)
        .option('checkpointLocation', join(root, 'cp'))
        .start(out)
      input.addData({ id: 1 })
      await q.processAllAvailable()
      input.addData({ id: 2 })
      await q.processAllAvailable()
      await q.stop()
      const [first] = await new FileSinkLog(out).allFiles()
      const gone = first!.path.replace(/^file:\/\//, '')
      await fs.rm(gone)
      const read = (options: Record<string, string>) =>
        spark.read.format(format).schema('id INT').options(options).load(out).collect()
      await expect(read({})).rejects.toMatchObject({
        code: 'SL_SOURCE_FILE_UNREADABLE',
        message: matching(gone),
      })
      expect((await read({ ignoreMissingFiles: 'true' })).map((r) => r['id'])).toEqual([2])
    },
  )

  it('skips a batch the log already holds (a replay after a crash) and continues after it', async () => {
    const root = await tempDir()
    const out = join(root, 'out')
    const input = new MemoryStream(spark, 'id INT')
    const start = () =>
      input
        .toDF()
        .writeStream.format('csv')
        .option('checkpointLocation', join(root, 'cp'))
        .start(out)
    let q = await start()
    input.addData({ id: 1 })
    await q.processAllAvailable()
    input.addData({ id: 2 })
    await q.processAllAvailable()
    await q.stop()
    // The crash fell after the log entry of batch 1 and before the commit log's: batch 1 replays.
    await fs.rm(join(root, 'cp', 'commits', '1'))
    const warnings: string[] = []
    const onWarning = (w: Error & { code?: string }) => {
      if (w.code === 'STREAMLAKE_FILE_SINK_REPLAY_SKIPPED') warnings.push(w.message)
    }
    process.on('warning', onWarning)
    try {
      q = await start()
      await q.processAllAvailable()
      input.addData({ id: 3 })
      await q.processAllAvailable()
      await q.stop()
    } finally {
      process.off('warning', onWarning)
    }
    await new Promise((r) => setImmediate(r))
    expect(warnings.join()).toContain('batch 1 is already in')
    const rows = await spark.read.format('csv').schema('id INT').load(out).collect()
    expect(rows.map((r) => r['id']).sort()).toEqual([1, 2, 3])
    const parts = (await filesUnder(out)).filter((f) => f.startsWith('part-'))
    expect(parts).toHaveLength(3)
  })

  it('a batch that fails half-way removes the part files it wrote (Spark: abortJob) and logs nothing', async () => {
    const root = await tempDir()
    const out = join(root, 'out')
    // A file where the second partition directory must go: that write fails.
    await fs.mkdir(out, { recursive: true })
    await fs.writeFile(join(out, 'k=b'), 'in the way')
    const input = new MemoryStream(spark, 'id INT, k STRING')
    const q = await input
      .toDF()
      .writeStream.format('json')
      .partitionBy('k')
      .option('checkpointLocation', join(root, 'cp'))
      .start(out)
    input.addData({ id: 1, k: 'a' }, { id: 2, k: 'b' })
    await expect(q.processAllAvailable()).rejects.toThrow()
    await q.stop().catch(() => undefined)
    expect(await filesUnder(out)).toEqual(['k=b'])
    // k=a was written first, then removed.
    expect(await fs.readdir(join(out, 'k=a'))).toEqual([])
  })

  it('refuses update and complete mode as Spark, and a missing path', async () => {
    const root = await tempDir()
    const counts = new MemoryStream(spark, 'id INT').toDF().groupBy('id').count()
    for (const mode of ['update', 'complete'])
      await expect(
        counts.writeStream
          .format('json')
          .outputMode(mode)
          .option('checkpointLocation', join(root, mode))
          .start(join(root, 'out')),
      ).rejects.toMatchObject({
        code: 'SL_SINK_UNSUPPORTED_OUTPUT_MODE',
        message: matching('UNSUPPORTED_DATASOURCE'),
      })
    await expect(
      new MemoryStream(spark, 'id INT')
        .toDF()
        .writeStream.format('parquet')
        .option('checkpointLocation', join(root, 'cp'))
        .start(),
    ).rejects.toMatchObject({
      code: 'SL_API_INVALID_OPTION',
      message: matching("'path' is not specified"),
    })
  })
})
