/** The update-mode upsert planning of the Delta sink, without I/O. */
import { Decimal } from '../../../src/types/decimal-value.js'
import { describe, expect, it } from 'vitest'
import { encodeColumn } from '../../../src/delta/column-encoder.js'
import { statsJson } from '../../../src/delta/column-stats.js'
import {
  encodeKey,
  latestPerKey,
  planRewrites,
  selectCandidateFiles,
  upsertKeySpec,
} from '../../../src/sinks/delta/upsert-plan.js'
import { parseDdlSchema, type Row } from '../../../src/types/index.js'

const dec = (text: string): Decimal => Decimal.parse(text)!
const schema = parseDdlSchema(
  'window STRUCT<start: TIMESTAMP, end: TIMESTAMP>, k STRING, n BIGINT, d DECIMAL(10,2), f FLOAT, x DOUBLE',
)
const MIN = 60_000_000 // one minute in microseconds
const T0 = Date.UTC(2026, 0, 1) * 1000
const win = (i: number): [number, number] => [T0 + i * MIN, T0 + (i + 1) * MIN]
const spec = (keys: string[]) => upsertKeySpec(schema, keys).spec
const wk = spec(['window', 'k'])

/** A stats JSON like the one our writer (and Spark) produces. */
function stats(o: {
  numRecords: number
  min?: Record<string, unknown>
  max?: Record<string, unknown>
  nulls?: Record<string, unknown>
}): { stats: string } {
  return {
    stats: JSON.stringify({
      numRecords: o.numRecords,
      minValues: o.min ?? {},
      maxValues: o.max ?? {},
      nullCount: o.nulls ?? {},
    }),
  }
}
const iso = (micros: number) => new Date(Math.floor(micros / 1000)).toISOString()
/** Stats of a file holding windows [from, to] (inclusive) for keys between kMin and kMax. */
function windowFile(from: number, to: number, kMin = 'a', kMax = 'z', kNulls: unknown = 0) {
  return stats({
    numRecords: 10,
    min: { window: { start: iso(win(from)[0]), end: iso(win(from)[1]) }, k: kMin },
    max: { window: { start: iso(win(to)[0]), end: iso(win(to)[1]) }, k: kMax },
    nulls: { window: { start: 0, end: 0 }, k: kNulls },
  })
}

describe('upsertKeySpec', () => {
  it('reports the keys that are not columns', () => {
    expect(upsertKeySpec(schema, ['window', 'nope', 'k']).missing).toEqual(['nope'])
    expect(upsertKeySpec(schema, ['window', 'k']).missing).toEqual([])
  })
})

describe('encodeKey', () => {
  const key = (keys: string[], row: Row) => encodeKey(spec(keys), row)
  const row = (o: Partial<Record<'w' | 'k' | 'n' | 'd' | 'f' | 'x', unknown>>): Row => [
    o.w ?? null,
    o.k ?? null,
    o.n ?? null,
    o.d ?? null,
    o.f ?? null,
    o.x ?? null,
  ]

  it('groups as SQL does: null = null, NaN = NaN, -0.0 = 0.0', () => {
    expect(key(['k'], row({}))).toBe(key(['k'], row({ k: null })))
    expect(key(['k'], row({}))).not.toBe(key(['k'], row({ k: 'null' })))
    expect(key(['k'], row({}))).not.toBe(key(['k'], row({ k: '' })))
    expect(key(['x'], row({ x: NaN }))).toBe(key(['x'], row({ x: NaN })))
    expect(key(['x'], row({ x: -0 }))).toBe(key(['x'], row({ x: 0 })))
    expect(key(['n'], row({ n: 1 }))).not.toBe(key(['k'], row({ k: '1' })))
  })

  it('matches values read back from Parquet: float32, and exact decimals at the column scale', () => {
    expect(key(['f'], row({ f: 0.1 }))).toBe(key(['f'], row({ f: Math.fround(0.1) })))
    expect(key(['d'], row({ d: dec('0.30') }))).toBe(key(['d'], row({ d: dec('0.30') })))
    expect(key(['d'], row({ d: dec('0.30') }))).not.toBe(key(['d'], row({ d: dec('0.31') })))
  })

  it('distinguishes struct keys and is not fooled by separators inside strings', () => {
    expect(key(['window', 'k'], row({ w: win(1), k: 'a' }))).not.toBe(
      key(['window', 'k'], row({ w: win(2), k: 'a' })),
    )
    expect(key(['window', 'k'], row({ w: null, k: 'a' }))).not.toBe(
      key(['window', 'k'], row({ w: [null, null], k: 'a' })),
    )
    expect(key(['k', 'x'], row({ k: 'a;D1', x: 2 }))).not.toBe(
      key(['k', 'x'], row({ k: 'a', x: 1 })),
    )
  })
})

