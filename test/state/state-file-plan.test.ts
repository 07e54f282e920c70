import { describe, expect, it } from 'vitest'
import {
  indexStateFiles,
  isSnapshotVersion,
  latestStateVersion,
  planStaleFiles,
  planStateCleanup,
  planStateLoad,
  stateFileName,
} from '../../src/state/state-file-plan.js'

const index = (...names: string[]) => indexStateFiles(names)
const deltas = (from: number, to: number) =>
  Array.from({ length: to - from + 1 }, (_, i) => `${from + i}.delta`)

describe('state file plan', () => {
  it('indexes state files and temp files and ignores everything else', () => {
    const i = index('1.delta', '2.snapshot', '.3.delta.abc.tmp', '_metadata', 'x.delta', '04.delta')
    expect([...i.deltas]).toEqual([1, 4])
    expect([...i.snapshots]).toEqual([2])
    expect(i.temps).toEqual(['.3.delta.abc.tmp'])
    expect(latestStateVersion(i)).toBe(4)
    expect(latestStateVersion(index())).toBe(0)
    expect(stateFileName({ version: 12, kind: 'snapshot' })).toBe('12.snapshot')
  })

  it('loads from the newest complete snapshot at or before the version', () => {
    const i = index(...deltas(1, 12), '5.snapshot', '10.snapshot')
    expect(planStateLoad(i, 12)).toEqual({ kind: 'load', snapshot: 10, deltas: [11, 12] })
    expect(planStateLoad(i, 10)).toEqual({ kind: 'load', snapshot: 10, deltas: [] })
    expect(planStateLoad(i, 7)).toEqual({ kind: 'load', snapshot: 5, deltas: [6, 7] })
    expect(planStateLoad(i, 3)).toEqual({ kind: 'load', snapshot: undefined, deltas: [1, 2, 3] })
    expect(planStateLoad(i, 0)).toEqual({ kind: 'load', snapshot: undefined, deltas: [] })
    expect(planStateLoad(index(), 0)).toEqual({ kind: 'load', snapshot: undefined, deltas: [] })
  })

  it('falls back to an older snapshot when a delta after the newest is missing', () => {
    const i = index(...deltas(1, 12).filter((d) => d !== '11.delta'), '5.snapshot', '10.snapshot')
    expect(planStateLoad(i, 12)).toEqual({ kind: 'missing', file: { version: 11, kind: 'delta' } })
    const j = index(...deltas(6, 9), '5.snapshot', '9.snapshot')
    expect(planStateLoad(j, 9)).toEqual({ kind: 'load', snapshot: 9, deltas: [] })
    expect(planStateLoad(j, 8)).toEqual({ kind: 'load', snapshot: 5, deltas: [6, 7, 8] })
    expect(planStateLoad(j, 4)).toEqual({ kind: 'missing', file: { version: 1, kind: 'delta' } })
    expect(planStateLoad(j, 10)).toEqual({ kind: 'missing', file: { version: 10, kind: 'delta' } })
  })

  it('cleans up only what no retained version needs', () => {
    const i = index(...deltas(1, 23), '5.snapshot', '10.snapshot', '15.snapshot', '20.snapshot')
    const names = (refs: ReturnType<typeof planStateCleanup>) => refs.map(stateFileName)
    expect(names(planStateCleanup(i, 23, 10))).toEqual([
      ...deltas(1, 4),
      '5.delta',
      '5.snapshot',
      ...deltas(6, 9),
    ])
    expect(names(planStateCleanup(i, 23, 3))).toEqual(
      [...deltas(1, 19), '5.snapshot', '10.snapshot', '15.snapshot'].sort(
        (a, b) => parseInt(a) - parseInt(b) || a.localeCompare(b),
      ),
    )
    expect(planStateCleanup(i, 23, 100)).toEqual([])
    expect(planStateCleanup(i, 14, 10)).toEqual([])
    // A broken chain after the snapshot: keep everything.
    const broken = index(...deltas(1, 23).filter((d) => d !== '21.delta'), '10.snapshot')
    expect(planStateCleanup(broken, 23, 10)).toEqual([])
  })

  it('lists the files a re-commit makes stale, newest first', () => {
    const i = index(...deltas(1, 8), '3.snapshot', '6.snapshot', '5.snapshot')
    expect(planStaleFiles(i, 5).map(stateFileName)).toEqual([
      '8.delta',
      '7.delta',
      '6.snapshot',
      '6.delta',
      '5.snapshot',
    ])
    expect(planStaleFiles(i, 8)).toEqual([])
  })

  it('snapshots every interval versions, never version 0', () => {
    expect([0, 1, 9, 10, 20].map((v) => isSnapshotVersion(v, 10))).toEqual([
      false,
      false,
      false,
      true,
      true,
    ])
    expect(isSnapshotVersion(3, 1)).toBe(true)
  })
})
