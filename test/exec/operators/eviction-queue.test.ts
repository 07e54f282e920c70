import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { EvictionQueue } from '../../../src/exec/operators/eviction-queue.js'

/** Times of three shapes: small ints, huge micros (packed sort overflows), and fractions. */
const timeArb = fc.oneof(
  fc.integer({ min: -50, max: 50 }),
  fc.integer({ min: -50, max: 50 }).map((t) => 1.7e15 + t * 3.6e9),
  fc.double({ min: -100, max: 100, noNaN: true }),
)

describe('EvictionQueue', () => {
  it('evicts exactly the entries due, each once, with interleaved pushes', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(timeArb, fc.option(timeArb, { nil: undefined })), { maxLength: 300 }),
        (ops) => {
          const q = new EvictionQueue()
          let model: [number, string][] = []
          ops.forEach(([time, limit], i) => {
            if (limit !== undefined) {
              const got: [number, string][] = []
              q.evictUpTo(limit, (t, k) => got.push([t, k]))
              const due = model.filter(([t]) => t <= limit)
              model = model.filter(([t]) => t > limit)
              expect(sortPairs(got)).toEqual(sortPairs(due))
            }
            q.push(time, `k${i}`)
            model.push([time, `k${i}`])
            expect(q.size).toBe(model.length)
          })
          const rest: [number, string][] = []
          q.evictUpTo(Infinity, (t, k) => rest.push([t, k]))
          expect(sortPairs(rest)).toEqual(sortPairs(model))
          expect(q.size).toBe(0)
        },
      ),
    )
  })

  it('keeps up with many small batches (runs are merged) and large ones', () => {
    const q = new EvictionQueue()
    let live = 0
    for (let batch = 0; batch < 500; batch++) {
      const n = batch % 50 === 0 ? 10_000 : 3
      for (let i = 0; i < n; i++) q.push(batch * 10 + ((i * 7919) % 10), `b${batch}-${i}`)
      live += n
      let evicted = 0
      q.evictUpTo((batch - 20) * 10 - 1, () => evicted++)
      live -= evicted
      expect(q.size).toBe(live)
    }
    let left = 0
    q.evictUpTo(Infinity, () => left++)
    expect(left).toBe(live)
  })
})

function sortPairs(pairs: [number, string][]): [number, string][] {
  return [...pairs].sort((a, b) => a[0] - b[0] || a[1].localeCompare(b[1]))
}
