/**
 * Longs past 2^53 and timestamps far from 1970 are exact end to end (issue #17 item 1): written to
 * Delta and read back, in the file statistics, in arithmetic, comparisons, casts, sum/min/max,
 * group and dedup keys, and through a streaming aggregation's state across a restart. Expected
 * values are Java's: Long.MAX_VALUE = 9223372036854775807, 9999-12-31 23:59:59.999999 UTC =
 * 253402300799999999 µs, 0001-01-01 00:00:00 UTC = -62135596800000000 µs; a long result past
 * 64 bits fails in ANSI mode (Spark 4's default) with ARITHMETIC_OVERFLOW.
 */
import { promises as fs } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { DeltaLog, readSnapshotRows } from '../../src/delta/index.js'
import { SparkSession, Timestamp, col, collect_set, lit, max, min, sum } from '../../src/index.js'
import { tempDir } from '../support/temp-dir.js'

const spark = SparkSession.builder().getOrCreate().newSession()
spark.conf.set('spark.sql.session.timeZone', 'UTC')

const LONG_MAX = 9223372036854775807n
const LONG_MIN = -9223372036854775808n
const TS_MAX = 253402300799999999n // 9999-12-31 23:59:59.999999
const TS_MIN = -62135596800000000n // 0001-01-01 00:00:00

const extremes = () =>
  spark.createDataFrame(
    [
      { id: 9007199254740993n, ts: Timestamp.fromMicros(TS_MAX), k: 'a' },
      { id: LONG_MAX, ts: Timestamp.fromMicros(TS_MIN), k: 'b' },
      { id: LONG_MIN, ts: Timestamp.fromMicros(-62135596799999999n), k: 'c' },
      { id: 1, ts: Timestamp.fromMicros(1_795_515_330_123_456), k: 'd' },
    ],
    'id BIGINT, ts TIMESTAMP, k STRING',
  )

