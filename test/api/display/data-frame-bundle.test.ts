import { promises as fs } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { JUPYTER_DISPLAY, SparkSession } from '../../../src/index.js'
import { tempDir } from '../../support/temp-dir.js'

const spark = SparkSession.builder().getOrCreate().newSession()
spark.conf.set('spark.sql.session.timeZone', 'UTC')

describe('a DataFrame displayed in a notebook', () => {
  it('is the first 20 rows as an HTML table (typed headers, escaped cells, NULL) and show() as text', async () => {
    const dir = await tempDir()
    const lines = Array.from({ length: 25 }, (_, i) =>
      JSON.stringify({
        name: i === 0 ? '<b>&"' : `n${i}`,
        t: '2026-01-01T09:00:00.5',
        v: i === 1 ? null : i,
      }),
    )
    await fs.writeFile(join(dir, 'a.json'), `${lines.join('\n')}\n`)
    const df = spark.read.format('json').schema('name STRING, t TIMESTAMP, v INT').load(dir)
    const bundle = await df[JUPYTER_DISPLAY]()
    expect(bundle['text/plain']).toBe(await df.showString())
    const html = bundle['text/html']!
    expect(html.match(/<tr>/g)).toHaveLength(21) // header + 20 rows, as show()
    expect(html).toContain('name<br><span style="font-weight:normal;opacity:.6">string</span>')
    expect(html).toContain('<td style="text-align:left">&lt;b&gt;&amp;&quot;</td>')
    expect(html).toContain('<td style="text-align:left">2026-01-01 09:00:00.5</td>') // session zone, Spark's cast
    expect(html).toContain('<td style="text-align:right;opacity:.5">NULL</td>')
    expect(html).toContain('showing 20 of 25 rows')
  })

  it('a streaming DataFrame shows its schema and how to start it', async () => {
    const df = spark.readStream
      .format('json')
      .schema('a INT')
      .load(await tempDir())
    const bundle = await df[JUPYTER_DISPLAY]()
    expect(bundle['text/plain']).toBe(
      'streaming DataFrame: start it with .writeStream…start() to see rows\nroot\n |-- a: integer (nullable = true)\n',
    )
  })
})