describe('latestPerKey', () => {
  it('keeps one row per key, the last one of the batch', () => {
    const rows: Row[] = [
      [win(0), 'a', 1],
      [win(0), 'b', 1],
      [win(0), 'a', 2],
      [win(0), null, 1],
      [win(0), null, 3],
    ]
    expect([...latestPerKey(wk, rows).values()]).toEqual([
      [win(0), 'a', 2],
      [win(0), 'b', 1],
      [win(0), null, 3],
    ])
  })
})

describe('selectCandidateFiles', () => {
  const files = [
    { name: 'old', ...windowFile(0, 9) },
    { name: 'mid', ...windowFile(10, 19) },
    { name: 'new', ...windowFile(20, 29) },
  ]
  const names = (keys: Row[], fs: { name: string; stats?: string | null }[] = files) =>
    selectCandidateFiles(wk, fs, keys).candidates.map((f) => f.name)

  it('reads only the files whose window range may hold a key', () => {
    expect(names([[win(25), 'a', 1]])).toEqual(['new'])
    expect(names([[win(12), 'a', 1]])).toEqual(['mid'])
    expect(names([[win(40), 'a', 1]])).toEqual([])
    expect(
      names([
        [win(3), 'a', 1],
        [win(27), 'a', 1],
      ]),
    ).toEqual(['old', 'new'])
    expect(selectCandidateFiles(wk, files, [[win(25), 'a', 1]]).skipped).toBe(2)
  })

  it('checks every key against a file, not only the batch bounding box', () => {
    // The box of the keys spans [win 5, win 25] x [a, z]; no single key fits "mid".
    const keys: Row[] = [
      [win(5), 'a', 1],
      [win(25), 'z', 1],
    ]
    const midOnlyM = [{ name: 'mid-m', ...windowFile(10, 19, 'm', 'm') }]
    expect(names(keys, midOnlyM)).toEqual([])
    expect(names([[win(15), 'm', 1]], midOnlyM)).toEqual(['mid-m'])
    expect(names([[win(15), 'n', 1]], midOnlyM)).toEqual([])
  })

  it('covers the whole millisecond of a truncated timestamp max', () => {
    const start = T0 + 1234 // 1.234 ms: the stats say .001 for min and max
    const f = [
      {
        name: 'f',
        ...stats({
          numRecords: 1,
          min: { window: { start: iso(start), end: iso(start + MIN) }, k: 'a' },
          max: { window: { start: iso(start), end: iso(start + MIN) }, k: 'a' },
        }),
      },
    ]
    expect(names([[[start, start + MIN], 'a', 1]], f)).toEqual(['f'])
    expect(names([[[T0 + 1000, T0 + 1000 + MIN], 'a', 1]], f)).toEqual(['f'])
    expect(names([[[T0 + 1999, T0 + 1999 + MIN], 'a', 1]], f)).toEqual(['f'])
    expect(names([[[T0 + 2000, T0 + 2000 + MIN], 'a', 1]], f)).toEqual([])
    expect(names([[[T0 + 999, T0 + 999 + MIN], 'a', 1]], f)).toEqual([])
  })

  it('keeps files whose stats are absent, partial or unparsable', () => {
    const fs = [
      { name: 'none' },
      { name: 'null', stats: null },
      { name: 'bad', stats: '{not json' },
      { name: 'no-k', ...stats({ numRecords: 5, min: {}, max: {}, nulls: {} }) },
      // A string longer than 32 characters has no min/max.
      {
        name: 'long-k',
        ...stats({
          numRecords: 5,
          min: { window: { start: iso(win(0)[0]), end: iso(win(0)[1]) } },
          max: { window: { start: iso(win(0)[0]), end: iso(win(0)[1]) } },
          nulls: { window: { start: 0, end: 0 }, k: 0 },
        }),
      },
      // Spark-style zoned and zone-less (timestamp_ntz) spellings parse too.
      {
        name: 'offset',
        ...stats({
          numRecords: 5,
          min: { window: { start: '2026-01-01T01:00:00.000+01:00' } },
          max: { window: { start: '2026-01-01T00:00:00.000' } },
        }),
      },
    ]
    expect(names([[win(0), 'q', 1]], fs)).toEqual([
      'none',
      'null',
      'bad',
      'no-k',
      'long-k',
      'offset',
    ])
    expect(names([[win(1), 'q', 1]], fs)).toEqual(['none', 'null', 'bad', 'no-k'])
  })

  it('matches a null key only with files that may hold nulls', () => {
    const fs = [
      { name: 'no-nulls', ...windowFile(0, 9, 'a', 'z', 0) },
      { name: 'some-nulls', ...windowFile(0, 9, 'a', 'z', 3) },
      { name: 'unknown', ...windowFile(0, 9, 'a', 'z', 'x') },
      {
        name: 'all-null',
        ...stats({
          numRecords: 4,
          min: { window: { start: iso(win(0)[0]), end: iso(win(0)[1]) } },
          max: { window: { start: iso(win(9)[0]), end: iso(win(9)[1]) } },
          nulls: { window: { start: 0, end: 0 }, k: 4 },
        }),
      },
    ]
    expect(names([[win(5), null, 1]], fs)).toEqual(['some-nulls', 'unknown', 'all-null'])
    expect(names([[win(5), 'b', 1]], fs)).toEqual(['no-nulls', 'some-nulls', 'unknown'])
    // A null struct key does not constrain its leaves.
    expect(names([[null, 'b', 1]], fs)).toEqual(['no-nulls', 'some-nulls', 'unknown'])
  })

  it('does not prune strings where UTF-16 and UTF-8 orders differ', () => {
    const fs = [{ name: 'ascii', ...windowFile(0, 9, 'a', 'b') }]
    expect(names([[win(1), '\u{1F600}', 1]], fs)).toEqual(['ascii'])
    expect(names([[win(1), '\uFFFD', 1]], fs)).toEqual(['ascii'])
    expect(names([[win(1), 'c', 1]], fs)).toEqual([])
    const tie = [{ name: 'tie', ...windowFile(0, 9, 'a', 'b\u{10FFFF}') }]
    expect(names([[win(1), 'c', 1]], tie)).toEqual(['tie'])
  })

  it('prunes numbers, widening decimals, and never by float or NaN', () => {
    const n = upsertKeySpec(schema, ['n', 'd', 'f', 'x']).spec
    const f = [
      {
        name: 'f',
        ...stats({
          numRecords: 2,
          min: { n: 10, d: 1.5, f: 1, x: 1 },
          max: { n: 20, d: 2.5, f: 2, x: 2 },
          nulls: { n: 0, d: 0, f: 0, x: 0 },
        }),
      },
    ]
    const sel = (r: Row) => selectCandidateFiles(n, f, [r]).candidates.length
    const two = dec('2.00')
    expect(sel([null, null, 15, two, 1, 1])).toBe(1)
    expect(sel([null, null, 21, two, 1, 1])).toBe(0)
    expect(sel([null, null, 15, dec('2.50'), 1, 1])).toBe(1)
    expect(sel([null, null, 15, dec('2.60'), 1, 1])).toBe(0)
    expect(sel([null, null, 15, two, 99, 1])).toBe(1) // float: no pruning
    expect(sel([null, null, 15, two, 1, NaN])).toBe(1)
    expect(sel([null, null, 15, two, 1, 3])).toBe(0)
  })

  it('reads nothing for an empty batch', () => {
    expect(selectCandidateFiles(wk, files, [])).toEqual({ candidates: [], skipped: 3 })
  })
})

