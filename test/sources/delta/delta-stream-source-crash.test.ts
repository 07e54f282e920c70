/**
 * A Delta-to-Delta stream killed with SIGKILL at each step of the batch protocol (after the
 * offsets WAL, after the sink's Delta commit, after the commit log), then restarted: the target
 * table holds every source row exactly once, also when the source grows between the crash and
 * the restart.
 */
import { execFile } from 'node:child_process'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { beforeAll, describe, expect, it } from 'vitest'
import { DeltaLog, readSnapshotRows } from '../../../src/delta/index.js'
import { DeltaSink } from '../../../src/sinks/delta/delta-sink.js'
import { parseDdlSchema, type Row } from '../../../src/types/index.js'
import { bundleForNode } from '../../delta/support/bundle-child.js'
import { tempDir } from '../../support/temp-dir.js'

const run = promisify(execFile)
let child: string

beforeAll(async () => {
  child = await bundleForNode(join(__dirname, 'support/delta-stream-child.ts'))
}, 120_000)

async function append(path: string, from: number, commits: number, writer: string): Promise<void> {
  const sink = new DeltaSink(path)
  await sink.start({
    queryId: writer,
    outputMode: 'append',
    schema: parseDdlSchema('id INT, name STRING'),
    timeZone: 'UTC',
  })
  for (let c = 0; c < commits; c++) {
    const rows: Row[] = [0, 1, 2].map((i) => [from + c * 3 + i, `n${from + c * 3 + i}`])
    await sink.addBatch(c, rows)
  }
  await sink.stop()
}

async function ids(path: string): Promise<number[]> {
  const rows = await readSnapshotRows(await DeltaLog.forTable(path).snapshot())
  return rows.map((r) => r[0] as number).sort((a, b) => a - b)
}

const range = (n: number): number[] => Array.from({ length: n }, (_, i) => i)

describe('Delta source: crash at any step, restart, exactly once', () => {
  for (const point of ['after-offsets-log', 'after-sink-commit', 'after-commits-log'])
    for (const n of [1, 3])
      it(`killed at ${point} #${n}`, async () => {
        const root = await tempDir('sl-delta-src-crash-')
        const source = join(root, 'source')
        const target = join(root, 'target')
        const checkpoint = join(root, 'cp')
        await append(source, 0, 7, 'w1') // 21 rows, 7 files: batches of 2 files
        const crashed = await run(process.execPath, [child, source, target, checkpoint], {
          env: { ...process.env, STREAMLAKE_CRASH_AT: `${point}:${n}` },
        }).catch((e: { signal?: string; stdout?: string }) => e)
        expect(crashed).toMatchObject({ signal: 'SIGKILL', stdout: '' })
        await append(source, 100, 2, 'w2') // the source grows before the restart
        const { stdout } = await run(process.execPath, [child, source, target, checkpoint])
        expect(stdout).toBe('done')
        expect(await ids(target)).toEqual([...range(21), ...range(6).map((i) => 100 + i)])
      }, 60_000)
})
