import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { StringKeyMap } from '../../src/state/string-key-map.js'

type Op =
  | { readonly op: 'set'; readonly key: string; readonly value: number }
  | { readonly op: 'delete'; readonly key: string }
  | { readonly op: 'sweep'; readonly modulo: number }

/** Keys from a small alphabet so sets, overwrites and deletes of one key interleave. */
const keyArb = fc.oneof(
  fc.constantFrom('', 'a', 'b', 'ü', 'x\ny', '["id",1]'),
  fc.integer({ min: 0, max: 300 }).map((i) => `k${i}`),
)
const opArb: fc.Arbitrary<Op> = fc.oneof(
  { weight: 6, arbitrary: fc.record({ op: fc.constant('set'), key: keyArb, value: fc.integer() }) },
  { weight: 3, arbitrary: fc.record({ op: fc.constant('delete'), key: keyArb }) },
  {
    weight: 1,
    arbitrary: fc.record({ op: fc.constant('sweep'), modulo: fc.integer({ min: 1, max: 4 }) }),
  },
)

function expectSame(actual: StringKeyMap<number>, expected: Map<string, number>): void {
  expect(actual.size).toBe(expected.size)
  // The same entries in the same (insertion) order as a Map.
  expect([...actual.entries()]).toEqual([...expected.entries()])
  for (const [k, v] of expected) expect(actual.get(k)).toBe(v)
}

describe('StringKeyMap', () => {
  it('behaves like a Map, iteration order included, under any sets, deletes and sweeps', () => {
    fc.assert(
      fc.property(fc.array(opArb, { maxLength: 400 }), (ops) => {
        const actual = new StringKeyMap<number>()
        const expected = new Map<string, number>()
        for (const o of ops) {
          if (o.op === 'set') {
            actual.set(o.key, o.value)
            expected.set(o.key, o.value)
          } else if (o.op === 'delete') {
            expect(actual.delete(o.key)).toBe(expected.delete(o.key))
            expect(actual.has(o.key)).toBe(false)
          } else {
            // Removing the entry just yielded, and replacing its value, while iterating.
            const seen: string[] = []
            for (const [k, v] of actual.entries()) {
              seen.push(k)
              if (Math.abs(v) % o.modulo === 0) {
                actual.delete(k)
                expected.delete(k)
              } else {
                actual.set(k, v + 1)
                expected.set(k, v + 1)
              }
            }
            expect(new Set(seen).size).toBe(seen.length)
          }
          expect(actual.get('never-set')).toBeUndefined()
        }
        expectSame(actual, expected)
      }),
      { numRuns: 300 },
    )
  })

  it('keeps every key through growth and heavy churn', () => {
    const actual = new StringKeyMap<number>()
    const expected = new Map<string, number>()
    for (let round = 0; round < 5; round++) {
      for (let i = 0; i < 20_000; i++) {
        const key = JSON.stringify([`id-${round}-${i}`, i])
        actual.set(key, i)
        expected.set(key, i)
      }
      // Evict most of the older keys, as a watermark does.
      for (const key of [...expected.keys()]) {
        if (!key.includes(`id-${round}-`) && expected.get(key)! % 10 !== 0) {
          expect(actual.delete(key)).toBe(true)
          expected.delete(key)
        }
      }
      expectSame(actual, expected)
    }
    actual.clear()
    expect(actual.size).toBe(0)
    expect([...actual]).toEqual([])
  })
})
