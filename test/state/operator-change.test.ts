/** A checkpoint whose state was written by another operator is refused with a clear error. */
import { promises as fs } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { SparkSession } from '../../src/index.js'
import { tempDir } from '../support/temp-dir.js'

const spark = SparkSession.builder().getOrCreate().newSession()
spark.conf.set('spark.sql.session.timeZone', 'UTC')

describe('state written by a different operator', () => {
  it('fails the restarted query with SL_STATE_QUERY_CHANGED naming the state directory', async () => {
    const root = await tempDir()
    const input = join(root, 'in')
    await fs.mkdir(input)
    await fs.writeFile(join(input, 'a.json'), '{"k":"x"}\n')
    const cp = join(root, 'cp')
    const events = (): ReturnType<typeof spark.readStream.load> =>
      spark.readStream.format('json').schema('k STRING').load(input)
    const first = await events()
      .dropDuplicates()
      .writeStream.format('memory')
      .queryName('opchange')
      .option('checkpointLocation', cp)
      .trigger({ availableNow: true })
      .start()
    await first.awaitTermination()
    await fs.writeFile(join(input, 'b.json'), '{"k":"y"}\n')
    const second = await events()
      .groupBy('k')
      .count()
      .writeStream.format('memory')
      .queryName('opchange')
      .outputMode('update')
      .option('checkpointLocation', cp)
      .trigger({ availableNow: true })
      .start()
    const error = await second.awaitTermination().then(
      () => undefined,
      (e: unknown) => e,
    )
    expect(error).toMatchObject({ code: 'SL_STATE_QUERY_CHANGED' })
    expect((error as Error).message).toContain(join(cp, 'state', '0'))
  })
})
