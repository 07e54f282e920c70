/**
 * Writes a scenario's input files into a directory with distinct, increasing modification times
 * (both engines order files by mtime; ties would make the batch order unspecified).
 */
import { promises as fs } from 'node:fs'
import { join } from 'node:path'
import { generateEvents } from '../../../src/index.js'
import type { ScenarioInput } from './scenario.js'

/** mtime of the i-th file: 2026-01-01T00:00:00Z + 10 s × i. */
export const FIRST_MTIME_MS = Date.UTC(2026, 0, 1)
const MTIME_STEP_MS = 10_000

export async function prepareInput(input: ScenarioInput, dir: string): Promise<string[]> {
  await fs.mkdir(dir, { recursive: true })
  let names: string[]
  if ('generate' in input) {
    await generateEvents({ ...input.generate, out: dir })
    names = (await fs.readdir(dir)).filter((n) => n.endsWith('.json')).sort()
  } else {
    names = []
    for (const f of input.files) {
      // No lines: a 0-byte file (an empty batch), not a blank line.
      const content = 'bytes' in f ? f.bytes : f.lines.length ? f.lines.join('\n') + '\n' : ''
      await fs.writeFile(join(dir, f.name), content)
      names.push(f.name)
    }
  }
  const paths = names.map((n) => join(dir, n))
  for (const [i, p] of paths.entries()) {
    const t = new Date(FIRST_MTIME_MS + i * MTIME_STEP_MS)
    await fs.utimes(p, t, t)
  }
  return paths
}
