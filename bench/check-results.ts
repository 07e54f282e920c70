/**
 * Checks the files `npm run bench` wrote into DIR (the CI smoke): benchmarks.json has the shape
 * of issue 6 with finite figures for every engine and workload asked for, benchmarks.md has a
 * table per workload, performance_charts.png is a PNG of plausible size. Prints one line per
 * check and, with --report FILE, writes {numPassedTests, numFailedTests} for .ci/run's totals.
 * argv: DIR --engines streamlake,spark --workloads passthrough,… [--report FILE]
 */
import { promises as fs } from 'node:fs'
import { join } from 'node:path'

const [dir, ...rest] = process.argv.slice(2)
const opt = (name: string): string | undefined => {
  const i = rest.indexOf(`--${name}`)
  return i >= 0 ? rest[i + 1] : undefined
}
const engines = (opt('engines') ?? 'streamlake,spark').split(',')
const workloads = (opt('workloads') ?? '').split(',').filter((w) => w !== '')
let passed = 0
let failed = 0

function check(what: string, ok: boolean, detail = ''): void {
  if (ok) passed++
  else failed++
  process.stdout.write(
    `${ok ? 'ok  ' : 'FAIL'} ${what}${ok || detail === '' ? '' : `: ${detail}`}\n`,
  )
}

const finite = (v: unknown): boolean => typeof v === 'number' && Number.isFinite(v)
const isRange = (v: unknown): boolean => {
  const r = v as Record<string, unknown> | undefined
  return r !== undefined && finite(r['median']) && finite(r['min']) && finite(r['max'])
}

if (dir === undefined) {
  process.stderr.write('usage: check-results DIR --engines a,b --workloads x,y [--report FILE]\n')
  process.exit(2)
}

const jsonText = await fs.readFile(join(dir, 'benchmarks.json'), 'utf8').catch(() => undefined)
check('benchmarks.json exists', jsonText !== undefined)
let json: Record<string, unknown> | undefined
try {
  json = jsonText === undefined ? undefined : (JSON.parse(jsonText) as Record<string, unknown>)
} catch (e) {
  check('benchmarks.json parses', false, (e as Error).message)
}
if (json) {
  check(
    'benchmarks.json has machine and versions',
    typeof json['machine'] === 'object' && typeof json['versions'] === 'object',
  )
  const ws = (json['workloads'] ?? {}) as Record<string, Record<string, Record<string, unknown>>>
  for (const w of workloads) {
    const entry = ws[w]
    for (const e of engines) {
      const f = entry?.[e]
      const l = f?.['latencyMs'] as Record<string, unknown> | undefined
      const problems = [
        isRange(f?.['eventsPerSecond']) ? '' : 'eventsPerSecond',
        l && finite(l['p50']) && finite(l['p95']) && finite(l['p99']) ? '' : 'latencyMs',
        isRange(f?.['startupMs']) ? '' : 'startupMs',
        isRange(f?.['peakRssBytes']) ? '' : 'peakRssBytes',
      ].filter((p) => p !== '')
      check(`${w} / ${e}: figures present and finite`, problems.length === 0, problems.join(', '))
    }
    if (engines.length === 2) {
      const r = entry?.['ratio']
      const keys = ['throughput', 'latencyP99', 'startup', 'peakRss']
      check(`${w}: ratios`, r !== undefined && keys.every((k) => finite(r[k])), JSON.stringify(r))
      const rows = engines.map(
        (e) => (entry?.[e]?.['outputRows'] as { median?: number } | undefined)?.median,
      )
      check(
        `${w}: both engines wrote the same number of output rows`,
        rows[0] !== undefined && rows[0] === rows[1],
        `${rows.join(' vs ')}`,
      )
    }
  }
}

const md = await fs.readFile(join(dir, 'benchmarks.md'), 'utf8').catch(() => undefined)
check('benchmarks.md exists', md !== undefined)
if (md !== undefined)
  for (const w of workloads)
    check(
      `benchmarks.md has a table for ${w}`,
      md.includes(`### ${w}:`) && md.includes('| events/s'),
    )

const png = await fs.readFile(join(dir, 'performance_charts.png')).catch(() => undefined)
check('performance_charts.png exists', png !== undefined)
if (png !== undefined) {
  const signature = png.subarray(0, 8).toString('hex') === '89504e470d0a1a0a'
  check(
    'performance_charts.png is a PNG of at least 20 kB',
    signature && png.length > 20_000,
    `${png.length} bytes`,
  )
}

process.stdout.write(`bench smoke checks — ${passed} ok, ${failed} failing\n`)
const report = opt('report')
if (report !== undefined)
  await fs.writeFile(report, JSON.stringify({ numPassedTests: passed, numFailedTests: failed }))
process.exit(failed === 0 ? 0 : 1)
