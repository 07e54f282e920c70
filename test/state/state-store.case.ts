/**
 * The conformance suite of StateStoreProvider implementations (STYLE.md 2.6.7): each provider's
 * test calls {@link describeStateStoreConformance} with a harness factory and lists the cases it
 * skips, with a reason. The last case is a fast-check model-based test against a plain Map per
 * version, with restarts (a new provider over the same storage) when the provider is durable.
 */
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import type { StateStore, StateStoreProvider, StateValue } from '../../src/state/state-store.js'

/** One isolated storage (a directory, a database …) that providers can be created over. */
export interface StateStoreHarness {
  /** A provider over this storage; a second call models a restart of the query. */
  provider(): StateStoreProvider
  /** Whether committed versions survive a new provider instance. */
  readonly durable: boolean
}

/** Names of the cases. */
export type ConformanceCase =
  | 'reads its own writes'
  | 'metrics'
  | 'versions'
  | 'abort'
  | 're-commit'
  | 'iteration'
  | 'round trip'
  | 'restart'
  | 'cleanup'
  | 'model'

const awkwardKeys = ['', 'a', 'line\nbreak', 'tab\there', '"quoted"', '\\', 'ünï', '😀', '[1,"x"]']

export function describeStateStoreConformance(
  name: string,
  makeHarness: () => Promise<StateStoreHarness>,
): void {
  const test = (c: ConformanceCase, fn: () => Promise<void>, timeout?: number): void => {
    it(c, fn, timeout)
  }

  describe(`${name} conformance`, () => {
    test('reads its own writes', async () => {
      const p = (await makeHarness()).provider()
      const s = await p.open(0)
      expect(s.version).toBe(0)
      expect(s.size).toBe(0)
      s.put('a', [1])
      s.put('b', [2])
      s.put('a', [3])
      s.remove('b')
      s.remove('missing')
      expect(s.get('a')).toEqual([3])
      expect(s.get('b')).toBeUndefined()
      expect(s.size).toBe(1)
      expect([...s.entries()]).toEqual([['a', [3]]])
      await s.commit()
      await p.close()
    })

    test('metrics', async () => {
      const p = (await makeHarness()).provider()
      let s = await p.open(0)
      for (let i = 0; i < 5; i++) s.put(`k${i}`, [i])
      let m = await s.commit()
      expect(m).toMatchObject({ numRowsTotal: 5, numRowsUpdated: 5, numRowsRemoved: 0 })
      expect(m.commitTimeMs).toBeGreaterThanOrEqual(0)
      s = await p.open(1)
      s.put('k0', [10])
      s.remove('k1')
      s.remove('k2')
      s.remove('nope')
      m = await s.commit()
      expect(m).toMatchObject({ numRowsTotal: 3, numRowsUpdated: 1, numRowsRemoved: 2 })
      await p.close()
    })

    test('versions', async () => {
      const p = (await makeHarness()).provider()
      await commitVersions(p, 4)
      for (let v = 0; v <= 4; v++) expect(content(await p.open(v))).toEqual(expectedContent(v))
      await p.close()
    })

    test('abort', async () => {
      const p = (await makeHarness()).provider()
      await commitVersions(p, 2)
      const s = await p.open(2)
      s.put('new', [1])
      s.remove('v1')
      s.abort()
      const again = await p.open(2)
      expect(content(again)).toEqual(expectedContent(2))
      again.put('x', [1])
      await again.commit()
      expect(content(await p.open(3))).toEqual({ ...expectedContent(2), x: [1] })
      await p.close()
    })

    test('re-commit', async () => {
      const p = (await makeHarness()).provider()
      await commitVersions(p, 3)
      // A re-run of batch 2 recommits version 3, here with different content: it replaces 3.
      const s = await p.open(2)
      s.put('rerun', [true])
      await s.commit()
      expect(content(await p.open(3))).toEqual({ ...expectedContent(2), rerun: [true] })
      expect(content(await p.open(2))).toEqual(expectedContent(2))
      await p.close()
    })

    test('iteration', async () => {
      const p = (await makeHarness()).provider()
      const base = await p.open(0)
      for (let i = 0; i < 20; i++) base.put(`k${i}`, [i])
      await base.commit()
      const s = await p.open(1)
      s.put('k0', [100])
      s.put('extra', [2])
      for (const [key, value] of s.entries()) if ((value[0] as number) % 2 === 1) s.remove(key)
      expect(s.size).toBe(11)
      expect(new Set([...s.entries()].map(([k]) => k))).toEqual(
        new Set(['k0', 'k2', 'k4', 'k6', 'k8', 'k10', 'k12', 'k14', 'k16', 'k18', 'extra']),
      )
      await s.commit()
      expect((await p.open(2)).size).toBe(11)
      await p.close()
    })

    test('round trip', async () => {
      const h = await makeHarness()
      const p = h.provider()
      const s = await p.open(0)
      const values: StateValue[] = [
        [],
        [null, true, false, 0, -1.5, 2 ** 53 - 1, 'text', ''],
        [[1, [2, [3]]], { a: 1, b: [null] }, 'multi\nline "q" \\'],
      ]
      awkwardKeys.forEach((k, i) => s.put(k, values[i % values.length]!))
      await s.commit()
      const expected = Object.fromEntries(awkwardKeys.map((k, i) => [k, values[i % values.length]]))
      expect(content(await p.open(1))).toEqual(expected)
      await p.close()
      if (!h.durable) return
      const reopened = h.provider()
      expect(content(await reopened.open(1))).toEqual(expected)
      await reopened.close()
    })

    test('restart', async () => {
      const h = await makeHarness()
      const p = h.provider()
      await commitVersions(p, 5)
      await p.close()
      const q = h.provider()
      expect(content(await q.open(5))).toEqual(expectedContent(5))
      expect(content(await q.open(3))).toEqual(expectedContent(3))
      const s = await q.open(5)
      s.put('after', [1])
      await s.commit()
      await q.close()
      const r = h.provider()
      expect(content(await r.open(6))).toEqual({ ...expectedContent(5), after: [1] })
      await r.close()
    })

    test('cleanup', async () => {
      const h = await makeHarness()
      const p = h.provider()
      await commitVersions(p, 30)
      await p.cleanup(30, 7)
      for (let v = 23; v <= 30; v++) expect(content(await p.open(v))).toEqual(expectedContent(v))
      await p.close()
      if (!h.durable) return
      const q = h.provider()
      for (let v = 30; v >= 23; v--) expect(content(await q.open(v))).toEqual(expectedContent(v))
      await q.close()
    })

    test('model', () => runModel(makeHarness), 120_000)
  })
}