describe('exact longs and timestamps', () => {
  it('write to Delta and read back exactly, with exact file statistics', async () => {
    const path = join(await tempDir(), 't')
    await extremes().write.format('delta').save(path)
    const rows = await readSnapshotRows(await DeltaLog.forTable(path).snapshot())
    expect(rows.map((r) => r[0])).toEqual([9007199254740993n, LONG_MAX, LONG_MIN, 1])
    expect(rows.map((r) => r[1])).toEqual([
      TS_MAX,
      -62135596800000000n,
      -62135596799999999n,
      1_795_515_330_123_456,
    ])
    const read = await spark.read.format('delta').load(path).collect()
    expect(read.map((r) => r['id'])).toEqual([9007199254740993n, LONG_MAX, LONG_MIN, 1])
    expect(read.map((r) => (r['ts'] as Timestamp).micros)).toEqual(rows.map((r) => r[1]))
    expect((read[0]!['ts'] as Timestamp).toISOString()).toBe('9999-12-31T23:59:59.999999Z')
    expect((read[1]!['ts'] as Timestamp).toISOString()).toBe('0001-01-01T00:00:00.000Z')

    const log = join(path, '_delta_log', '00000000000000000000.json')
    const text = await fs.readFile(log, 'utf8')
    const add = text.split('\n').find((l) => l.startsWith('{"add"'))!
    const stats = (JSON.parse(add) as { add: { stats: string } }).add.stats
    // The long bounds are JSON numbers with every digit (JSON.parse would round them).
    expect(stats).toContain('"id":-9223372036854775808')
    expect(stats).toContain('"id":9223372036854775807')
    expect(stats).toContain('"ts":"0001-01-01T00:00:00.000Z"')
    expect(stats).toContain('"ts":"9999-12-31T23:59:59.999Z"')
  })

  it('compute exactly: arithmetic, comparisons, casts, sum/min/max and group keys', async () => {
    const df = extremes()
    const plus = await df
      .filter(col('id').gt(lit(9007199254740992n)))
      .select(col('id').minus(1).alias('m'), col('id').cast('string').alias('s'))
      .collect()
    expect(plus).toEqual([
      { m: 9007199254740992n, s: '9007199254740993' },
      { m: 9223372036854775806n, s: '9223372036854775807' },
    ])
    const cast = await spark
      .createDataFrame([{ s: '9223372036854775807' }, { s: '-9007199254740993' }], 's STRING')
      .select(col('s').cast('bigint').alias('v'))
      .collect()
    expect(cast.map((r) => r['v'])).toEqual([LONG_MAX, -9007199254740993n])
    const text = await df.select(col('ts').cast('string').alias('t')).collect()
    expect(text[0]!['t']).toBe('9999-12-31 23:59:59.999999')
    expect(text[2]!['t']).toBe('0001-01-01 00:00:00.000001')

    const agg = await df
      .filter(col('id').lt(lit(LONG_MAX)))
      .agg(sum('id').alias('s'), min('id').alias('lo'), max('ts').alias('hi'))
      .collect()
    // 9007199254740993 + Long.MIN_VALUE + 1, exactly.
    expect(agg[0]!['s']).toBe(9007199254740993n + LONG_MIN + 1n)
    expect(agg[0]!['lo']).toBe(LONG_MIN)
    expect((agg[0]!['hi'] as Timestamp).micros).toBe(TS_MAX)

    const groups = await spark
      .createDataFrame(
        [{ id: 9007199254740993n }, { id: 9007199254740992n }, { id: 9007199254740993n }],
        'id BIGINT',
      )
      .groupBy('id')
      .count()
      .collect()
    const set = await spark
      .createDataFrame(
        [{ id: 9007199254740993n }, { id: 9007199254740992n }, { id: 9007199254740993n }],
        'id BIGINT',
      )
      .agg(collect_set('id').alias('ids'))
      .collect()
    expect((set[0]!['ids'] as bigint[]).sort()).toEqual([9007199254740992n, 9007199254740993n])
    expect(groups.sort((a, b) => (a['id']! < b['id']! ? -1 : 1))).toEqual([
      { id: 9007199254740992n, count: 1 },
      { id: 9007199254740993n, count: 2 },
    ])
  })

  it('a long result past 64 bits fails with ARITHMETIC_OVERFLOW (ANSI), in + and in sum', async () => {
    const df = extremes().filter(col('id').equalTo(lit(LONG_MAX)))
    await expect(df.select(col('id').plus(1)).collect()).rejects.toMatchObject({
      code: 'SL_EXEC_ARITHMETIC_OVERFLOW',
    })
    const twice = spark.createDataFrame([{ id: LONG_MAX }, { id: 1 }], 'id BIGINT')
    await expect(twice.agg(sum('id')).collect()).rejects.toMatchObject({
      code: 'SL_EXEC_ARITHMETIC_OVERFLOW',
    })
  })

  it('a stream of JSON longs and far timestamps aggregates exactly into Delta, across a restart', async () => {
    const root = await tempDir()
    const input = join(root, 'in')
    await fs.mkdir(input)
    const table = join(root, 't')
    const checkpoint = join(root, 'cp')
    const run = async () => {
      const q = await spark.readStream
        .format('json')
        .schema('k BIGINT, v BIGINT, ts TIMESTAMP')
        .load(input)
        .groupBy('k')
        .agg(sum('v').alias('total'), max('ts').alias('last'))
        .writeStream.format('delta')
        .outputMode('complete')
        .option('checkpointLocation', checkpoint)
        .trigger({ availableNow: true })
        .start(table)
      await q.awaitTermination()
    }
    await fs.writeFile(
      join(input, 'a.json'),
      [
        '{"k":9007199254740993,"v":4611686018427387904,"ts":"9999-12-31T23:59:59.999999Z"}',
        '{"k":9007199254740992,"v":1,"ts":"0001-01-01T00:00:00Z"}',
      ].join('\n') + '\n',
    )
    await run()
    await fs.writeFile(
      join(input, 'b.json'),
      '{"k":9007199254740993,"v":4611686018427387903,"ts":"2026-01-01T00:00:00Z"}\n',
    )
    await run()
    const rows = await readSnapshotRows(await DeltaLog.forTable(table).snapshot())
    expect(rows.sort((a, b) => (a[0]! < b[0]! ? -1 : 1))).toEqual([
      [9007199254740992n, 1, TS_MIN],
      [9007199254740993n, LONG_MAX, TS_MAX],
    ])
  })

  it('a partitionValues string equal to __HIVE_DEFAULT_PARTITION__ reads as that string, as in Spark', async () => {
    const path = join(await tempDir(), 't')
    const df = spark.createDataFrame(
      [
        { id: 1, p: 'x' },
        { id: 2, p: '__HIVE_DEFAULT_PARTITION__' },
      ],
      'id BIGINT, p STRING',
    )
    await df.write.format('delta').partitionBy('p').save(path)
    const log = join(path, '_delta_log', '00000000000000000000.json')
    const text = await fs.readFile(log, 'utf8')
    // Our writer logs the literal name as null, as Spark's does (test/oracle/exact-values.spark.ts).
    expect(text).toContain('"partitionValues":{"p":null}')
    // Another writer may log the string itself: it is a string, not null.
    await fs.writeFile(
      log,
      text.replace(
        '"partitionValues":{"p":"x"}',
        '"partitionValues":{"p":"__HIVE_DEFAULT_PARTITION__"}',
      ),
    )
    const rows = await readSnapshotRows(await DeltaLog.forTable(path).snapshot())
    expect(rows.sort((a, b) => (a[0] as number) - (b[0] as number))).toEqual([
      [1, '__HIVE_DEFAULT_PARTITION__'],
      [2, null],
    ])
  })

  it('CSV and JSON files read longs over the whole 64-bit range exactly (Long.parseLong)', async () => {
    const dir = await tempDir()
    await fs.writeFile(
      join(dir, 'a.csv'),
      'id\n9007199254740993\n-9223372036854775808\n9223372036854775808\n',
    )
    const csv = await spark.read
      .format('csv')
      .option('header', true)
      .schema('id BIGINT')
      .load(join(dir, 'a.csv'))
      .collect()
    // Past Long.MAX_VALUE the field is malformed: null in PERMISSIVE mode, as in Spark.
    expect(csv.map((r) => r['id'])).toEqual([9007199254740993n, LONG_MIN, null])
    await fs.writeFile(
      join(dir, 'a.json'),
      '{"id":9223372036854775807}\n{"id":-9007199254740993}\n',
    )
    const json = await spark.read
      .format('json')
      .schema('id BIGINT')
      .load(join(dir, 'a.json'))
      .collect()
    expect(json.map((r) => r['id'])).toEqual([LONG_MAX, -9007199254740993n])
  })
})
