/**
 * Keeps the seed-app pages in docs/apps true: runs the data-set commands exactly as the pages
 * give them (the `streamlake generate` / `run` lines of their bash blocks), then every
 * "$ streamlake …" block of the pages, and compares its output with the page verbatim. The
 * numbers the prose quotes (row counts, null users, per-batch dedup output) are checked too.
 * The windowed outputs on those pages were also derived independently (Spark's rules applied
 * by hand in Python), so this test guards both the pages and the engine.
 */
import { promises as fs } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { beforeAll, describe, expect, it } from 'vitest'
import { runCli } from '../support/run-cli.js'
import { tempDir } from '../support/temp-dir.js'

const DOCS = fileURLToPath(new URL('../../docs/apps/', import.meta.url))

/** The contents of the fenced blocks of `markdown` with the given info string. */
function fencedBlocks(markdown: string, info: string): string[] {
  const out: string[] = []
  const re = new RegExp(`^\`\`\`${info}\\n([\\s\\S]*?)^\`\`\`$`, 'gm')
  for (const m of markdown.matchAll(re)) out.push(m[1]!)
  return out
}

/** The `streamlake …` commands of a bash block, continuation lines joined, as argv arrays. */
function streamlakeCommands(block: string): string[][] {
  return block
    .replace(/\\\n\s*/g, ' ')
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l.startsWith('streamlake '))
    .map((l) => l.split(/\s+/).slice(1))
}

async function page(name: string): Promise<string> {
  return fs.readFile(join(DOCS, name), 'utf8')
}

async function cli(args: readonly string[], cwd: string): Promise<string> {
  const r = await runCli(args, { cwd, timeoutMs: 120_000 })
  expect(r.stderr, args.join(' ')).toBe('')
  expect(r.code, args.join(' ')).toBe(0)
  return r.stdout
}

async function jsonLines(table: string, cwd: string): Promise<Record<string, unknown>[]> {
  const out = await cli(['table', 'show', table, '--json'], cwd)
  return out
    .trim()
    .split('\n')
    .filter((l) => l !== '')
    .map((l) => JSON.parse(l) as Record<string, unknown>)
}

let seed: string
let sessions: string

beforeAll(async () => {
  // The shared data set: docs/apps/README.md's generate command, then its `for app in …` loop.
  seed = await tempDir()
  const readme = await page('README.md')
  const [block] = fencedBlocks(readme, 'bash')
  const commands = streamlakeCommands(block!)
  const generate = commands.find((c) => c[0] === 'generate')!
  await cli(generate, seed)
  const loop = /for app in ([a-z ]+); do\n\s*streamlake run \$app ([^\n]+)\n/.exec(block!)!
  for (const app of loop[1]!.trim().split(' '))
    await cli(['run', app, ...loop[2]!.split(' ')], seed)
  // The sessions page's own data set and run.
  sessions = await tempDir()
  for (const block of fencedBlocks(await page('sessions.md'), 'bash'))
    for (const c of streamlakeCommands(block)) await cli(c, sessions)
}, 240_000)

describe('docs/apps pages', () => {
  it.each([
    ['passthrough.md', 1],
    ['tumbling.md', 1],
    ['sliding.md', 0],
    ['watermark.md', 1],
    ['dedup.md', 0],
    ['join.md', 1],
    ['sessions.md', 1],
  ] as const)('%s: its %i "$ streamlake …" blocks print what the page shows', async (name, n) => {
    const markdown = await page(name)
    const cwd = name === 'sessions.md' ? sessions : seed
    const blocks = fencedBlocks(markdown, '').filter((b) => b.startsWith('$ streamlake '))
    expect(blocks).toHaveLength(n)
    for (const block of blocks) {
      const [command, ...expected] = block.split('\n')
      const out = await cli(command!.slice('$ streamlake '.length).split(/\s+/), cwd)
      expect(out, command).toBe(expected.join('\n'))
    }
  })

  it('the row counts and facts the pages quote', async () => {
    expect(await jsonLines('data/events', seed)).toHaveLength(120)
    expect(await jsonLines('data/tumbling_aggregates', seed)).toHaveLength(12)
    expect(await jsonLines('data/watermarked_aggregates', seed)).toEqual(
      await jsonLines('data/tumbling_aggregates', seed),
    )
    const sliding = await jsonLines('data/sliding_aggregates', seed)
    expect(sliding).toHaveLength(58)
    const ends = new Set(sliding.map((r) => (r['window'] as { end: string }).end))
    expect(ends.size).toBe(20)
    expect([...ends].sort()[0]).toBe('2026-11-24T09:52:00.000Z')
    expect([...ends].sort().at(-1)).toBe('2026-11-24T10:11:00.000Z')
    expect(await jsonLines('data/deduplicated_events', seed)).toHaveLength(106)
    expect(await jsonLines('data/enriched_events', seed)).toHaveLength(118)
    const all = await jsonLines('data/enriched_events_all', seed)
    expect(all).toHaveLength(120)
    expect(all.filter((r) => r['name'] === null).map((r) => r['user_id'])).toEqual([400, 650])
    const history = (await cli(['table', 'history', 'data/deduplicated_events', '--json'], seed))
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { version: number; operationMetrics: Record<string, string> })
      .reverse()
    expect(history.map((h) => Number(h.operationMetrics['numOutputRows']))).toEqual([
      9, 8, 8, 8, 10, 8, 9, 9, 10, 10, 9, 8, 0,
    ])
  })
})
