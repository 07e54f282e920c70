import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { jsonPart } from '../../../src/exec/operators/dedupe-exec.js'

// The dedup state key must stay byte-identical to JSON.stringify of the key tuple: it is the
// text earlier versions persisted in state files, and a restart looks keys up by it.
describe('dedup state key parts', () => {
  const valueArb = fc.oneof(
    fc.string(),
    fc.string({ unit: 'binary' }),
    fc.double(),
    fc.integer(),
    fc.constantFrom(null, undefined, true, false, -0, NaN, Infinity, -Infinity, 1.5e15, 2 ** 53),
    fc.array(fc.oneof(fc.integer(), fc.string(), fc.constant(null)), { maxLength: 3 }),
  )
  it('joins to exactly JSON.stringify of the tuple', () => {
    fc.assert(
      fc.property(fc.array(valueArb, { minLength: 1, maxLength: 4 }), (tuple) => {
        expect('[' + tuple.map(jsonPart).join(',') + ']').toBe(JSON.stringify(tuple))
      }),
      { numRuns: 2000 },
    )
  })
})