/** Version v holds keys v1..vv; version v+1 also removes v(v-2) and rewrites v1. */
function expectedContent(version: number): Record<string, StateValue> {
  const out: Record<string, StateValue> = {}
  for (let v = 1; v <= version; v++) {
    out[`v${v}`] = [v, `value ${v}`]
    if (v > 2) delete out[`v${v - 2}`]
    if (v > 1) out['v1'] = [1, v]
  }
  return out
}

async function commitVersions(p: StateStoreProvider, count: number): Promise<void> {
  for (let v = 0; v < count; v++) {
    const s = await p.open(v)
    const next = v + 1
    s.put(`v${next}`, [next, `value ${next}`])
    if (next > 2) s.remove(`v${next - 2}`)
    if (next > 1) s.put('v1', [1, next])
    await s.commit()
  }
}

function content(s: StateStore): Record<string, StateValue> {
  return Object.fromEntries([...s.entries()].map(([k, v]) => [k, v]))
}

// ---------------------------------------------------------------- model-based test

interface Model {
  versions: Map<number, Map<string, StateValue>>
  open: { version: number; map: Map<string, StateValue> } | undefined
  durable: boolean
  lastCommitted: number
}

const stats = { commits: 0, olderOpens: 0, restarts: 0 }

interface Real {
  harness: StateStoreHarness
  provider: StateStoreProvider
  store: StateStore | undefined
}

type Cmd = fc.AsyncCommand<Model, Real>

const KEYS = ['a', 'b', 'c', 'd', 'e', 'f', '', 'x\ny', 'ü']
const keyArb = fc.constantFrom(...KEYS)
const valueArb = fc.array(fc.oneof(fc.integer(), fc.string({ maxLength: 4 }), fc.constant(null)), {
  maxLength: 3,
})

function check(model: Model, real: Real): void {
  const { open } = model
  if (!open || !real.store) return
  expect(real.store.size).toBe(open.map.size)
  for (const k of KEYS) expect(real.store.get(k)).toEqual(open.map.get(k))
  expect(new Map(real.store.entries())).toEqual(open.map)
}

