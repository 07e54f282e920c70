/**
 * Finding a checkpoint's progress log: `<checkpoint>/progress.jsonl` by default, and in a
 * `--progress-dir` the file named as progressLogPath names it, checked against the query id.
 */
import { promises as fs } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { findProgressLog } from '../../../src/cli/inspect/progress-log.js'
import { tempDir } from '../../support/temp-dir.js'

const line = (id: string, batchId: number): string =>
  `${JSON.stringify({ id, runId: 'r', name: null, timestamp: '2026-11-24T10:00:00.000Z', batchId })}\n`

async function setUp(): Promise<{ checkpoint: string; logs: string }> {
  const root = await tempDir()
  const checkpoint = join(root, 'cp', 'tumbling')
  const logs = join(root, 'logs')
  await fs.mkdir(checkpoint, { recursive: true })
  await fs.mkdir(logs)
  return { checkpoint, logs }
}

describe('findProgressLog', () => {
  it('reads <checkpoint>/progress.jsonl without a progress dir, and nothing else', async () => {
    const { checkpoint, logs } = await setUp()
    await fs.writeFile(join(logs, 'tumbling.jsonl'), line('q1', 4))
    const owner = { checkpoint, queryId: 'q1', queryName: null }
    expect(await findProgressLog(owner)).toBeUndefined()
    await fs.writeFile(join(checkpoint, 'progress.jsonl'), line('q1', 2))
    expect(await findProgressLog(owner)).toEqual({
      path: join(checkpoint, 'progress.jsonl'),
      lastProgress: expect.objectContaining({ batchId: 2 }) as unknown,
    })
  })

  it('prefers the lock name, then the folder name, then the id, each only if the id matches', async () => {
    const { checkpoint, logs } = await setUp()
    const find = (queryName: string | null) =>
      findProgressLog({ checkpoint, queryId: 'q1', queryName }, logs)
    // Another query with the same name writes tumbling.jsonl: not ours.
    await fs.writeFile(join(logs, 'tumbling.jsonl'), line('other', 9))
    expect(await find(null)).toBeUndefined()
    await fs.writeFile(join(logs, 'q1.jsonl'), line('q1', 1))
    expect((await find(null))?.path).toBe(join(logs, 'q1.jsonl'))
    await fs.appendFile(join(logs, 'tumbling.jsonl'), line('q1', 2))
    expect((await find(null))?.path).toBe(join(logs, 'tumbling.jsonl'))
    await fs.writeFile(join(logs, 'my_query.jsonl'), line('q1', 3))
    expect(await find('my query')).toMatchObject({
      path: join(logs, 'my_query.jsonl'),
      lastProgress: { batchId: 3 },
    })
  })

  it('falls back to any log in the folder whose newest entry is this query', async () => {
    const { checkpoint, logs } = await setUp()
    await fs.writeFile(join(logs, 'a.jsonl'), line('other', 1))
    await fs.writeFile(join(logs, 'renamed.jsonl'), line('q1', 5) + '{"id":"q1","ba')
    await fs.writeFile(join(logs, 'notes.txt'), line('q1', 6))
    expect(await findProgressLog({ checkpoint, queryId: 'q1', queryName: null }, logs)).toEqual({
      path: join(logs, 'renamed.jsonl'),
      lastProgress: expect.objectContaining({ batchId: 5 }) as unknown,
    })
  })
})
