/**
 * State format v2 (state-file-codec.ts): NaN, ±Infinity and -0.0 survive the state files, a
 * directory of the first release (v1) is still read and moves to v2 at its next commit.
 */
import { promises as fs } from 'node:fs'
import { join } from 'node:path'
import { crc32 } from 'node:zlib'
import { describe, expect, it } from 'vitest'
import { SparkSession, first, last, max } from '../../src/index.js'
import { FileStateStoreProvider } from '../../src/state/file-state-store.js'
import {
  MemoryStream,
  addData,
  checkLastBatch,
  startStream,
  stopStream,
  testStream,
} from '../../src/testing/index.js'
import { tempDir } from '../support/temp-dir.js'

const spark = SparkSession.builder().getOrCreate().newSession()
spark.conf.set('spark.sql.session.timeZone', 'UTC')

async function writeV1Directory(dir: string): Promise<void> {
  await fs.mkdir(join(dir, '_metadata'), { recursive: true })
  await fs.writeFile(
    join(dir, '_metadata', 'format.json'),
    '{"stateFormatVersion":1,"provider":"file","operator":"op"}\n',
  )
  const body = Buffer.from('["put","a",[1,"x"]]\n')
  const header = {
    encoding: 'json-blocks',
    kind: 'delta',
    version: 1,
    puts: 1,
    removes: 0,
    bodyBytes: body.length,
    crc32: (crc32(body) >>> 0).toString(16).padStart(8, '0'),
  }
  await fs.writeFile(join(dir, '1.delta'), `v1\n${JSON.stringify(header)}\n${body.toString()}`)
}

describe('state format version 2', () => {
  it('reads a v1 directory, then writes v2 files and v2 metadata at the next commit', async () => {
    const dir = join(await tempDir(), 'state', '0')
    await writeV1Directory(dir)
    const provider = new FileStateStoreProvider(dir, { name: 'op' })
    const store = await provider.open(1)
    expect(store.get('a')).toEqual([1, 'x'])
    store.put('b', [Number.NaN, -0, Number.NEGATIVE_INFINITY])
    await store.commit()
    await provider.close()
    const meta: unknown = JSON.parse(
      await fs.readFile(join(dir, '_metadata', 'format.json'), 'utf8'),
    )
    expect(meta).toEqual({ stateFormatVersion: 2, provider: 'file', operator: 'op' })
    expect((await fs.readFile(join(dir, '2.delta'), 'utf8')).split('\n')[0]).toBe('v2')
    const reopened = new FileStateStoreProvider(dir, { name: 'op' })
    const v2 = await reopened.open(2)
    expect(v2.get('a')).toEqual([1, 'x'])
    const b = v2.get('b')!
    expect(Number.isNaN(b[0])).toBe(true)
    expect(Object.is(b[1], -0)).toBe(true)
    expect(b[2]).toBe(Number.NEGATIVE_INFINITY)
    await reopened.close()
  })

  it('an aggregation keeps NaN, ±Infinity and -0.0 in its state across a restart', async () => {
    const input = new MemoryStream(spark, 'k STRING, v DOUBLE')
    const df = input
      .toDF()
      .groupBy('k')
      .agg(first('v').alias('f'), last('v').alias('l'), max('v').alias('m'))
    await testStream(df, 'update', [
      addData(
        input,
        { k: 'nan', v: Number.NaN },
        { k: 'negzero', v: -0 },
        { k: 'inf', v: Number.POSITIVE_INFINITY },
        { k: 'neginf', v: Number.NEGATIVE_INFINITY },
      ),
      checkLastBatch(
        { k: 'nan', f: Number.NaN, l: Number.NaN, m: Number.NaN },
        { k: 'negzero', f: -0, l: -0, m: -0 },
        {
          k: 'inf',
          f: Number.POSITIVE_INFINITY,
          l: Number.POSITIVE_INFINITY,
          m: Number.POSITIVE_INFINITY,
        },
        {
          k: 'neginf',
          f: Number.NEGATIVE_INFINITY,
          l: Number.NEGATIVE_INFINITY,
          m: Number.NEGATIVE_INFINITY,
        },
      ),
      stopStream,
      startStream(),
      // first() comes from the state written before the restart; max keeps Spark's order
      // (NaN above every number; -0.0 and 0.0 equal, so the first seen stays).
      addData(input, { k: 'nan', v: 1 }, { k: 'negzero', v: null }, { k: 'neginf', v: -1 }),
      checkLastBatch(
        { k: 'nan', f: Number.NaN, l: 1, m: Number.NaN },
        { k: 'negzero', f: -0, l: null, m: -0 },
        { k: 'neginf', f: Number.NEGATIVE_INFINITY, l: -1, m: -1 },
      ),
    ])
  })
})
