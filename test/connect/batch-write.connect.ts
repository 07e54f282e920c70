/**
 * df.write on a remote session (#17): a `WriteOperation` that Spark executes with its own writers.
 * The same df.write calls as embedded — a partitioned Delta create, a mergeSchema append, a
 * replaceWhere overwrite, json output — and our embedded readers read what Spark wrote.
 */
import { join } from 'node:path'
import { beforeAll, describe, expect, inject, it } from 'vitest'
import { DeltaLog, readSnapshotRows } from '../../src/delta/index.js'
import { SparkSession } from '../../src/index.js'
import { simpleString } from '../../src/types/index.js'
import { tempDir } from '../support/temp-dir.js'

let remote: SparkSession
let embedded: SparkSession

beforeAll(() => {
  remote = SparkSession.builder()
    .remote(inject('sparkConnectUrl'))
    .config('spark.sql.session.timeZone', 'UTC')
    .getOrCreate()
  embedded = SparkSession.builder().getOrCreate().newSession()
  embedded.conf.set('spark.sql.session.timeZone', 'UTC')
})

describe('df.write on Spark Connect', () => {
  it('delta: partitioned create, mergeSchema append, replaceWhere overwrite, errorifexists', async () => {
    const path = join(await tempDir('streamlake-connect-write-'), 't')
    await remote
      .createDataFrame(
        [
          [1, 'a', 10],
          [2, 'b', 20],
          [3, null, 30],
        ],
        'id INT, part STRING, n BIGINT',
      )
      .write.format('delta')
      .partitionBy('part')
      .save(path)
    await remote
      .createDataFrame([[4, 'c', 1.5]], 'id INT, part STRING, x DOUBLE')
      .write.format('delta')
      .mode('append')
      .option('mergeSchema', 'true')
      .save(path)
    await remote
      .createDataFrame([[5, 'a', 50]], 'id INT, part STRING, n BIGINT')
      .write.format('delta')
      .mode('overwrite')
      .option('replaceWhere', "part = 'a'")
      .save(path)
    const error = await remote
      .createDataFrame([[6, 'z', 60]], 'id INT, part STRING, n BIGINT')
      .write.format('delta')
      .save(path)
      .catch((e: unknown) => e)
    expect(error).toMatchObject({ code: 'SL_CONNECT_SPARK_ERROR' })
    const snapshot = await DeltaLog.forTable(path).snapshot()
    expect(snapshot.partitionColumns).toEqual(['part'])
    expect(simpleString(snapshot.schema)).toBe('struct<id:int,part:string,n:bigint,x:double>')
    const rows = (await readSnapshotRows(snapshot)).sort((a, b) => Number(a[0]) - Number(b[0]))
    expect(rows).toEqual([
      [2, 'b', 20, null],
      [3, null, 30, null],
      [4, 'c', null, 1.5],
      [5, 'a', 50, null],
    ])
  })

  it('json: Spark writes, our batch reader reads the same rows', async () => {
    const path = join(await tempDir('streamlake-connect-write-'), 'out')
    await remote
      .createDataFrame(
        [
          [1, 'x'],
          [2, null],
        ],
        'id INT, s STRING',
      )
      .write.mode('overwrite')
      .json(path)
    const read = await embedded.read.schema('id INT, s STRING').json(path).collect()
    expect(read.sort((a, b) => Number(a['id']) - Number(b['id']))).toEqual([
      { id: 1, s: 'x' },
      { id: 2, s: null },
    ])
  })
})
