/**
 * The Delta source meeting schema changes of its table (written here commit by commit): a
 * backfill reads across an added column, a backfill past a dropped column or into a tightened NOT
 * NULL fails for good (also on restart, checked where the last committed batch began), a change
 * after start fails until the restart, and schemaTrackingLocation is refused by name. The rules
 * themselves: schema-compatibility.test.ts; against Spark: test/oracle/delta-source-schema-changes.
 */
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { SparkSession } from '../../../src/index.js'
import { DeltaLog, writeDataFile } from '../../../src/delta/index.js'
import { EngineError } from '../../../src/errors/index.js'
import { parseDdlSchema, type Row, type StructType } from '../../../src/types/index.js'
import { tempDir } from '../../support/temp-dir.js'

const spark = SparkSession.builder().getOrCreate().newSession()
spark.conf.set('spark.sql.session.timeZone', 'UTC')

function schemaJson(schema: StructType, notNull: readonly string[] = []): string {
  return JSON.stringify({
    type: 'struct',
    fields: schema.fields.map((f) => ({
      name: f.name,
      type: f.dataType.type,
      nullable: !notNull.includes(f.name),
      metadata: {},
    })),
  })
}

/** One commit: a metaData action with `ddl` as the schema (when given), then a file of `rows`. */
async function commit(
  table: string,
  ddl: string | undefined,
  rows: Row[],
  notNull: readonly string[] = [],
): Promise<void> {
  const log = DeltaLog.forTable(table)
  const snapshot = await log.snapshot()
  const schema = ddl ? parseDdlSchema(ddl) : snapshot.schema
  const actions = []
  if (!snapshot.exists) {
    actions.push({ protocol: { minReaderVersion: 1, minWriterVersion: 2 } })
    actions.push({
      metaData: {
        id: 'table-1',
        format: { provider: 'parquet', options: {} },
        schemaString: schemaJson(schema, notNull),
        partitionColumns: [],
        configuration: {},
        createdTime: 0,
      },
    })
  } else if (ddl)
    actions.push({ metaData: { ...snapshot.metadata, schemaString: schemaJson(schema, notNull) } })
  if (rows.length > 0) actions.push({ add: await writeDataFile(table, schema, rows) })
  const tx = await log.startTransaction(snapshot)
  await tx.commit(actions, { name: 'WRITE', parameters: { mode: 'Append' } })
}

async function stream(table: string, checkpoint: string, options: Record<string, string> = {}) {
  const batches: unknown[][][] = []
  let error: unknown = null
  try {
    const q = await spark.readStream
      .format('delta')
      .options(options)
      .load(table)
      .writeStream.foreachBatch(async (df) => {
        batches.push((await df.collectRows()).rows)
      })
      .option('checkpointLocation', checkpoint)
      .trigger({ availableNow: true })
      .start()
    await q.awaitTermination()
  } catch (e) {
    error = e
  }
  return { batches, error }
}

const code = (e: unknown): string | undefined => (e instanceof EngineError ? e.code : undefined)

describe('Delta source schema changes', () => {
  it('a backfill from version 0 reads across an added column (null in older rows)', async () => {
    const root = await tempDir('sl-delta-schema-')
    const table = join(root, 't')
    await commit(table, 'id INT, name STRING', [[0, 'a']])
    await commit(table, 'id INT, name STRING, score DOUBLE', [[1, 'b', 1.5]])
    const r = await stream(table, join(root, 'cp'), { startingVersion: '0' })
    expect(r.error).toBeNull()
    expect(r.batches).toEqual([
      [
        [0, 'a', null],
        [1, 'b', 1.5],
      ],
    ])
  })

  it('a stream started before an added column resumes after it with the new schema', async () => {
    const root = await tempDir('sl-delta-schema-')
    const table = join(root, 't')
    const cp = join(root, 'cp')
    await commit(table, 'id INT, name STRING', [[0, 'a']])
    expect((await stream(table, cp)).batches).toEqual([[[0, 'a']]])
    await commit(table, 'id INT, name STRING, score DOUBLE', [[1, 'b', 1.5]])
    const r = await stream(table, cp)
    expect(r.error).toBeNull()
    expect(r.batches).toEqual([[[1, 'b', 1.5]]])
  })

  it('a backfill past a dropped column fails on every start; a new query from the snapshot reads', async () => {
    const root = await tempDir('sl-delta-schema-')
    const table = join(root, 't')
    await commit(table, 'id INT, name STRING', [[0, 'a']])
    await commit(table, 'id INT', [[1]])
    for (let i = 0; i < 2; i++) {
      const r = await stream(table, join(root, 'cp'), { startingVersion: '0' })
      expect(r.batches).toEqual([])
      expect(code(r.error)).toBe('SL_SOURCE_DELTA_SCHEMA_INCOMPATIBLE')
      const message = (r.error as Error).message
      expect(message).toContain('version 0')
      expect(message).toContain('id int, name string')
      expect(message).toContain('startingVersion after 0')
    }
    expect((await stream(table, join(root, 'cp2'))).batches).toEqual([[[0], [1]]])
  })

  it('NOT NULL set behind a resumed stream fails at start, where its last batch began', async () => {
    const root = await tempDir('sl-delta-schema-')
    const table = join(root, 't')
    const cp = join(root, 'cp')
    await commit(table, 'id INT, name STRING', [[0, 'a']])
    expect((await stream(table, cp)).batches).toEqual([[[0, 'a']]])
    // Only a hand-written log can tighten nullability (Delta refuses SET NOT NULL on a column).
    await commit(table, 'id INT, name STRING', [[1, 'b']], ['name'])
    const r = await stream(table, cp)
    expect(r.batches).toEqual([])
    expect(code(r.error)).toBe('SL_SOURCE_DELTA_SCHEMA_INCOMPATIBLE')
    expect((r.error as Error).message).toContain('name string not null')
  })

  it('a change committed during a run is met by the run: retryable, the restart reads on', async () => {
    const root = await tempDir('sl-delta-schema-')
    const table = join(root, 't')
    const cp = join(root, 'cp')
    for (let i = 0; i < 3; i++) await commit(table, i === 0 ? 'id INT' : undefined, [[i]])
    const batches: unknown[][][] = []
    let error: unknown = null
    try {
      const q = await spark.readStream
        .format('delta')
        .option('maxFilesPerTrigger', 1)
        .load(table)
        .writeStream.foreachBatch(async (df, batchId) => {
          batches.push((await df.collectRows()).rows)
          if (batchId === 0) await commit(table, 'id INT, score DOUBLE', [[9, 9.5]])
        })
        .option('checkpointLocation', cp)
        .trigger({ availableNow: true })
        .start()
      await q.awaitTermination()
    } catch (e) {
      error = e
    }
    expect(code(error)).toBe('SL_SOURCE_DELTA_SCHEMA_CHANGED')
    expect((error as Error).message).toContain('version 3')
    const restarted = await stream(table, cp, { maxFilesPerTrigger: '1' })
    expect(restarted.error).toBeNull()
    expect([...batches, ...restarted.batches].flat().map((r) => r[0])).toEqual([0, 1, 2, 9])
  })

  it.each(['schemaTrackingLocation', 'schemaLocation'])(
    'option %s is refused by name',
    async (o) => {
      const root = await tempDir('sl-delta-schema-')
      const table = join(root, 't')
      await commit(table, 'id INT', [[0]])
      const r = await stream(table, join(root, 'cp'), { [o]: join(root, 'schemas') })
      expect(code(r.error)).toBe('SL_SOURCE_INVALID_OPTION')
      expect((r.error as Error).message).toContain(o)
    },
  )
})
