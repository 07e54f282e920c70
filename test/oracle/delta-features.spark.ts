/**
 * Tables written by real Spark (PySpark 4.2 + Delta) with the features Spark 4 and Databricks turn
 * on — deletion vectors from DELETE/UPDATE, column mapping (name and id) with RENAME/DROP COLUMN,
 * V2 checkpoints with sidecars (JSON and Parquet), timestamp_ntz — read by our engine's batch
 * reader, by the DeltaLog/readSnapshotRows library and by our Delta stream source exactly as Spark
 * reads them; and a write to such a table refused with the feature named (issue #17 item 5).
 */
import { promises as fs } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { DeltaLog, readSnapshotRows } from '../../src/delta/index.js'
import { EngineError } from '../../src/errors/index.js'
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
} from './support/oracle-client.js'
import { oursSession, readOurDeltaTable } from './support/run-ours.js'

function expectNoDiffs(diffs: string[]): void {
  expect(diffs, diffs.join('\n\n')).toEqual([])
}

/** Both our readers see what Spark sees, at the latest version and at `versions`. */
async function expectReadLikeSpark(
  path: string,
  versions: number[] = [],
): Promise<OracleDeltaTable> {
  const spark = await oracle<OracleDeltaTable>({ op: 'readDelta', path })
  expectNoDiffs(
    compareTables('our batch reader vs Spark', await readOurDeltaTable(oursSession(), path), spark),
  )
  const snapshot = await DeltaLog.forTable(path).snapshot()
  expect(snapshot.version).toBe(spark.version)
  const libRows = (await readSnapshotRows(snapshot)).map((r) => r.map<OracleValue>(encodeValue))
  expectNoDiffs(compareRowSets('readSnapshotRows vs Spark', libRows, spark.rows, spark.schema))
  for (const v of versions) {
    const old = await oracle<OracleDeltaTable>({ op: 'readDelta', path, versionAsOf: v })
    expectNoDiffs(
      compareTables(`version ${v}`, await readOurDeltaTable(oursSession(), path, v), old),
    )
  }
  return spark
}

async function logFiles(path: string): Promise<string[]> {
  return fs.readdir(join(path, '_delta_log'))
}

async function appendFails(path: string): Promise<EngineError> {
  const spark = oursSession()
  const df = spark.read.format('delta').load(path)
  const e = await df.write
    .format('delta')
    .mode('append')
    .save(path)
    .then(
      () => undefined,
      (err: unknown) => err,
    )
  expect(e).toBeInstanceOf(EngineError)
  return e as EngineError
}

describe('deletion vectors', () => {
  it('DELETE and UPDATE on a partitioned table: rows marked deleted are not read (batch, library, stream)', async () => {
    const root = await tempDir('streamlake-oracle-')
    const path = join(root, 't')
    await oracleCall('delta_features', 'deletion_vectors', { path })
    const snapshot = await DeltaLog.forTable(path).snapshot()
    expect(snapshot.protocol.readerFeatures).toContain('deletionVectors')
    expect(snapshot.files.some((f) => f.deletionVector)).toBe(true)
    const view = await expectReadLikeSpark(path, [4])
    expect(view.rows.length).toBeLessThan(60)
    const e = await appendFails(path)
    expect(e.code).toBe('SL_DELTA_UNSUPPORTED_FEATURE')
    expect(e.message).toContain('deletionVectors')
    await expectStreamsLikeSpark(root, path)
  })

  it('DVs carried in checkpoints (every 2 commits)', async () => {
    const path = join(await tempDir('streamlake-oracle-'), 't')
    await oracleCall('delta_features', 'deletion_vectors_checkpointed', { path })
    expect((await logFiles(path)).some((f) => f.endsWith('.checkpoint.parquet'))).toBe(true)
    await expectReadLikeSpark(path, [3])
  })
})

/**
 * A Delta readStream over DV commits, from version 0: fails like Spark by default (DELETE with DVs
 * is a remove + re-add of the file); skipChangeCommits and ignoreChanges (the re-added file read
 * again without its deleted rows) read what Spark reads; from the snapshot, the rows without the
 * deleted ones.
 */
