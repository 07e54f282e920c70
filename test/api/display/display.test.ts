import { promises as fs } from 'node:fs'
import { join } from 'node:path'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { display, JUPYTER_DISPLAY, SparkSession } from '../../../src/index.js'
import { tempDir } from '../../support/temp-dir.js'

const spark = SparkSession.builder().getOrCreate().newSession()
spark.conf.set('spark.sql.session.timeZone', 'UTC')

function captureStdout(): string[] {
  const out: string[] = []
  vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
    out.push(String(chunk))
    return true
  })
  return out
}

afterEach(() => {
  vi.restoreAllMocks()
})

describe('display outside a notebook', () => {
  it('prints the text form: a DataFrame as show(), records as a table, other values as JSON', async () => {
    const dir = await tempDir()
    await fs.writeFile(join(dir, 'a.json'), '{"a":1}\n{"a":2}\n')
    const df = spark.read.format('json').schema('a INT').load(dir)
    const out = captureStdout()
    await display(df)
    await display([
      { version: 0, batchId: 0 },
      { version: 1, batchId: 1, extra: { k: [1] } },
    ])
    await display({ n: 1 })
    expect(out).toEqual([
      '+---+\n|  a|\n+---+\n|  1|\n|  2|\n+---+\n',
      'version  batchId  extra\n0        0\n1        1        {"k":[1]}\n',
      '{\n  "n": 1\n}\n',
    ])
  })

  it('a streaming query shows its ids, state and last batch', async () => {
    const input = await tempDir()
    await fs.writeFile(join(input, 'a.json'), '{"a":1}\n{"a":2}\n')
    const q = await spark.readStream
      .format('json')
      .schema('a INT')
      .load(input)
      .writeStream.format('memory')
      .queryName('display_test')
      .trigger({ availableNow: true })
      .start()
    await q.awaitTermination()
    const bundle = (
      q as unknown as { [JUPYTER_DISPLAY](): { 'text/plain': string; 'text/html': string } }
    )[JUPYTER_DISPLAY]()
    expect(bundle['text/plain']).toMatch(/^StreamingQuery\nname +display_test\nid +[0-9a-f-]{36}\n/)
    expect(bundle['text/plain']).toMatch(/\nstate +stopped\n/)
    expect(bundle['text/plain']).toMatch(/\nlast batch +0\ninput rows +2\n/)
    expect(bundle['text/html']).toContain('<strong>StreamingQuery display_test</strong>')
  })

  it('shows any StreamingQuery, also one without the display method (a Spark Connect query)', async () => {
    const remoteLike = {
      id: '00000000-0000-0000-0000-000000000001',
      runId: '00000000-0000-0000-0000-000000000002',
      name: 'remote',
      isActive: true,
      status: {
        message: 'Waiting for data to arrive',
        isDataAvailable: false,
        isTriggerActive: false,
      },
      lastProgress: null,
      recentProgress: [],
      exception: () => null,
    }
    const out = captureStdout()
    await display(remoteLike)
    expect(out.join('')).toBe(
      [
        'StreamingQuery',
        'name         remote',
        'id           00000000-0000-0000-0000-000000000001',
        'runId        00000000-0000-0000-0000-000000000002',
        'state        active',
        'status       Waiting for data to arrive',
        'batches run  0',
        '',
      ].join('\n'),
    )
  })
})
