import { promises as fs } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { SparkSession, type StreamingQuery } from '../../../src/index.js'
import { tempDir } from '../../support/temp-dir.js'

const spark = SparkSession.builder().getOrCreate().newSession()
spark.conf.set('spark.sql.session.timeZone', 'UTC')

async function startQuery(
  input: string,
  checkpoint: string,
  table: string,
  options: Record<string, string> = {},
): Promise<StreamingQuery> {
  return spark.readStream
    .format('json')
    .schema('id INT')
    .options(options)
    .load(input)
    .writeStream.format('delta')
    .option('checkpointLocation', checkpoint)
    .start(table)
}

async function setup(): Promise<{ root: string; input: string }> {
  const root = await tempDir()
  const input = join(root, 'in')
  await fs.mkdir(input)
  await fs.writeFile(join(input, 'a.json'), '{"id":1}\n')
  return { root, input }
}

describe('checkpoint validation', () => {
  it('refuses a second query on a checkpoint that is in use, naming the path and the owner', async () => {
    const { root, input } = await setup()
    const q = await startQuery(input, join(root, 'cp'), join(root, 't1'))
    try {
      await expect(startQuery(input, join(root, 'cp'), join(root, 't1'))).rejects.toMatchObject({
        code: 'SL_STATE_CHECKPOINT_IN_USE',
        message: expect.stringContaining(join(root, 'cp', 'lock')) as unknown,
      })
    } finally {
      await q.stop()
    }
    // Released on stop: the same checkpoint can be used again.
    const again = await startQuery(input, join(root, 'cp'), join(root, 't1'))
    await again.stop()
  })

  it('takes over the lock of a process that no longer exists (a killed query)', async () => {
    const { root, input } = await setup()
    await fs.mkdir(join(root, 'cp'))
    await fs.writeFile(
      join(root, 'cp', 'lock'),
      JSON.stringify({
        pid: 2 ** 22 + 12345,
        host: (await import('node:os')).hostname(),
        runId: 'x',
        queryName: null,
        startedAt: '',
      }),
    )
    const q = await startQuery(input, join(root, 'cp'), join(root, 't'))
    await q.stop()
  })

  it('refuses a directory that is not a checkpoint', async () => {
    const { root, input } = await setup()
    await fs.mkdir(join(root, 'notes'))
    await fs.writeFile(join(root, 'notes', 'todo.txt'), 'my files')
    await expect(startQuery(input, join(root, 'notes'), join(root, 't'))).rejects.toMatchObject({
      code: 'SL_STATE_CHECKPOINT_FOREIGN',
      path: join(root, 'notes'),
    })
    expect(await fs.readFile(join(root, 'notes', 'todo.txt'), 'utf8')).toBe('my files')
  })

  it('reports corrupt metadata with the file path and what to do', async () => {
    const { root, input } = await setup()
    await fs.mkdir(join(root, 'cp'))
    await fs.writeFile(join(root, 'cp', 'metadata'), 'garbage')
    const error = await startQuery(input, join(root, 'cp'), join(root, 't')).catch(
      (e: unknown) => e,
    )
    expect(error).toMatchObject({
      code: 'SL_STATE_CHECKPOINT_CORRUPT',
      path: join(root, 'cp', 'metadata'),
    })
    // Advice that duplicates nothing: a new checkpoint only together with a new table (#14).
    expect((error as Error).message).toContain(
      'delete both its checkpoint and its output table, and run it again',
    )
  })

  it('reports a corrupt offsets entry when restarting', async () => {
    const { root, input } = await setup()
    const q = await startQuery(input, join(root, 'cp'), join(root, 't'))
    await q.processAllAvailable()
    await q.stop()
    await fs.writeFile(join(root, 'cp', 'offsets', '0'), 'v1\n{broken')
    await expect(startQuery(input, join(root, 'cp'), join(root, 't'))).rejects.toMatchObject({
      code: 'SL_STATE_CHECKPOINT_CORRUPT',
      path: join(root, 'cp', 'offsets', '0'),
    })
  })

  it('refuses a checkpoint written for a different input path', async () => {
    const { root, input } = await setup()
    const q = await startQuery(input, join(root, 'cp'), join(root, 't'))
    await q.stop()
    const other = join(root, 'other')
    await fs.mkdir(other)
    await expect(startQuery(other, join(root, 'cp'), join(root, 't'))).rejects.toMatchObject({
      code: 'SL_STATE_QUERY_CHANGED',
    })
  })

  it('keeps the query id across restarts and changes the run id', async () => {
    const { root, input } = await setup()
    const q1 = await startQuery(input, join(root, 'cp'), join(root, 't'))
    await q1.stop()
    const q2 = await startQuery(input, join(root, 'cp'), join(root, 't'))
    await q2.stop()
    expect(q2.id).toBe(q1.id)
    expect(q2.runId).not.toBe(q1.runId)
    expect(JSON.parse(await fs.readFile(join(root, 'cp', 'metadata'), 'utf8'))).toEqual({
      id: q1.id,
    })
  })

  it('writes nothing when the first start fails, so the corrected start is not refused', async () => {
    const { root, input } = await setup()
    const cp = join(root, 'cp')
    // A typo in the input path, then a bad option: both fail before any batch.
    await expect(startQuery(join(root, 'inptu'), cp, join(root, 't'))).rejects.toMatchObject({
      code: 'SL_SOURCE_PATH_NOT_FOUND',
    })
    await expect(fs.stat(cp)).rejects.toMatchObject({ code: 'ENOENT' })
    await expect(
      startQuery(input, cp, join(root, 't'), { maxFilesPerTrigger: '0' }),
    ).rejects.toMatchObject({ code: 'SL_API_INVALID_OPTION', option: 'maxFilesPerTrigger' })
    await expect(fs.stat(cp)).rejects.toMatchObject({ code: 'ENOENT' })
    // An existing (empty) directory is left as it was.
    await fs.mkdir(cp)
    await expect(startQuery(join(root, 'inptu'), cp, join(root, 't'))).rejects.toMatchObject({
      code: 'SL_SOURCE_PATH_NOT_FOUND',
    })
    expect(await fs.readdir(cp)).toEqual([])
    const q = await startQuery(input, cp, join(root, 't'))
    await q.processAllAvailable()
    await q.stop()
    expect(JSON.parse(await fs.readFile(join(cp, 'metadata'), 'utf8'))).toEqual({ id: q.id })
    const info = JSON.parse(await fs.readFile(join(cp, 'query-info.json'), 'utf8')) as {
      sources: { path: string }[]
    }
    expect(info.sources[0]!.path).toBe(input)
  })

  it('adopts a checkpoint left by an older failed first start (no batch planned) for the corrected query', async () => {
    const { root, input } = await setup()
    const cp = join(root, 'cp')
    await fs.mkdir(cp)
    const id = '0b7c1bde-7e7c-4a61-9a54-5c1fb2a9e0a1'
    await fs.writeFile(join(cp, 'metadata'), JSON.stringify({ id }))
    await fs.writeFile(
      join(cp, 'query-info.json'),
      JSON.stringify({
        formatVersion: 1,
        engine: 'streamlake',
        sources: [{ format: 'json', path: 'inptu' }],
        sink: { format: 'delta', path: join(root, 't') },
      }),
    )
    const q = await startQuery(input, cp, join(root, 't'))
    await q.processAllAvailable()
    await q.stop()
    expect(q.id).toBe(id)
    const info = JSON.parse(await fs.readFile(join(cp, 'query-info.json'), 'utf8')) as {
      sources: { path: string }[]
    }
    expect(info.sources[0]!.path).toBe(input)
    // Once a batch was planned, the identity is binding again.
    await expect(startQuery(join(root, 'inptu'), cp, join(root, 't'))).rejects.toMatchObject({
      code: 'SL_STATE_QUERY_CHANGED',
    })
  })
})
