import { readFileSync } from 'node:fs'
import path from 'node:path'
import { describe, expect, test } from 'vitest'
import { logicalSchema, physicalFields } from '../../src/delta/column-mapping.js'
import { SparkSession } from '../../src/index.js'
import { schemaFromJson } from '../../src/types/index.js'
import { tempDir } from '../support/temp-dir.js'

const GOLDEN = path.resolve(__dirname, '../fixtures/delta-golden')

// A nested column-mapped schema as Spark writes it (PROTOCOL.md §Column Mapping).
const MAPPED = schemaFromJson(
  JSON.stringify({
    type: 'struct',
    fields: [
      {
        name: 'a',
        type: {
          type: 'struct',
          fields: [
            {
              name: 'b',
              type: 'integer',
              nullable: true,
              metadata: {
                'delta.columnMapping.id': 2,
                'delta.columnMapping.physicalName': 'col-b',
              },
            },
          ],
        },
        nullable: true,
        metadata: {
          'delta.columnMapping.id': 1,
          'delta.columnMapping.physicalName': 'col-a',
          comment: 'kept',
        },
      },
    ],
  }),
)

describe('column mapping', () => {
  test('physical fields rename every level; mode none keeps the names', () => {
    const [a] = physicalFields(MAPPED.fields, 'name')
    expect(a!.name).toBe('col-a')
    expect(a!.dataType).toMatchObject({ fields: [{ name: 'col-b' }] })
    expect(physicalFields(MAPPED.fields, 'none')[0]!.name).toBe('a')
  })

  test('the logical schema drops delta.columnMapping.* metadata at every level, keeps the rest', () => {
    const logical = logicalSchema(MAPPED)
    expect(logical.fields[0]!.metadata).toEqual({ comment: 'kept' })
    expect(logical.fields[0]!.dataType).toMatchObject({ fields: [{ name: 'b', metadata: {} }] })
  })

  test('a DataFrame read from a column-mapped table writes a plain table Spark can read by name', async () => {
    const spark = SparkSession.builder().getOrCreate()
    const source = path.join(GOLDEN, 'data-reader-timestamp_ntz-name-mode')
    const df = spark.read.format('delta').load(source)
    expect(JSON.stringify((await df.collectRows()).schema)).not.toContain('columnMapping')
    const out = path.join(await tempDir('streamlake-cm-'), 't')
    await df.write.format('delta').save(out)
    const log = readFileSync(path.join(out, '_delta_log', '00000000000000000000.json'), 'utf8')
    expect(log).not.toContain('delta.columnMapping')
    const back = await spark.read.format('delta').load(out).collectRows()
    const rows = (await df.collectRows()).rows
    expect(back.rows.map((r) => JSON.stringify(r)).sort()).toEqual(
      rows.map((r) => JSON.stringify(r)).sort(),
    )
    expect(rows).toHaveLength(9)
  })
})
