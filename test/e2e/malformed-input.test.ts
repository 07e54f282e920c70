/**
 * Acceptance: bad input through a running query gives Spark's documented outcome for the parse
 * mode, and nothing else is lost (spark-semantics §10.2, S22).
 */
import { promises as fs } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { SparkSession } from '../../src/index.js'
import { tempDir } from '../support/temp-dir.js'

const spark = SparkSession.builder().getOrCreate().newSession()
spark.conf.set('spark.sql.session.timeZone', 'UTC')

const LINES = [
  '{"ts":"2026-11-24T10:15:30.123456","key":"a","value":1}',
  '{"ts":"2026-11-24T10:15:30Z","key":"b","value":"2"}',
  'this is not json',
  '{"key":"d"}',
]

async function runOnce(
  files: Record<string, string>,
  schema: string,
  options: Record<string, string> = {},
): Promise<{ rows: Record<string, unknown>[]; error: unknown }> {
  const root = await tempDir()
  const input = join(root, 'in')
  await fs.mkdir(input)
  let t = 1_700_000_000
  for (const [name, content] of Object.entries(files)) {
    await fs.writeFile(join(input, name), content)
    await fs.utimes(join(input, name), t, t++)
  }
  const name = `q${Math.random().toString(36).slice(2)}`
  const q = await spark.readStream
    .format('json')
    .schema(schema)
    .options(options)
    .load(input)
    .writeStream.format('memory')
    .queryName(name)
    .trigger({ availableNow: true })
    .option('checkpointLocation', join(root, 'cp'))
    .start()
  const error = await q.awaitTermination().then(
    () => undefined,
    (e: unknown) => e,
  )
  return { rows: await spark.table(name).collect(), error }
}

const summary = (rows: Record<string, unknown>[]): unknown[] =>
  rows.map((r) => [r['key'], r['value'], r['_corrupt_record'] ?? null])

describe('malformed input in a stream', () => {
  it('PERMISSIVE keeps every line, nulls the bad fields and stores the raw line', async () => {
    const { rows, error } = await runOnce(
      { 'a.json': LINES.join('\n') },
      'ts TIMESTAMP, key STRING, value INT, _corrupt_record STRING',
    )
    expect(error).toBeUndefined()
    expect(summary(rows)).toEqual([
      ['a', 1, null],
      ['b', null, LINES[1]],
      [null, null, LINES[2]],
      ['d', null, null],
    ])
  })

  it('DROPMALFORMED drops only the bad lines', async () => {
    const { rows } = await runOnce(
      { 'a.json': LINES.join('\n') },
      'ts TIMESTAMP, key STRING, value INT',
      { mode: 'DROPMALFORMED' },
    )
    expect(rows.map((r) => r['key'])).toEqual(['a', 'd'])
  })

  it('FAILFAST fails the query naming the file and line, and commits nothing of that batch', async () => {
    const { rows, error } = await runOnce(
      { 'a.json': LINES.join('\n') },
      'ts TIMESTAMP, key STRING, value INT',
      { mode: 'FAILFAST' },
    )
    expect(error).toMatchObject({ code: 'SL_SOURCE_MALFORMED_RECORD', line: 2 })
    expect((error as Error).message).toContain('a.json')
    expect(rows).toEqual([])
  })

  it('FAILFAST names the exact line in a large file (parsed in chunks)', async () => {
    const good = '{"key":"k","value":1,"pad":"' + 'x'.repeat(100) + '"}'
    const lines = Array.from({ length: 6000 }, () => good)
    lines[4999] = '{"key":"k","value":"not a number"}'
    const { rows, error } = await runOnce(
      { 'big.json': lines.join('\n') },
      'key STRING, value INT',
      { mode: 'FAILFAST' },
    )
    expect(error).toMatchObject({ code: 'SL_SOURCE_MALFORMED_RECORD', line: 5000 })
    expect(rows).toEqual([])
  })

  it('PERMISSIVE keeps every line of a large file, in order', async () => {
    const lines = Array.from({ length: 5000 }, (_, i) =>
      JSON.stringify({ key: `k${i}`, value: i, pad: 'y'.repeat(60) }),
    )
    lines[2500] = 'broken'
    const { rows } = await runOnce({ 'big.json': lines.join('\n') + '\n' }, 'key STRING, value INT')
    expect(rows).toHaveLength(5000)
    expect(rows[2499]).toMatchObject({ key: 'k2499', value: 2499 })
    expect(rows[2500]).toMatchObject({ key: null, value: null })
    expect(rows[4999]).toMatchObject({ key: 'k4999', value: 4999 })
  })

  it('an empty file yields no rows and does not stop later files', async () => {
    const { rows } = await runOnce(
      { 'a.json': '', 'b.json': '{"key":"x","value":5}\n' },
      'key STRING, value INT',
    )
    expect(summary(rows)).toEqual([['x', 5, null]])
  })

  it('a hidden half-written temp file is never read; its final name is, once', async () => {
    const { rows } = await runOnce(
      {
        '.b.json.tmp': '{"key":"half',
        '_tmp.json': '{"key":"u"}',
        'b.json': '{"key":"whole","value":1}\n',
      },
      'key STRING, value INT',
    )
    expect(summary(rows)).toEqual([['whole', 1, null]])
  })

  it('a non-JSON file becomes all-null rows in PERMISSIVE mode, as in Spark', async () => {
    const { rows } = await runOnce(
      { 'notes.txt': 'hello\nworld\n' },
      'key STRING, value INT, _corrupt_record STRING',
    )
    expect(summary(rows)).toEqual([
      [null, null, 'hello'],
      [null, null, 'world'],
    ])
  })

  it('an unknown parse mode is rejected before the query starts', async () => {
    await expect(
      runOnce({ 'a.json': '' }, 'key STRING', { mode: 'LENIENT' }),
    ).rejects.toMatchObject({ code: 'SL_SOURCE_INVALID_OPTION', option: 'mode' })
  })
})
