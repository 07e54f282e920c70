/**
 * The Delta source across schema changes against Spark's (Delta 4.4, no schema tracking) on
 * tables Spark changes (oracle/scenarios/delta_schema_changes.py): a column added by a
 * mergeSchema append, a type widened, NOT NULL dropped, a column dropped by an overwrite, and
 * column-mapping renames and drops; streams with Trigger.AvailableNow from startingVersion 0 and
 * from the latest snapshot, with a change made inside a run and restarts after failures. Each
 * batch's rows, each logged offset and where a run fails must be equal; the failure's Delta
 * error class maps to our code (DELTA_SCHEMA_CHANGED_* → SL_SOURCE_DELTA_SCHEMA_CHANGED when a
 * restart reads on, SL_SOURCE_DELTA_SCHEMA_INCOMPATIBLE when it fails again;
 * DELTA_STREAMING_INCOMPATIBLE_SCHEMA_CHANGE_USE_SCHEMA_LOG → SL_SOURCE_DELTA_SCHEMA_NOT_ADDITIVE).
 */
import { promises as fs } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { SparkSession } from '../../src/index.js'
import { tempDir } from '../support/temp-dir.js'
import { encodeValue } from './support/engine-result.js'
import {
  oracle,
  oracleCall,
  oracleErrorText,
  type OracleBatch,
  type OracleError,
} from './support/oracle-client.js'

const spark = SparkSession.builder().getOrCreate().newSession()
spark.conf.set('spark.sql.session.timeZone', 'UTC')

type Options = Record<string, string>
const FILE = 'delta_schema_changes'

interface Run {
  /** Each batch's rows as sorted JSON lines. */
  batches: string[][]
  /** The source offset line of each `offsets/<N>` written by this run. */
  offsets: string[]
  /** Spark's error class and message, or our code; null when the run ended normally. */
  error: string | null
}

const canonical = (rows: readonly (readonly unknown[])[]): string[] =>
  rows.map((r) => JSON.stringify(r.map((v) => encodeValue(v)))).sort()

async function offsetIds(checkpoint: string): Promise<number[]> {
  return (await fs.readdir(join(checkpoint, 'offsets')).catch(() => [] as string[]))
    .filter((f) => /^\d+$/.test(f))
    .map(Number)
    .sort((a, b) => a - b)
}

async function offsetLines(checkpoint: string, before: number): Promise<string[]> {
  const ids = (await offsetIds(checkpoint)).filter((n) => n >= before)
  return Promise.all(
    ids.map(
      async (n) =>
        (await fs.readFile(join(checkpoint, 'offsets', String(n)), 'utf8')).split('\n')[2]!,
    ),
  )
}

async function sparkRun(
  path: string,
  checkpoint: string,
  options: Options,
  change?: string,
): Promise<Run> {
  const before = (await offsetIds(checkpoint)).length
  const out = change
    ? await oracleCall<{ batches: OracleBatch[]; error: OracleError | null }>(
        FILE,
        'stream_changing',
        { path, checkpoint, readOptions: options, change },
      )
    : await oracle<{ batches: OracleBatch[]; error: OracleError | null }>({
        op: 'streamDelta',
        path,
        checkpoint,
        readOptions: options,
      })
  return {
    batches: out.batches.map((b) => b.rows.map((r) => JSON.stringify(r)).sort()),
    offsets: await offsetLines(checkpoint, before),
    error: oracleErrorText(out.error),
  }
}

async function ourRun(
  path: string,
  checkpoint: string,
  options: Options,
  change?: string,
): Promise<Run> {
  const before = (await offsetIds(checkpoint)).length
  const batches: string[][] = []
  let error: string | null = null
  try {
    const q = await spark.readStream
      .format('delta')
      .options(options)
      .load(path)
      .writeStream.foreachBatch(async (df, batchId) => {
        batches.push(canonical((await df.collectRows()).rows))
        if (change && batchId === 0) await oracleCall(FILE, change, { path })
      })
      .option('checkpointLocation', checkpoint)
      .trigger({ availableNow: true })
      .start()
    await q.awaitTermination()
  } catch (e) {
    error = (e as { code?: string }).code ?? String(e)
  }
  return { batches, offsets: await offsetLines(checkpoint, before), error }
}

/** Both engines on one table, each from its own checkpoint. */
async function both(path: string, root: string, name: string, options: Options) {
  return {
    spark: await sparkRun(path, join(root, `${name}-spark-cp`), options),
    ours: await ourRun(path, join(root, `${name}-ours-cp`), options),
  }
}

