import { describe, expect, it } from 'vitest'
import { progressFromJson } from '../../src/connect/remote-streaming-query.js'

describe('progressFromJson', () => {
  it('fills the top-level input count and rates from the sources, as PySpark does', () => {
    const p = progressFromJson(
      JSON.stringify({
        id: 'q',
        batchId: 2,
        batchDuration: 10,
        durationMs: {},
        sources: [
          { numInputRows: 3, inputRowsPerSecond: 1.5, processedRowsPerSecond: 6 },
          { numInputRows: 4, inputRowsPerSecond: 0.5, processedRowsPerSecond: 2 },
        ],
      }),
    )
    expect(p).toMatchObject({ numInputRows: 7, inputRowsPerSecond: 2, processedRowsPerSecond: 8 })
    expect(Object.keys(p).slice(0, 6)).toEqual([
      'id',
      'batchId',
      'batchDuration',
      'numInputRows',
      'inputRowsPerSecond',
      'processedRowsPerSecond',
    ])
  })
})
