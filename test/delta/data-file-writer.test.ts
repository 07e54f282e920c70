import { expect, test } from 'vitest'
import { writeDataFile } from '../../src/delta/index.js'
import { EVENT_SCHEMA, eventRows } from './support/sample-table.js'
import { tempTablePath } from './support/temp-table.js'

// The engine's target is 500k events/s end to end for a 6-column pass-through, so encoding one
// 200k-row batch must take well under 400 ms. The bound here is loose to stay stable on CI.
test('throughput: 200k rows × 6 columns (incl. a window struct)', async () => {
  const table = await tempTablePath()
  const rows = eventRows(0, 200_000)
  await writeDataFile(table, EVENT_SCHEMA, rows.slice(0, 1000)) // warm up wasm and the JIT
  const timings: number[] = []
  for (let i = 0; i < 3; i++) {
    const start = performance.now()
    const add = await writeDataFile(table, EVENT_SCHEMA, rows)
    timings.push(performance.now() - start)
    expect((JSON.parse(add.stats!) as { numRecords: number }).numRecords).toBe(200_000)
  }
  const best = Math.min(...timings)
  console.log(
    `writeDataFile: 200k rows in ${best.toFixed(0)} ms best of 3 = ${Math.round(200_000 / (best / 1000)).toLocaleString('en-US')} rows/s (runs: ${timings.map((t) => t.toFixed(0)).join(', ')} ms)`,
  )
  expect(best).toBeLessThan(2000)
})
