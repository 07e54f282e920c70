/**
 * The bench's profile summary: self time is attributed per sampled function across all of a
 * process's .cpuprofile files (one per thread), and the table's percentages leave idle out.
 */
import { promises as fs } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { selfTimeByFunction, selfTimeTable } from '../../bench/support/profile-summary.js'
import { tempDir } from '../support/temp-dir.js'

const frame = (functionName: string, url = '', lineNumber = 0) => ({
  functionName,
  url,
  lineNumber,
})

describe('bench profile summary', () => {
  it('sums self time per function over every thread and ranks it without idle', async () => {
    const dir = await tempDir('profile-summary')
    const nodes = [
      { id: 1, callFrame: frame('(root)') },
      { id: 2, callFrame: frame('parseLine', 'file:///repo/build/src/sources/file/json.js', 9) },
      { id: 3, callFrame: frame('(idle)') },
      { id: 4, callFrame: frame('(garbage collector)') },
    ]
    // main thread: parseLine 300 µs, idle 1000 µs, GC 100 µs
    await fs.writeFile(
      join(dir, 'main.cpuprofile'),
      JSON.stringify({ nodes, samples: [2, 3, 2, 4, 2], timeDeltas: [100, 1000, 100, 100, 100] }),
    )
    // a worker thread: parseLine 500 µs more
    await fs.writeFile(
      join(dir, 'worker.cpuprofile'),
      JSON.stringify({ nodes, samples: [2, 2], timeDeltas: [250, 250] }),
    )
    await fs.writeFile(join(dir, 'notes.txt'), 'not a profile')

    const totals = await selfTimeByFunction(dir)
    expect(totals.get('parseLine src/sources/file/json.js:10')).toBe(800)
    expect(totals.get('(garbage collector)')).toBe(100)
    expect(totals.get('(idle)')).toBe(1000)

    const table = selfTimeTable(totals)
    // busy = 900 µs: parseLine 800 (88.9 %) ranked before GC 100 (11.1 %); idle not listed
    expect(table).toContain('idle excluded): 0.00 s')
    const rows = table.split('\n').filter((l) => /^\| [0-9]/.test(l))
    expect(rows.map((r) => r.split('|')[1]!.trim())).toEqual(['88.9 %', '11.1 %'])
    expect(table).not.toContain('(idle)')
  })
})
