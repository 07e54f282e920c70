/**
 * Delta interoperability with real Spark (delta-notes §10.2, §10.3): tables our engine writes,
 * read by Spark (batch read, DESCRIBE HISTORY, a Delta readStream); tables Spark and delta-rs
 * write with their defaults, read by our engine (`spark.read.format('delta')` and the
 * DeltaLog/readSnapshotRows library) with the same rows and schema as Spark.
 */
import { promises as fs } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { EVENT_SCHEMA_DDL } from '../../src/apps/event-schema.js'
import { DeltaLog, readSnapshotRows } from '../../src/delta/index.js'
import { DeltaSink } from '../../src/sinks/delta/delta-sink.js'
import { parseDdlSchema } from '../../src/types/index.js'
import { tempDir } from '../support/temp-dir.js'
import { compareRowSets, compareTables } from './support/compare.js'
import { encodeValue } from './support/engine-result.js'
import {
  oracle,
  oracleCall,
  type OracleBatch,
  type OracleDeltaTable,
  type OracleError,
  type OracleValue,
  type SchemaJson,
} from './support/oracle-client.js'
import { prepareInput } from './support/prepare-input.js'
import { oursSession, readOurDeltaTable } from './support/run-ours.js'

function expectNoDiffs(diffs: string[]): void {
  expect(diffs, diffs.join('\n\n')).toEqual([])
}

/** Our reader (both the engine's batch reader and the library) must see what Spark sees. */
async function expectOurReadersMatchSpark(path: string): Promise<OracleDeltaTable> {
  const sparkView = await oracle<OracleDeltaTable>({ op: 'readDelta', path, history: true })
  const ours = await readOurDeltaTable(oursSession(), path)
  expectNoDiffs(compareTables('our batch reader vs Spark', ours, sparkView))
  const snapshot = await DeltaLog.forTable(path).snapshot()
  expect(snapshot.version).toBe(sparkView.version)
  const libRows = (await readSnapshotRows(snapshot)).map((r) => r.map<OracleValue>(encodeValue))
  expectNoDiffs(
    compareRowSets('DeltaLog/readSnapshotRows vs Spark', libRows, sparkView.rows, sparkView.schema),
  )
  return sparkView
}