async function expectStreamsLikeSpark(root: string, path: string): Promise<void> {
  const schema = (await oracle<OracleDeltaTable>({ op: 'readDelta', path })).schema
  for (const [name, options] of [
    ['strict', { startingVersion: '0' }],
    ['skip', { startingVersion: '0', skipChangeCommits: 'true' }],
    ['changes', { startingVersion: '0', ignoreChanges: 'true' }],
    ['snapshot', {}],
  ] as const) {
    const spark = await oracle<{ batches: OracleBatch[]; error: OracleError | null }>({
      op: 'streamDelta',
      path,
      checkpoint: join(root, `spark-${name}`),
      readOptions: options,
    })
    const ours = await ourStream(path, join(root, `ours-${name}`), options)
    if (name === 'strict') {
      // DELETE with DVs is a remove + re-add of the file: a change Spark refuses to stream.
      expect(spark.error).not.toBeNull()
      expect(ours.error).toBe('SL_SOURCE_DELTA_DATA_CHANGED')
      continue
    }
    expect(spark.error).toBeNull()
    expect(ours.error).toBeNull()
    expectNoDiffs(
      compareRowSets(
        `stream ${name} vs Spark`,
        ours.rows,
        spark.batches.flatMap((b) => b.rows),
        schema,
      ),
    )
  }
}

async function ourStream(
  path: string,
  checkpoint: string,
  options: Record<string, string>,
): Promise<{ rows: OracleValue[][]; error: string | null }> {
  const rows: OracleValue[][] = []
  try {
    const q = await oursSession()
      .readStream.format('delta')
      .options(options)
      .load(path)
      .writeStream.foreachBatch(async (df) => {
        for (const r of (await df.collectRows()).rows) rows.push(r.map<OracleValue>(encodeValue))
      })
      .option('checkpointLocation', checkpoint)
      .trigger({ availableNow: true })
      .start()
    await q.awaitTermination()
  } catch (e) {
    return { rows, error: (e as { code?: string }).code ?? String(e) }
  }
  return { rows, error: null }
}

describe('column mapping', () => {
  it.each(['name', 'id'])(
    'mode %s with RENAME COLUMN (top level, nested, partition), DROP COLUMN and a re-added name',
    async (mode) => {
      const path = join(await tempDir('streamlake-oracle-'), 't')
      await oracleCall('delta_features', 'column_mapping', { path, mode })
      const view = await expectReadLikeSpark(path, [2, 4])
      expect(view.schema.fields.map((f) => f.name)).toEqual([
        'id',
        'full_name',
        'info',
        'region',
        'tags',
      ])
      expect(view.rows).toHaveLength(11)
      const e = await appendFails(path)
      expect(e.code).toBe('SL_DELTA_UNSUPPORTED_FEATURE')
      expect(e.message).toContain('columnMapping')
    },
  )
})

describe('V2 checkpoints', () => {
  it.each(['json', 'parquet'])(
    'checkpointPolicy=v2, top-level checkpoint in %s with sidecars, then commits after it',
    async (fmt) => {
      const path = join(await tempDir('streamlake-oracle-'), 't')
      await oracleCall('delta_features', 'v2_checkpoints', { path, fmt })
      const files = await logFiles(path)
      expect(files.some((f) => new RegExp(`checkpoint\\.[0-9a-f-]{36}\\.${fmt}$`).test(f))).toBe(
        true,
      )
      expect((await fs.readdir(join(path, '_delta_log', '_sidecars'))).length).toBeGreaterThan(0)
      await expectReadLikeSpark(path, [3])
      const e = await appendFails(path)
      expect(e.message).toContain('v2Checkpoint')
    },
  )
})

describe('timestamp_ntz', () => {
  it('a TIMESTAMP_NTZ data column and partition column, values before 1900 too', async () => {
    const path = join(await tempDir('streamlake-oracle-'), 't')
    await oracleCall('delta_features', 'timestamp_ntz', { path })
    await expectReadLikeSpark(path)
  })
})
