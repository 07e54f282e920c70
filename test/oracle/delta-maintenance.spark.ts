/**
 * Table maintenance against real Spark + Delta (docs/delta-maintenance.md):
 *
 * - a partitioned table our streaming sink wrote, compacted by our OPTIMIZE mid-stream: our
 *   Delta streaming source and Spark's, each from its own checkpoint, read the same batches and
 *   every row once; Spark's DESCRIBE HISTORY sees our OPTIMIZE with its parameters, metrics and
 *   isolation level; after our RESTORE and VACUUM Spark reads the same rows as we do;
 * - a table Spark wrote and OPTIMIZEd is read by us as Spark reads it, and after our OPTIMIZE
 *   and VACUUM of the same table Spark still reads the same rows;
 * - the short maintenance soak's table (720 batches with auto compaction, VACUUM and log
 *   clean-up) reads the same in Spark, at the same version.
 */
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { DeltaLog, optimizeTable, restoreTable, vacuumTable } from '../../src/delta/index.js'
import { SHORT_SOAK, runSoak } from '../../bench/soak/delta-maintenance-soak.js'
import { DeltaSink } from '../../src/sinks/delta/delta-sink.js'
import { parseDdlSchema, type Row } from '../../src/types/index.js'
import { tempDir } from '../support/temp-dir.js'
import { compareTables } from './support/compare.js'
import { encodeValue } from './support/engine-result.js'
import {
  oracle,
  oracleCall,
  type OracleBatch,
  type OracleDeltaTable,
  type OracleError,
} from './support/oracle-client.js'
import { oursSession, readOurDeltaTable } from './support/run-ours.js'

const spark = oursSession()

interface HistoryRow {
  version: number
  operation: string
  operationParameters: Record<string, string>
  operationMetrics: Record<string, string>
  isolationLevel: string | null
  isBlindAppend: boolean | null
}

async function expectSparkReadsAsWeDo(path: string): Promise<OracleDeltaTable> {
  const sparkView = await oracle<OracleDeltaTable>({ op: 'readDelta', path })
  const ours = await readOurDeltaTable(spark, path)
  const diffs = compareTables('our reader vs Spark', ours, sparkView)
  expect(diffs, diffs.join('\n\n')).toEqual([])
  expect((await DeltaLog.forTable(path).snapshot()).version).toBe(sparkView.version)
  return sparkView
}

const canonical = (rows: readonly (readonly unknown[])[]): string[] =>
  rows.map((r) => JSON.stringify(r.map((v) => encodeValue(v)))).sort()

/** One AvailableNow run of Spark's Delta source from `checkpoint`: each batch's sorted rows. */
async function sparkStream(path: string, checkpoint: string): Promise<string[][]> {
  const out = await oracle<{ batches: OracleBatch[]; error: OracleError | null }>({
    op: 'streamDelta',
    path,
    checkpoint,
    readOptions: { maxFilesPerTrigger: '2' },
  })
  expect(out.error).toBeNull()
  return out.batches.map((b) => b.rows.map((r) => JSON.stringify(r)).sort())
}

/** The same run of our Delta source. */
async function ourStream(path: string, checkpoint: string): Promise<string[][]> {
  const batches: string[][] = []
  const q = await spark.readStream
    .format('delta')
    .option('maxFilesPerTrigger', 2)
    .load(path)
    .writeStream.foreachBatch(async (df) => {
      batches.push(canonical((await df.collectRows()).rows))
    })
    .option('checkpointLocation', checkpoint)
    .trigger({ availableNow: true })
    .start()
  await q.awaitTermination()
  return batches
}

const idsOf = (batches: string[][]): number[] =>
  batches
    .flat()
    .map((l) => (JSON.parse(l) as [number, string])[0])
    .sort((a, b) => a - b)

const range = (from: number, n: number): number[] => Array.from({ length: n }, (_, i) => from + i)

