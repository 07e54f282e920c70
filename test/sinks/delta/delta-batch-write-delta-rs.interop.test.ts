/**
 * A table written by df.write.format('delta') — partitioned by a string with characters needing
 * escaping and nulls, evolved with mergeSchema, partly replaced with replaceWhere, appended
 * idempotently with txnAppId/txnVersion — read by delta-rs (the `deltalake` package): rows,
 * partition values, the txn version and the history. Run by `npm run test:interop`
 * (delta-rs from the cached venv of scripts/python-env.sh). Also a table the streaming Delta sink wrote
 * with writeStream.partitionBy.
 */
import { execFileSync } from 'node:child_process'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import { SparkSession } from '../../../src/index.js'
import { MemoryStream } from '../../../src/testing/index.js'
import { tempDir } from '../../support/temp-dir.js'
import { deltaRsPython } from '../../support/delta-rs-python.js'

const python = deltaRsPython()
const inspect = fileURLToPath(new URL('../../delta/support/delta-rs-inspect.py', import.meta.url))
const spark = SparkSession.builder().getOrCreate().newSession()

interface Seen {
  version: number
  rows: unknown[][]
  columns: string[]
  arrowSchema: Record<string, string>
  history: { version: number; operation: string }[]
  txn: Record<string, number | null>
  versionsReadable: [number, number][]
}

function frame(rows: unknown[][], ddl: string) {
  const names = ddl.split(',').map((c) => c.trim().split(' ')[0]!)
  return spark.createDataFrame(
    rows.map((r): Record<string, unknown> => Object.fromEntries(names.map((n, i) => [n, r[i]]))),
    ddl,
  )
}

describe('delta-rs reads tables df.write wrote', () => {
  it('partitioned (escaping, nulls), mergeSchema, replaceWhere, txnAppId', async () => {
    const path = join(await tempDir(), 't')
    await frame(
      [
        [1, 'a b', 10],
        [2, 'x/y=1:%#', 20],
        [3, null, 30],
        [4, 'a b', 40],
      ],
      'id INT, part STRING, n BIGINT',
    )
      .write.format('delta')
      .partitionBy('part')
      .save(path)
    await frame([[5, 'new', 2.5]], 'id INT, part STRING, score DOUBLE')
      .write.format('delta')
      .mode('append')
      .option('mergeSchema', 'true')
      .save(path)
    await frame([[6, 'a b', 60]], 'id INT, part STRING, n BIGINT')
      .write.format('delta')
      .mode('overwrite')
      .option('replaceWhere', "part = 'a b'")
      .save(path)
    for (const v of [3, 3, 2, 4])
      await frame([[100 + v, 'txn', v]], 'id INT, part STRING, n BIGINT')
        .write.format('delta')
        .mode('append')
        .option('txnAppId', 'app')
        .option('txnVersion', v)
        .save(path)

    const seen = JSON.parse(
      execFileSync(python, [inspect, path, 'app'], { encoding: 'utf8' }),
    ) as Seen
    expect(seen.version).toBe(4)
    expect(seen.txn).toEqual({ app: 4 })
    expect(seen.history.map((h) => h.operation)).toEqual(Array(5).fill('WRITE'))
    const col = (name: string) => seen.columns.indexOf(name)
    const rows = seen.rows
      .map((r) => [r[col('id')], r[col('part')], r[col('n')], r[col('score')]])
      .sort((a, b) => (a[0] as number) - (b[0] as number))
    expect(rows).toEqual([
      [2, 'x/y=1:%#', 20, null],
      [3, null, 30, null],
      [5, 'new', null, 2.5],
      [6, 'a b', 60, null],
      [103, 'txn', 3, null],
      [104, 'txn', 4, null],
    ])
    expect(seen.arrowSchema).toMatchObject({ id: 'int32', n: 'int64', score: 'double' })
    expect(seen.versionsReadable.length).toBeGreaterThan(0)
  })

  it('writeStream.partitionBy: a partitioned streaming table with a null partition', async () => {
    const root = await tempDir()
    const path = join(root, 't')
    const input = new MemoryStream(spark, 'day DATE, k STRING, n INT')
    const q = await input
      .toDF()
      .writeStream.format('delta')
      .partitionBy('day', 'k')
      .option('checkpointLocation', join(root, 'cp'))
      .start(path)
    input.addData({ day: '2026-01-01', k: 'a=b', n: 1 }, { day: null, k: 'c', n: 2 })
    await q.processAllAvailable()
    input.addData({ day: '2026-01-01', k: null, n: 3 })
    await q.processAllAvailable()
    await q.stop()
    const seen = JSON.parse(
      execFileSync(python, [inspect, path, q.id], { encoding: 'utf8' }),
    ) as Seen
    expect(seen.txn).toEqual({ [q.id]: 1 })
    const col = (name: string) => seen.columns.indexOf(name)
    const rows = seen.rows
      .map((r) => [r[col('n')], r[col('day')], r[col('k')]])
      .sort((a, b) => (a[0] as number) - (b[0] as number))
    expect(rows.map((r) => [r[0], r[1] === null ? null : String(r[1]), r[2]])).toEqual([
      [1, '2026-01-01', 'a=b'],
      [2, null, 'c'],
      [3, '2026-01-01', null],
    ])
  })
})
