import { describe, expect, it } from 'vitest'
import {
  discoverPartitions,
  partitionedLayout,
} from '../../../src/sources/file/partition-discovery.js'
import { parseDdlSchema } from '../../../src/types/index.js'

const types = (root: string, dirs: string[]) =>
  discoverPartitions(
    root,
    dirs.map((d) => `${root}/${d}/part-0.json`),
    undefined,
  )?.schema.fields.map((f) => `${f.name} ${f.dataType.type}`)

// Spark's PartitioningUtils.inferPartitionColumnValue and its type widening.
describe('partition discovery', () => {
  it('infers int, bigint, double, date, string and widens across directories', () => {
    expect(types('/o', ['a=1/b=x', 'a=2/b=y'])).toEqual(['a integer', 'b string'])
    expect(types('/o', ['a=1', 'a=2147483648'])).toEqual(['a long'])
    expect(types('/o', ['a=1', 'a=1.5'])).toEqual(['a double'])
    expect(types('/o', ['d=2026-01-02', 'd=__HIVE_DEFAULT_PARTITION__'])).toEqual(['d date'])
    expect(types('/o', ['a=1', 'a=x'])).toEqual(['a string'])
    expect(types('/o', ['a=__HIVE_DEFAULT_PARTITION__'])).toEqual(['a string'])
    expect(types('/o', ['x', 'y'])).toBeUndefined()
  })

  it('unescapes names and values, null for the Hive default partition, user types win', () => {
    const root = '/o'
    const files = [
      `${root}/k=a%3Ab/part-0.json`,
      `${root}/k=__HIVE_DEFAULT_PARTITION__/part-1.json`,
    ]
    const user = parseDdlSchema('id INT, k STRING')
    const parts = discoverPartitions(root, files, user)!
    expect(parts.appendTo(files[0]!, [[1]])).toEqual([[1, 'a:b']])
    expect(parts.appendTo(files[1]!, [[2]])).toEqual([[2, null]])
    const ints = discoverPartitions(root, [`${root}/n=7/p.json`], parseDdlSchema('n BIGINT'))!
    expect(ints.schema.fields[0]!.dataType.type).toBe('long')
  })

  it("keeps the user schema's column order (Spark: the partition column where the schema puts it)", () => {
    const parts = discoverPartitions(
      '/o',
      ['/o/k=c/p.json'],
      parseDdlSchema('id INT, k STRING, x DOUBLE'),
    )!
    const layout = partitionedLayout(
      parseDdlSchema('id INT, x DOUBLE'),
      parts.schema,
      parseDdlSchema('id INT, k STRING, x DOUBLE'),
    )
    expect(layout.schema.fields.map((f) => f.name)).toEqual(['id', 'k', 'x'])
    expect(layout.arrange(parts.appendTo('/o/k=c/p.json', [[1, 2.5]]))).toEqual([[1, 'c', 2.5]])
    const none = partitionedLayout(parseDdlSchema('id INT'), parts.schema, undefined)
    expect(none.schema.fields.map((f) => f.name)).toEqual(['id', 'k'])
  })
})
