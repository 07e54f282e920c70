/**
 * A table written by the Delta sink in update mode (upserts that remove and rewrite files), read
 * by delta-rs (the `deltalake` package): the latest row of every key, at every version, with the
 * stats of rewritten files good enough for delta-rs's own file skipping. Run by
 * `npm run test:interop` (delta-rs from the cached venv of scripts/python-env.sh).
 */
import { execFileSync } from 'node:child_process'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import type { Row } from '../../../src/types/index.js'
import { tempDir } from '../../support/temp-dir.js'
import { LatestModel, canonical, random, startedSink, windowBatch } from './support/upsert-table.js'
import { deltaRsPython } from '../../support/delta-rs-python.js'

const python = deltaRsPython()
const inspect = fileURLToPath(new URL('../../delta/support/delta-rs-inspect.py', import.meta.url))

// Rows matching a predicate through pyarrow's dataset scan, which prunes files with their stats.
const FILTERED = `
import datetime as dt, json, os, sys
import pyarrow.dataset as ds
from deltalake import DeltaTable
path, version, event_type, start_us = sys.argv[1], int(sys.argv[2]), sys.argv[3], int(sys.argv[4])
start = dt.datetime(1970, 1, 1, tzinfo=dt.timezone.utc) + dt.timedelta(microseconds=start_us)
data = DeltaTable(path, version=version).to_pyarrow_dataset()
rows = data.to_table(filter=(ds.field("event_type") == event_type) & (ds.field("window", "start") >= start))
print(json.dumps([r["n"] for r in rows.to_pylist()]), flush=True)
# Skip interpreter teardown: under load, pyarrow's scan threads were still being destroyed at
# exit and the process aborted ("terminate called without an active exception", CI 2026-12-06)
# after printing the right answer.
os._exit(0)
`

describe('update-mode table read by delta-rs', () => {
  it('holds the latest row per key at every version, one STREAMING UPDATE per batch, our txn', async () => {
    const path = join(await tempDir(), 't')
    const sink = await startedSink(path)
    const model = new LatestModel()
    const rnd = random(23)
    const perVersion: string[][] = []
    for (let b = 0; b < 10; b++) {
      const batch = windowBatch(b, rnd, 30)
      await sink.addBatch(b, batch)
      model.apply(batch)
      perVersion.push(model.sorted())
    }
    const out = JSON.parse(execFileSync(python, [inspect, path, 'q-up'], { encoding: 'utf8' })) as {
      version: number
      arrowSchema: Record<string, string>
      rows: Row[]
      history: { operation: string }[]
      txn: Record<string, number>
      versionsReadable: [number, number][]
    }
    expect(out.version).toBe(9)
    expect(out.arrowSchema).toEqual({
      window: 'struct<start: timestamp[us, tz=UTC], end: timestamp[us, tz=UTC]>',
      event_type: 'string',
      n: 'int64',
      total: 'double',
    })
    expect(canonical(out.rows)).toEqual(model.sorted())
    expect(out.history).toHaveLength(10)
    expect(out.history.every((h) => h.operation === 'STREAMING UPDATE')).toBe(true)
    expect(out.txn['q-up']).toBe(9)
    for (const [v, count] of out.versionsReadable) expect(count).toBe(perVersion[v]!.length)

    // delta-rs's stats-based scan agrees with the model at an old and the latest version.
    const T = (r: Row) => (r[0] as number[] | null)?.[0] ?? -Infinity
    for (const version of [4, 9]) {
      const snapshotRows = perVersion[version]!.map((s) => JSON.parse(s) as Row)
      const start = [...snapshotRows]
        .map(T)
        .filter(Number.isFinite)
        .sort((a, b) => a - b)[5]!
      const expected = snapshotRows
        .filter((r) => r[1] === 'click' && T(r) >= start)
        .map((r) => r[2])
        .sort()
      const got = JSON.parse(
        execFileSync(python, ['-c', FILTERED, path, String(version), 'click', String(start)], {
          encoding: 'utf8',
        }),
      ) as number[]
      expect(got.sort()).toEqual(expected)
      expect(expected.length).toBeGreaterThan(0)
    }
  })
})