describe('tables our engine writes, read by Spark', () => {
  it('pass-through table with 26 commits (checkpoints): rows, schema, history, a Delta readStream', async () => {
    const root = await tempDir('streamlake-oracle-')
    const input = join(root, 'input')
    await prepareInput(
      {
        generate: {
          batches: 26,
          eventsPerBatch: 8,
          seed: 5,
          startTime: '2026-11-24T10:00:00Z',
          duplicateFraction: 0.1,
        },
      },
      input,
    )
    const spark = oursSession()
    const table = join(root, 'events')
    const q = await spark.readStream
      .format('json')
      .schema(EVENT_SCHEMA_DDL)
      .option('maxFilesPerTrigger', 1)
      .load(input)
      .writeStream.format('delta')
      .option('checkpointLocation', join(root, 'cp'))
      .trigger({ availableNow: true })
      .start(table)
    await q.awaitTermination()
    const logFiles = await fs.readdir(join(table, '_delta_log'))
    expect(logFiles.filter((f) => f.endsWith('.checkpoint.parquet')).length).toBeGreaterThanOrEqual(
      2,
    )

    const sparkView = await expectOurReadersMatchSpark(table)
    expect(sparkView.version).toBe(25)
    expect(sparkView.rows).toHaveLength(26 * 8)
    const history = sparkView.history!
    expect(history.map((h) => h.version)).toEqual([...Array(26).keys()])
    for (const h of history) {
      expect(h.operation).toBe('STREAMING UPDATE')
      expect(h.operationParameters).toMatchObject({
        outputMode: 'Append',
        queryId: q.id,
        epochId: String(h.version),
      })
    }
    for (let i = 1; i < history.length; i++)
      expect(history[i]!.timestamp).toBeGreaterThanOrEqual(history[i - 1]!.timestamp)

    // time travel by Spark on our table
    const v3 = await oracle<OracleDeltaTable>({ op: 'readDelta', path: table, versionAsOf: 3 })
    expect(v3.rows).toHaveLength(4 * 8)

    // Spark's Delta streaming source over our table: every row exactly once
    const streamed = await oracle<{
      batches: OracleBatch[]
      error: OracleError | null
      schema: SchemaJson
    }>({
      op: 'streamDelta',
      path: table,
      checkpoint: join(root, 'spark-stream-cp'),
    })
    expect(streamed.error).toBeNull()
    expectNoDiffs(
      compareRowSets(
        'Spark readStream of our table vs Spark read',
        streamed.batches.flatMap((b) => b.rows),
        sparkView.rows,
        sparkView.schema,
      ),
    )
  })

  it('a complete-mode table (DeltaSink): Spark reads the last result, history says Complete', async () => {
    const path = join(await tempDir('streamlake-oracle-'), 'counts')
    const schema = parseDdlSchema('k STRING, n BIGINT, w STRUCT<start: TIMESTAMP, end: TIMESTAMP>')
    const sink = new DeltaSink(path)
    await sink.start({ queryId: 'q-complete', outputMode: 'complete', schema, timeZone: 'UTC' })
    const B = Date.UTC(2026, 0, 1) * 1000
    const win = (s: number) => [B + s * 1_000_000, B + (s + 5) * 1_000_000]
    await sink.addBatch(0, [['a', 1, win(0)]])
    await sink.addBatch(1, [
      ['a', 2, win(0)],
      ['b', 1, win(5)],
    ])
    await sink.addBatch(2, [
      ['a', 3, win(0)],
      ['b', 1, win(5)],
      ['c', 7, null],
    ])
    const sparkView = await expectOurReadersMatchSpark(path)
    expect(sparkView.rows).toHaveLength(3)
    expect(sparkView.history!.map((h) => h.operationParameters['outputMode'])).toEqual([
      'Complete',
      'Complete',
      'Complete',
    ])
    const v1 = await oracle<OracleDeltaTable>({ op: 'readDelta', path, versionAsOf: 1 })
    expectNoDiffs(compareTables('version 1', await readOurDeltaTable(oursSession(), path, 1), v1))
    // A Delta readStream from version 0 over a table with overwrites fails unless
    // skipChangeCommits is set.
    const strict = await oracle<{ error: OracleError | null }>({
      op: 'streamDelta',
      path,
      checkpoint: join(path, '..', 'cp1'),
      readOptions: { startingVersion: '0' },
    })
    expect(strict.error).not.toBeNull()
    const skipping = await oracle<{ batches: OracleBatch[]; error: OracleError | null }>({
      op: 'streamDelta',
      path,
      checkpoint: join(path, '..', 'cp2'),
      readOptions: { startingVersion: '0', skipChangeCommits: 'true' },
    })
    expect(skipping.error).toBeNull()
    expect(skipping.batches.flatMap((b) => b.rows)).toEqual([['a', 1, win(0)]])
  })
})

describe('tables Spark and delta-rs write, read by our engine', () => {
  it('Spark, 26 appends (checkpoints at 10 and 20) and a DELETE', async () => {
    const path = join(await tempDir('streamlake-oracle-'), 't')
    await oracleCall('delta_tables', 'spark_appends_with_delete', { path })
    const view = await expectOurReadersMatchSpark(path)
    expect(view.version).toBe(26)
    expect(view.rows.length).toBeGreaterThan(50)
  })

  it('Spark, partitioned by a string with special characters and a date, with a DELETE', async () => {
    const path = join(await tempDir('streamlake-oracle-'), 't')
    await oracleCall('delta_tables', 'spark_partitioned', { path })
    await expectOurReadersMatchSpark(path)
  })

  it("Spark's structured-streaming Delta sink (txn actions, STREAMING UPDATE)", async () => {
    const root = await tempDir('streamlake-oracle-')
    const input = join(root, 'input')
    await prepareInput(
      { generate: { batches: 4, eventsPerBatch: 10, seed: 3, startTime: '2026-11-24T10:00:00Z' } },
      input,
    )
    const path = join(root, 't')
    const { queryId } = await oracleCall<{ queryId: string }>('delta_tables', 'spark_streaming', {
      input,
      path,
      checkpoint: join(root, 'cp'),
      schema: EVENT_SCHEMA_DDL,
    })
    const view = await expectOurReadersMatchSpark(path)
    expect(view.rows).toHaveLength(40)
    const snapshot = await DeltaLog.forTable(path).snapshot()
    expect(snapshot.txnVersion(queryId)).toBe(3)
  })

  it('delta-rs defaults: partitioned appends, a delete, a checkpoint', async () => {
    const path = join(await tempDir('streamlake-oracle-'), 't')
    await oracleCall('delta_tables', 'delta_rs_table', { path })
    await expectOurReadersMatchSpark(path)
  })
})
