/**
 * The table schema of a snapshot: a missing or unusable metaData `schemaString` (a required field,
 * PROTOCOL.md §Change Metadata) is reported naming the table, the log file and version that wrote
 * the metaData, and the field, when the schema is needed; log-only work still runs, as in Delta.
 */
import { promises as fs } from 'node:fs'
import path from 'node:path'
import { describe, expect, test } from 'vitest'
import { DeltaLog } from '../../src/delta/index.js'
import { SparkSession } from '../../src/index.js'
import { tempTablePath } from './support/temp-table.js'

const SCHEMA_STRING = JSON.stringify({
  type: 'struct',
  fields: [{ name: 'id', type: 'long', nullable: true, metadata: {} }],
})

function metaData(fields: Record<string, unknown>): string {
  return JSON.stringify({
    metaData: {
      id: '5a3c1e52-0b7e-4a53-9a59-0d3f2e1c4b10',
      format: { provider: 'parquet', options: {} },
      partitionColumns: [],
      configuration: {},
      createdTime: 1700000000000,
      ...fields,
    },
  })
}

const PROTOCOL = JSON.stringify({ protocol: { minReaderVersion: 1, minWriterVersion: 2 } })

/** Writes the commit files given, version 0 first, by hand (as another writer might). */
async function tableWithCommits(...commits: string[][]): Promise<string> {
  const table = await tempTablePath()
  await fs.mkdir(path.join(table, '_delta_log'), { recursive: true })
  for (const [v, lines] of commits.entries()) {
    await fs.writeFile(
      path.join(table, '_delta_log', `${String(v).padStart(20, '0')}.json`),
      lines.join('\n') + '\n',
    )
  }
  return table
}

async function failure(promise: Promise<unknown>): Promise<Error & Record<string, unknown>> {
  return promise.then(
    () => {
      throw new Error('expected a failure')
    },
    (e: unknown) => e as Error & Record<string, unknown>,
  )
}

describe('the metaData schemaString', () => {
  test('a metaData without schemaString is reported with the table, commit file, version and field', async () => {
    const table = await tableWithCommits([PROTOCOL, metaData({})])
    const spark = SparkSession.builder().getOrCreate().newSession()
    for (const load of [
      async () => (await DeltaLog.forTable(table).snapshot()).schema,
      () => spark.read.format('delta').load(table).resolveSchema(),
      () => spark.read.format('delta').load(table).count(),
    ]) {
      const e = await failure(load())
      expect(e).toMatchObject({ code: 'SL_DELTA_CORRUPT_LOG', path: table })
      expect(e.message).toContain(`Delta log of table ${table} is corrupt`)
      expect(e.message).toContain('_delta_log/00000000000000000000.json (version 0)')
      expect(e.message).toContain('no schemaString field')
      expect(e.message).not.toContain('undefined')
    }
  })

  test('names the later commit whose metaData replaced a good one', async () => {
    const table = await tableWithCommits(
      [PROTOCOL, metaData({ schemaString: SCHEMA_STRING })],
      [metaData({ schemaString: null })],
    )
    const e = await failure(
      DeltaLog.forTable(table)
        .snapshot()
        .then((s) => s.schema),
    )
    expect(e).toMatchObject({ code: 'SL_DELTA_CORRUPT_LOG', path: table })
    expect(e.message).toContain('_delta_log/00000000000000000001.json (version 1)')
    expect(e.message).toContain('schemaString')
    // The version before it is still readable.
    expect((await DeltaLog.forTable(table).snapshot(0)).schema.fields[0]!.name).toBe('id')
  })

  test('a schemaString that is not a schema is reported with the table and commit file', async () => {
    const table = await tableWithCommits([PROTOCOL, metaData({ schemaString: '{"type":"str' })])
    const e = await failure(
      DeltaLog.forTable(table)
        .snapshot()
        .then((s) => s.schema),
    )
    expect(e).toMatchObject({ code: 'SL_DELTA_INVALID_SCHEMA', path: table })
    expect(e.message).toContain(`Invalid schema for Delta table ${table}`)
    expect(e.message).toContain('_delta_log/00000000000000000000.json (version 0)')
    expect(e.message).toContain('schemaString')
  })

  test('log-only work still runs on a table whose metaData has no schemaString, as in Delta', async () => {
    const add = JSON.stringify({
      add: {
        path: 'a.parquet',
        partitionValues: {},
        size: 1,
        modificationTime: 0,
        dataChange: true,
      },
    })
    const table = await tableWithCommits([PROTOCOL, metaData({}), add])
    const snapshot = await DeltaLog.forTable(table).snapshot()
    expect(snapshot.files.map((f) => f.path)).toEqual(['a.parquet'])
  })
})
