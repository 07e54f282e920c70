/**
 * The reader builders' schema(): a DDL string or a StructType, and nothing else. PySpark raises
 * NOT_STR_OR_STRUCT for any other value (None included) instead of reading without a schema.
 */
import { describe, expect, it } from 'vitest'
import { EngineError, SparkSession, parseDdlSchema } from '../../src/index.js'

const spark = SparkSession.builder().getOrCreate().newSession()

describe('schema()', () => {
  it.each([
    ['spark.readStream', () => spark.readStream],
    ['spark.read', () => spark.read],
  ] as const)(
    '%s.schema rejects undefined, null and non-schemas with a typed error',
    (name, reader) => {
      for (const [value, shown] of [
        [undefined, 'undefined'],
        [null, 'null'],
        [42, '42'],
        [{ fields: [] }, '{"fields":[]}'],
      ] as const) {
        let thrown: unknown
        try {
          reader().schema(value as unknown as string)
        } catch (e) {
          thrown = e
        }
        expect(thrown, shown).toBeInstanceOf(EngineError)
        expect(thrown).toMatchObject({ code: 'SL_API_INVALID_ARGUMENT', domain: 'user' })
        const message = (thrown as Error).message
        expect(message).toContain(`Invalid argument schema to ${name}.schema() (got ${shown}).`)
        expect(message).toContain('Pass a DDL string')
      }
    },
  )

  it('accepts a DDL string and a StructType', () => {
    expect(() => spark.readStream.schema('id BIGINT')).not.toThrow()
    expect(() => spark.read.schema(parseDdlSchema('id BIGINT'))).not.toThrow()
  })
})
