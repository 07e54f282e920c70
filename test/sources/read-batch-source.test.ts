/**
 * Batch reads of Delta tables through the public API: the `versionAsOf` option is validated
 * wherever it is read (Spark parses it as a version number, a Long: a string of digits is fine,
 * 'abc' or 1.5 is not), a version past the latest names the available range, and a path that is
 * not a table says truthfully what is there.
 */
import { promises as fs } from 'node:fs'
import { join } from 'node:path'
import { beforeAll, describe, expect, it } from 'vitest'
import { SparkSession } from '../../src/index.js'
import { DeltaSink } from '../../src/sinks/delta/delta-sink.js'
import { parseDdlSchema } from '../../src/types/index.js'
import { tempDir } from '../support/temp-dir.js'

const spark = SparkSession.builder().getOrCreate().newSession()
spark.conf.set('spark.sql.session.timeZone', 'UTC')

let table: string

beforeAll(async () => {
  // Three commits: versions 0, 1 and 2.
  table = join(await tempDir(), 't')
  const sink = new DeltaSink(table)
  await sink.start({
    queryId: 'q',
    outputMode: 'append',
    schema: parseDdlSchema('k STRING, n BIGINT'),
    timeZone: 'UTC',
  })
  await sink.addBatch(0, [['a', 1]])
  await sink.addBatch(1, [['b', 2]])
  await sink.addBatch(2, [['c', 3]])
})

async function failure(promise: Promise<unknown>): Promise<Error> {
  return promise.then(
    () => {
      throw new Error('expected a failure')
    },
    (e: unknown) => e as Error,
  )
}

const at = (version: string | number) =>
  spark.read.format('delta').option('versionAsOf', version).load(table)

describe('versionAsOf', () => {
  it.each([
    ['abc', '"abc"'],
    [1.5, '"1.5"'],
    ['-1', '"-1"'],
    ['', '""'],
    ['1e0', '"1e0"'],
  ])(
    'rejects %j in resolveSchema() and in actions, naming the option and the value',
    async (value, shown) => {
      for (const action of [() => at(value).resolveSchema(), () => at(value).count()]) {
        const error = await failure(action())
        expect(error).toMatchObject({
          code: 'SL_API_INVALID_OPTION',
          domain: 'user',
          option: 'versionAsOf',
        })
        expect(error.message).toContain(
          `Option versionAsOf must be a non-negative integer (got ${shown}).`,
        )
      }
    },
  )

  it('accepts a number or a string of digits', async () => {
    expect(await at(1).count()).toBe(2)
    expect(await at('0').count()).toBe(1)
    expect((await at('2').resolveSchema()).fields.map((f) => f.name)).toEqual(['k', 'n'])
  })

  it('names the available range for a version past the latest, in resolveSchema() and actions', async () => {
    for (const action of [() => at(3).resolveSchema(), () => at('7').count()]) {
      const error = await failure(action())
      expect(error).toMatchObject({ code: 'SL_DELTA_VERSION_NOT_FOUND' })
      expect(error.message).toContain('Choose a version between 0 and 2.')
    }
  })
})

describe('a path that is not a Delta table', () => {
  const read = (path: string) => spark.read.format('delta').load(path)

  it('says the folder has no _delta_log folder when it has none', async () => {
    const dir = await tempDir()
    for (const action of [() => read(dir).resolveSchema(), () => read(dir).count()]) {
      const error = await failure(action())
      expect(error).toMatchObject({ code: 'SL_SOURCE_TABLE_NOT_FOUND', path: dir })
      expect(error.message).toContain(`There is no Delta table at ${dir} (no _delta_log folder).`)
    }
  })

  it('says the _delta_log folder holds no commits when it is there but empty', async () => {
    const dir = await tempDir()
    await fs.mkdir(join(dir, '_delta_log'))
    for (const action of [
      () => read(dir).resolveSchema(),
      () => read(dir).count(),
      () => spark.read.format('delta').option('versionAsOf', 0).load(dir).count(),
    ]) {
      const error = await failure(action())
      expect(error).toMatchObject({ code: 'SL_SOURCE_TABLE_NOT_FOUND', path: dir })
      const message = error.message
      expect(message).toContain(
        `There is no Delta table at ${dir} (its _delta_log folder is there but holds no commits)`,
      )
      expect(message).not.toContain('no _delta_log folder')
    }
  })

  it('says the path does not exist when it does not', async () => {
    const missing = join(await tempDir(), 'nope')
    const error = await failure(read(missing).count())
    expect(error).toMatchObject({ code: 'SL_SOURCE_TABLE_NOT_FOUND', path: missing })
    expect(error.message).toContain(
      `There is no Delta table at ${missing} (the path does not exist).`,
    )
  })
})
