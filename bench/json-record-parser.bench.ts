/**
 * Throughput of the JSON reader on generator-shaped lines (target: ≥ 600k lines/s on one core),
 * and of the timestamp parser on its hot format. Plain script: compile with tsc and run with node.
 */
import { parseTimestamp } from '../src/internal/time/timestamp-parser.js'
import { JsonRecordParser, parseOptions } from '../src/sources/file/json-record-parser.js'
import { DataTypes as T, structField, structType } from '../src/types/index.js'

const LINES = 200_000
const ROUNDS = 7

const schema = structType([
  structField('event_id', T.StringType),
  structField('timestamp', T.TimestampType),
  structField('user_id', T.IntegerType),
  structField('event_type', T.StringType),
  structField('value', T.DoubleType),
  structField('session_id', T.StringType),
])

function uuid(i: number): string {
  const h = (n: number, w: number) => (n >>> 0).toString(16).padStart(w, '0').slice(-w)
  return `${h(i * 2654435761, 8)}-${h(i, 4)}-4${h(i * 7, 3)}-a${h(i * 13, 3)}-${h(i * 40503, 8)}${h(i, 4)}`
}

function generate(n: number): string {
  const types = ['click', 'view', 'purchase', 'scroll']
  const base = Date.UTC(2026, 10, 24, 10, 0, 0)
  const out: string[] = []
  for (let i = 0; i < n; i++) {
    const t = new Date(base + i * 7)
      .toISOString()
      .replace('Z', '')
      .replace(/\.(\d{3})$/, `.$1${String(i % 1000).padStart(3, '0')}`)
    const value = ((i * 7919) % 100_000) / 100
    out.push(
      `{"event_id":"${uuid(i)}","timestamp":"${t}","user_id":${i % 1000},"event_type":"${types[i % 4]}","value":${value},"session_id":"session_${i % 50}"}`,
    )
  }
  return `${out.join('\n')}\n`
}

function measure(label: string, work: () => number, units: number): void {
  // CPU time (user + system) is reported next to wall time: on a shared, loaded box wall time
  // mostly measures the neighbours.
  const rates: number[] = []
  const cpuRates: number[] = []
  for (let r = 0; r < ROUNDS; r++) {
    const start = process.hrtime.bigint()
    const cpu = process.cpuUsage()
    const count = work()
    const seconds = Number(process.hrtime.bigint() - start) / 1e9
    const used = process.cpuUsage(cpu)
    if (count !== units) throw new Error(`${label}: expected ${units}, got ${count}`)
    rates.push(units / seconds)
    cpuRates.push(units / ((used.user + used.system) / 1e6))
  }
  rates.sort((a, b) => a - b)
  cpuRates.sort((a, b) => a - b)
  const median = rates[Math.floor(rates.length / 2)]!
  const cpuMedian = cpuRates[Math.floor(cpuRates.length / 2)]!
  console.log(
    `${label}: ${Math.round(median).toLocaleString('en-US')} /s wall, ${Math.round(cpuMedian).toLocaleString('en-US')} /s CPU (medians of ${ROUNDS})`,
  )
}

const text = generate(LINES)
console.log(
  `${LINES} lines, ${(text.length / LINES).toFixed(0)} chars/line; sample: ${text.slice(0, text.indexOf('\n'))}`,
)
for (const zone of ['UTC', 'America/Los_Angeles']) {
  const parser = new JsonRecordParser(schema, parseOptions({}, zone))
  measure(
    `JsonRecordParser lines (${zone})`,
    () => parser.parse(text, 'bench.json').rows.length,
    LINES,
  )
}
const chunked = new JsonRecordParser(schema, parseOptions({}, 'UTC'))
const chunks = text.split('\n').reduce<string[][]>((acc, line, i) => {
  if (line.length === 0) return acc
  if (i % 1000 === 0) acc.push([])
  acc.at(-1)!.push(line)
  return acc
}, [])
const chunkTexts = chunks.map((c) => `${c.join('\n')}\n`)
measure(
  'JsonRecordParser lines (UTC, 1000-line chunks)',
  () => chunkTexts.reduce((n, c) => n + chunked.parse(c, 'bench.json').rows.length, 0),
  LINES,
)
measure(
  'JSON.parse baseline (no conversion)',
  () =>
    text.split('\n').reduce((n, l) => (l.length > 0 ? (JSON.parse(l) as unknown, n + 1) : n), 0),
  LINES,
)

const stamps = Array.from(
  { length: 100_000 },
  (_, i) =>
    `2026-11-24T10:${String(i % 60).padStart(2, '0')}:30.${String(i % 1_000_000).padStart(6, '0')}`,
)
for (const zone of ['UTC', 'America/Los_Angeles']) {
  measure(
    `parseTimestamp (${zone})`,
    () => stamps.reduce((n, s) => (parseTimestamp(s, zone) === null ? n : n + 1), 0),
    stamps.length,
  )
}
const general = stamps.map((s) => ` ${s.replace('T', ' ')}+01:00`)
measure(
  'parseTimestamp general path (space, offset)',
  () => general.reduce((n, s) => (parseTimestamp(s, 'UTC') === null ? n : n + 1), 0),
  general.length,
)