describe('selectCandidateFiles against the stats our writer produces', () => {
  /** The stats JSON writeDataFile would write for `rows`. */
  const statsOf = (rows: Row[]) =>
    statsJson(
      rows.length,
      schema,
      schema.fields.map(
        (f, i) =>
          encodeColumn(
            f.dataType,
            rows.map((r) => r[i]),
            f.name,
            true,
          ).stats,
      ),
    )

  it('never skips a file that holds a batch key (random sub-millisecond windows, strings, nulls)', () => {
    let seed = 42
    const rnd = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31
    const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)]!
    const keyRow = (): Row => {
      const start = T0 + Math.floor(rnd() * 50) * 1000 + pick([0, 1, 999, 500])
      const w = rnd() < 0.05 ? null : [start, rnd() < 0.05 ? null : start + MIN]
      const k = pick(['a', 'b', 'zz', '', null, 'x'.repeat(40), 'é', '\u{1F600}'])
      return [w, k, Math.floor(rnd() * 100), null, null, null]
    }
    let skippedTotal = 0
    for (let round = 0; round < 200; round++) {
      const files = Array.from({ length: 8 }, (_, i) => {
        const rows = Array.from({ length: 1 + Math.floor(rnd() * 6) }, keyRow)
        return { i, rows, stats: statsOf(rows) }
      })
      for (const keys of [['window', 'k'], ['k', 'n'], ['n'], ['window']]) {
        const sp = spec(keys)
        const batch = Array.from({ length: 1 + Math.floor(rnd() * 4) }, keyRow)
        const latest = latestPerKey(sp, batch)
        const { candidates, skipped } = selectCandidateFiles(sp, files, latest.values())
        skippedTotal += skipped
        for (const f of files) {
          const holds = f.rows.some((r) => latest.has(encodeKey(sp, r)))
          if (holds) expect(candidates, `round ${round} keys ${keys.join()}`).toContain(f)
        }
      }
    }
    expect(skippedTotal).toBeGreaterThan(1000) // and it does prune
  })
})

