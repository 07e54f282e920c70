/**
 * Keeps docs/checkpoints.md's reset recipe true: its commands, run as written in a seed-layout
 * directory, recompute the table and end by themselves (a reset step that never returns, with
 * nothing saying so, is the trap this guards against).
 */
import { promises as fs } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import { generateEvents } from '../../src/index.js'
import { runCli } from '../support/run-cli.js'
import { tempDir } from '../support/temp-dir.js'

const PAGE = fileURLToPath(new URL('../../docs/checkpoints.md', import.meta.url))

/** The first bash block under the heading `title`, as lines. */
async function sectionCommands(title: string): Promise<string[]> {
  const markdown = await fs.readFile(PAGE, 'utf8')
  const section = markdown.split(/^## /m).find((s) => s.startsWith(`${title}\n`))
  const block = section && /^```bash\n([\s\S]*?)^```$/m.exec(section)
  if (!block) throw new Error(`no bash block under "## ${title}" in ${PAGE}`)
  return block[1]!
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l !== '')
}

describe('docs/checkpoints.md', () => {
  it('the "Start over (reset)" commands recompute the table and exit 0 on their own', async () => {
    const cwd = await tempDir()
    await generateEvents({
      out: join(cwd, 'input'),
      batches: 3,
      eventsPerBatch: 10,
      seed: 7,
      startTime: '2026-11-24T10:00:00Z',
    })
    const first = await runCli(['run', 'tumbling', '--trigger', 'available-now', '--quiet'], {
      cwd,
    })
    expect(first.code).toBe(0)

    const commands = await sectionCommands('Start over (reset)')
    expect(commands.some((c) => c.startsWith('streamlake run '))).toBe(true)
    for (const command of commands) {
      const [program, ...args] = command.split(/\s+/)
      if (program === 'rm') {
        expect(args[0]).toBe('-rf')
        for (const p of args.slice(1)) await fs.rm(join(cwd, p), { recursive: true, force: true })
      } else {
        expect(program).toBe('streamlake')
        const r = await runCli(args, { cwd, timeoutMs: 30_000 })
        expect(r.signal, `${command} did not end by itself`).toBeNull()
        expect(r.stderr, command).toBe('')
        expect(r.code, command).toBe(0)
      }
    }
    const log = await fs.readdir(join(cwd, 'data', 'tumbling_aggregates', '_delta_log'))
    expect(log.filter((f) => f.endsWith('.json')).length).toBeGreaterThan(0)
    expect((await fs.stat(join(cwd, 'checkpoints', 'tumbling', 'metadata'))).isFile()).toBe(true)
  }, 60_000)
})
