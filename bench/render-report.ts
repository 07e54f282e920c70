/**
 * Re-renders DIR/benchmarks.md and DIR/performance_charts.png from DIR/benchmarks.json (after a
 * change to the report's layout, without measuring again): `node build/bench/render-report.js DIR`.
 */
import { promises as fs } from 'node:fs'
import { join } from 'node:path'
import { renderBenchCharts } from './support/bench-charts.js'
import { benchMarkdown } from './support/bench-markdown.js'
import type { BenchResults } from './support/bench-results.js'

const dir = process.argv[2] ?? 'results'
const results = JSON.parse(await fs.readFile(join(dir, 'benchmarks.json'), 'utf8')) as BenchResults
const s = results.settings as { latencyRuns?: number; latencyRates?: number[] }
const rates = (s.latencyRuns ?? 0) > 0 ? (s.latencyRates ?? []) : []
await fs.writeFile(join(dir, 'benchmarks.md'), benchMarkdown(results, rates))
await fs.writeFile(join(dir, 'performance_charts.png'), await renderBenchCharts(results, rates))
process.stdout.write(`re-rendered ${join(dir, 'benchmarks.md')} and performance_charts.png\n`)