describe('maintenance by streamlake, read by Spark', () => {
  it('our OPTIMIZE mid-stream, RESTORE and VACUUM: same streams, history and rows as Spark sees', async () => {
    const root = await tempDir('streamlake-oracle-maint-')
    const table = join(root, 't')
    const sink = new DeltaSink(table, {}, ['p'])
    await sink.start({
      queryId: 'writer',
      outputMode: 'append',
      schema: parseDdlSchema('id INT, p STRING'),
      timeZone: 'UTC',
    })
    let batch = 0
    const write = async (n: number): Promise<void> => {
      for (let i = 0; i < n; i++, batch++)
        await sink.addBatch(batch, [
          [batch * 2, 'a'],
          [batch * 2 + 1, 'b'],
        ] satisfies Row[])
    }
    await write(6)
    const first = {
      spark: await sparkStream(table, join(root, 'spark-cp')),
      ours: await ourStream(table, join(root, 'ours-cp')),
    }
    expect(first.ours).toEqual(first.spark)
    expect(idsOf(first.ours)).toEqual(range(0, 12))

    // Our OPTIMIZE of partition a, then two more batches.
    const log = DeltaLog.forTable(table)
    const optimized = await optimizeTable(log, {
      partitionFilter: (v) => v['p'] === 'a',
      predicates: ["p = 'a'"],
    })
    expect(optimized.version).toBe(6)
    await write(2)
    const second = {
      spark: await sparkStream(table, join(root, 'spark-cp')),
      ours: await ourStream(table, join(root, 'ours-cp')),
    }
    expect(second.ours).toEqual(second.spark)
    expect(idsOf(second.spark)).toEqual(range(12, 4)) // no row of the compacted files again
    await expectSparkReadsAsWeDo(table)

    // A new stream of each engine from the compacted snapshot: every row once.
    const fresh = {
      spark: await sparkStream(table, join(root, 'spark-cp2')),
      ours: await ourStream(table, join(root, 'ours-cp2')),
    }
    expect(idsOf(fresh.ours)).toEqual(range(0, 16))
    expect(idsOf(fresh.spark)).toEqual(range(0, 16))

    await restoreTable(log, { version: 3 })
    expect((await expectSparkReadsAsWeDo(table)).rows).toHaveLength(8)
    await vacuumTable(log, { retentionHours: 0, retentionCheck: false })
    expect((await expectSparkReadsAsWeDo(table)).rows).toHaveLength(8)

    const history = await oracleCall<HistoryRow[]>('delta_maintenance', 'history', { path: table })
    expect(history.map((h) => h.operation).slice(6)).toEqual([
      'OPTIMIZE',
      'STREAMING UPDATE',
      'STREAMING UPDATE',
      'RESTORE',
      'VACUUM START',
      'VACUUM END',
    ])
    const optimize = history[6]!
    expect(optimize).toMatchObject({
      operationParameters: {
        predicate: '["p = \'a\'"]',
        zOrderBy: '[]',
        clusterBy: '[]',
        auto: 'false',
      },
      isolationLevel: 'SnapshotIsolation',
      isBlindAppend: false,
    })
    expect(optimize.operationMetrics).toMatchObject({ numRemovedFiles: '6', numAddedFiles: '1' })
    expect(history[9]).toMatchObject({ operationParameters: { version: '3' } })
    expect(history[10]).toMatchObject({
      operationParameters: { retentionCheckEnabled: 'false', specifiedRetentionMillis: '0' },
      isolationLevel: 'SnapshotIsolation',
    })
  }, 300_000)
})

describe('a table Spark wrote and compacted', () => {
  it('Spark OPTIMIZE read by us; our OPTIMIZE and VACUUM read by Spark', async () => {
    const root = await tempDir('streamlake-oracle-maint-')
    const table = join(root, 't')
    await oracleCall('delta_maintenance', 'appends', { path: table, start: 0, commits: 4 })
    await oracleCall('delta_maintenance', 'optimize', { path: table })
    const afterSpark = await expectSparkReadsAsWeDo(table)
    expect(afterSpark.rows).toHaveLength(8)
    expect(await oracleCall<number>('delta_maintenance', 'count_files', { path: table })).toBe(2)

    await oracleCall('delta_maintenance', 'appends', { path: table, start: 100, commits: 3 })
    const log = DeltaLog.forTable(table)
    const ours = await optimizeTable(log)
    expect(ours.metrics).toMatchObject({ numFilesRemoved: 8, numFilesAdded: 2 })
    expect(await oracleCall<number>('delta_maintenance', 'count_files', { path: table })).toBe(2)
    await vacuumTable(log, { retentionHours: 0, retentionCheck: false })
    const final = await expectSparkReadsAsWeDo(table)
    expect(final.rows).toHaveLength(14)
  }, 300_000)
})

describe('the soaked table', () => {
  it('720 batches with auto compaction, VACUUM and log clean-up: Spark reads every row', async () => {
    const table = join(await tempDir('streamlake-oracle-soak-'), 'events')
    const result = await runSoak({
      table,
      ...SHORT_SOAK,
    })
    expect(result.everyRowOnce).toBe(true)
    const sparkView = await expectSparkReadsAsWeDo(table)
    expect(sparkView.rows).toHaveLength(720 * 20)
    const files = await oracleCall<number>('delta_maintenance', 'count_files', { path: table })
    expect(files).toBe((await DeltaLog.forTable(table).snapshot()).files.length)
  }, 300_000)
})
