import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { EvictionQueue } from '../../../src/exec/operators/eviction-queue.js'

describe('EvictionQueue', () => {
  it('pops keys in time order, interleaved pushes included', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.integer({ min: -50, max: 50 }), fc.boolean()), { maxLength: 200 }),
        (ops) => {
          const q = new EvictionQueue()
          const model: [number, string][] = []
          ops.forEach(([time, popFirst], i) => {
            if (popFirst && model.length > 0) {
              model.sort((a, b) => a[0] - b[0])
              const min = model[0]![0]
              expect(q.peekTime()).toBe(min)
              const key = q.pop()
              const at = model.findIndex(([t, k]) => t === min && k === key)
              expect(at).toBeGreaterThanOrEqual(0)
              model.splice(at, 1)
            }
            q.push(time, `k${i}`)
            model.push([time, `k${i}`])
          })
          expect(q.size).toBe(model.length)
          const drained: number[] = []
          while (q.size > 0) {
            drained.push(q.peekTime())
            q.pop()
          }
          expect(drained).toEqual(model.map(([t]) => t).sort((a, b) => a - b))
          expect(q.peekTime()).toBe(Infinity)
        },
      ),
    )
  })
})