describe('planRewrites', () => {
  it('rewrites only files that hold a batch key, keeping their other rows', () => {
    const latest = latestPerKey(wk, [
      [win(1), 'a', 10],
      [win(2), null, 20],
      [win(9), 'z', 1],
    ])
    const plan = planRewrites(wk, latest, [
      {
        file: 'f1',
        rows: [
          [win(1), 'a', 1],
          [win(1), 'b', 1],
        ],
      },
      { file: 'f2', rows: [[win(2), null, 2]] },
      { file: 'f3', rows: [[win(2), 'c', 2]] },
    ])
    expect(plan.rewrites).toEqual([
      { file: 'f1', survivors: [[win(1), 'b', 1]] },
      { file: 'f2', survivors: [] },
    ])
    expect(plan.newRows).toEqual([...latest.values()])
    expect(plan).toMatchObject({ updatedKeys: 2, insertedKeys: 1, copiedRows: 1, deletedRows: 2 })
  })

  it('drops every duplicate of a superseded key', () => {
    const latest = latestPerKey(wk, [[win(1), 'a', 3]])
    const plan = planRewrites(wk, latest, [
      { file: 'f1', rows: [[win(1), 'a', 1]] },
      { file: 'f2', rows: [[win(1), 'a', 2]] },
    ])
    expect(plan.rewrites.map((r) => r.file)).toEqual(['f1', 'f2'])
    expect(plan).toMatchObject({ updatedKeys: 1, insertedKeys: 0, deletedRows: 2 })
  })
})