const latestOf = (m: Model): number => Math.max(...m.versions.keys())

const openCmd = (pick: number): Cmd => ({
  check: (m) => m.versions.size > 0,
  async run(m, r) {
    const versions = [...m.versions.keys()].sort((a, b) => a - b)
    const version = versions[pick % versions.length]!
    r.store = await r.provider.open(version)
    if (version !== m.lastCommitted) stats.olderOpens++
    m.open = { version, map: new Map(m.versions.get(version)) }
    check(m, r)
  },
  toString: () => `open(#${pick})`,
})

const putCmd = (key: string, value: StateValue): Cmd => ({
  check: (m) => m.open !== undefined,
  async run(m, r) {
    r.store!.put(key, value)
    m.open!.map.set(key, value)
    check(m, r)
  },
  toString: () => `put(${JSON.stringify(key)}, ${JSON.stringify(value)})`,
})

const removeCmd = (key: string): Cmd => ({
  check: (m) => m.open !== undefined,
  async run(m, r) {
    r.store!.remove(key)
    m.open!.map.delete(key)
    check(m, r)
  },
  toString: () => `remove(${JSON.stringify(key)})`,
})

const commitCmd = (): Cmd => ({
  check: (m) => m.open !== undefined,
  async run(m, r) {
    const metrics = await r.store!.commit()
    stats.commits++
    const { version, map } = m.open!
    expect(metrics.numRowsTotal).toBe(map.size)
    for (const v of [...m.versions.keys()]) if (v > version + 1) m.versions.delete(v)
    m.versions.set(version + 1, map)
    m.lastCommitted = version + 1
    m.open = undefined
    r.store = undefined
  },
  toString: () => 'commit',
})

const abortCmd = (): Cmd => ({
  check: (m) => m.open !== undefined,
  async run(m, r) {
    r.store!.abort()
    m.open = undefined
    r.store = undefined
  },
  toString: () => 'abort',
})

const restartCmd = (): Cmd => ({
  check: (m) => m.durable,
  async run(m, r) {
    await r.provider.close()
    r.provider = r.harness.provider()
    stats.restarts++
    m.open = undefined
    r.store = undefined
  },
  toString: () => 'restart',
})

const cleanupCmd = (retain: number): Cmd => ({
  check: (m) => m.open === undefined,
  async run(m, r) {
    const latest = latestOf(m)
    await r.provider.cleanup(latest, retain)
    for (const v of [...m.versions.keys()]) if (v < latest - retain) m.versions.delete(v)
  },
  toString: () => `cleanup(retain ${retain})`,
})

async function runModel(makeHarness: () => Promise<StateStoreHarness>): Promise<void> {
  stats.commits = stats.olderOpens = stats.restarts = 0
  const weighted = <T>(n: number, arb: fc.Arbitrary<T>) => Array.from({ length: n }, () => arb)
  const commands = [
    ...weighted(3, fc.nat().map(openCmd)),
    ...weighted(
      4,
      fc.tuple(keyArb, valueArb).map(([k, v]) => putCmd(k, v)),
    ),
    ...weighted(2, keyArb.map(removeCmd)),
    ...weighted(3, fc.constant(commitCmd())),
    fc.constant(abortCmd()),
    fc.constant(restartCmd()),
    fc.integer({ min: 1, max: 4 }).map(cleanupCmd),
  ]
  await fc.assert(
    fc.asyncProperty(fc.commands(commands, { maxCommands: 80, size: 'max' }), async (cmds) => {
      const harness = await makeHarness()
      const setup = () => ({
        model: {
          versions: new Map([[0, new Map<string, StateValue>()]]),
          open: undefined,
          durable: harness.durable,
          lastCommitted: 0,
        } as Model,
        real: { harness, provider: harness.provider(), store: undefined } as Real,
      })
      let real: Real | undefined
      await fc.asyncModelRun(() => {
        const s = setup()
        real = s.real
        return s
      }, cmds)
      await real?.provider.close()
    }),
    { numRuns: 60 },
  )
  // The generated scripts must really exercise commits, old versions and restarts.
  expect(stats.commits).toBeGreaterThan(100)
  expect(stats.olderOpens).toBeGreaterThan(30)
  expect(stats.restarts).toBeGreaterThan(stats.commits > 0 ? 30 : 0)
}