// Copies of a table have their own ids: offsets of copies are compared without them.
const withoutTableId = (offsets: string[]): string[] =>
  offsets.map((o) => o.replace(/"reservoirId":"[^"]*"/, '"reservoirId":"<table id>"'))

/** Same batches and offsets; both ran through, or Spark failed with `delta` and ours with `code`. */
function expectSame(r: { spark: Run; ours: Run }, failure?: [delta: string, code: string]): void {
  expect(r.ours.batches).toEqual(r.spark.batches)
  expect(withoutTableId(r.ours.offsets)).toEqual(withoutTableId(r.spark.offsets))
  if (failure === undefined) {
    expect(r.spark.error).toBeNull()
    expect(r.ours.error).toBeNull()
  } else {
    expect(r.spark.error).toContain(`[${failure[0]}]`)
    expect(r.ours.error).toBe(failure[1])
  }
}

const CHANGED = 'SL_SOURCE_DELTA_SCHEMA_CHANGED'
const INCOMPATIBLE = 'SL_SOURCE_DELTA_SCHEMA_INCOMPATIBLE'
const NOT_ADDITIVE = 'SL_SOURCE_DELTA_SCHEMA_NOT_ADDITIVE'

describe('Delta source across schema changes vs Spark', () => {
  it('added column, widened type, dropped NOT NULL: read on from version 0 and from the latest snapshot; a dropped column stops a backfill for good', async () => {
    const root = await tempDir('streamlake-oracle-dschema-')
    const table = join(root, 't')
    await oracleCall(FILE, 'evolving', { path: table })
    const backfill = await both(table, root, 'v0', {
      startingVersion: '0',
      maxFilesPerTrigger: '2',
    })
    expectSame(backfill)
    expect(backfill.spark.batches.flat()).toHaveLength(4)
    expectSame(await both(table, root, 'v0one', { startingVersion: '0', maxFilesPerTrigger: '1' }))
    expectSame(await both(table, root, 'snap', {}))

    // The overwrite drops score: a stream from version 0 (schema without score now) cannot read
    // the older files, on every restart; one from the snapshot reads on.
    await oracleCall(FILE, 'drop_score_by_overwrite', { path: table })
    const options = { startingVersion: '0' }
    const failed = await both(table, root, 'drop', options)
    expectSame(failed, ['DELTA_SCHEMA_CHANGED_WITH_STARTING_OPTIONS', INCOMPATIBLE])
    expect(failed.spark.batches).toEqual([])
    expectSame(await both(table, root, 'drop', options), [
      'DELTA_SCHEMA_CHANGED_WITH_STARTING_OPTIONS',
      INCOMPATIBLE,
    ])
    expectSame(await both(table, root, 'after', {}))
  }, 900_000)

  it.each([
    [
      'a column added by a mergeSchema append',
      'add_column',
      { startingVersion: '0', maxFilesPerTrigger: '1' },
      false,
      'DELTA_SCHEMA_CHANGED_WITH_STARTING_OPTIONS',
    ],
    [
      'NOT NULL dropped and a null appended',
      'drop_not_null',
      { maxFilesPerTrigger: '1' },
      true,
      'DELTA_SCHEMA_CHANGED_WITH_VERSION',
    ],
  ])(
    '%s inside an AvailableNow run: both fail where the scan meets it; the restart reads on, every row once',
    async (_, change, options, notNull, deltaClass) => {
      const root = await tempDir('streamlake-oracle-dschema-')
      // Each engine changes its own copy of the table from its first batch.
      const sparkTable = join(root, 'spark-t')
      const ourTable = join(root, 'our-t')
      for (const path of [sparkTable, ourTable])
        await oracleCall(FILE, 'appends', { path, start: 0, commits: 3, not_null: notNull })
      const sparkCp = join(root, 'spark-cp')
      const ourCp = join(root, 'ours-cp')
      const first = {
        spark: await sparkRun(sparkTable, sparkCp, options, change),
        ours: await ourRun(ourTable, ourCp, options, change),
      }
      expectSame(first, [deltaClass, CHANGED])
      expect(first.spark.batches.length).toBeGreaterThan(0)
      const restart = {
        spark: await sparkRun(sparkTable, sparkCp, options),
        ours: await ourRun(ourTable, ourCp, options),
      }
      expectSame(restart)
      const ids = [...first.spark.batches, ...restart.spark.batches]
        .flat()
        .map((line) => (JSON.parse(line) as number[])[0]!)
      expect(ids.sort((a, b) => a - b)).toEqual([0, 1, 2, notNull ? 91 : 90])
    },
    900_000,
  )

  it('column mapping: a rename or drop behind the stream fails on every restart; new queries from after it read on', async () => {
    const root = await tempDir('streamlake-oracle-dschema-')
    const table = join(root, 't')
    await oracleCall(FILE, 'mapping_create', { path: table })
    expectSame(await both(table, root, 'a', {}))
    await oracleCall(FILE, 'mapping_rename', { path: table })
    // The query resumes after a batch that started before the rename.
    const renamed = ['DELTA_STREAMING_INCOMPATIBLE_SCHEMA_CHANGE_USE_SCHEMA_LOG', NOT_ADDITIVE] as [
      string,
      string,
    ]
    expectSame(await both(table, root, 'a', {}), renamed)
    expectSame(await both(table, root, 'a', {}), renamed)
    expectSame(await both(table, root, 'v0', { startingVersion: '0' }), renamed)
    expectSame(await both(table, root, 'b', {}))
    const { dropVersion } = await oracleCall<{ dropVersion: number }>(FILE, 'mapping_drop', {
      path: table,
    })
    expectSame(await both(table, root, 'b', {}), renamed)
    expectSame(await both(table, root, 'd', { startingVersion: String(dropVersion) }))
    expectSame(await both(table, root, 'e', {}))
  }, 900_000)
})
