/**
 * The streaming file sink under SIGKILL: a child process streams generator events into a
 * json or partitioned parquet sink and is killed at points of the protocol picked at random
 * (seeded) from the points a clean run passes (source log, offsets, each part file, the
 * `_spark_metadata` entry, the temp file of every atomic write, the commit log), and at random
 * moments several times in a row; then it runs to the end. The files the log lists hold every
 * input row exactly once — as our reader (which honours `_spark_metadata`) returns them — the log
 * has one entry per batch and lists only existing, distinct files; part files a killed attempt
 * left are not listed. A failure names the seed and the crash points.
 */
import { spawn } from 'node:child_process'
import { promises as fs } from 'node:fs'
import { join } from 'node:path'
import { beforeAll, describe, expect, it } from 'vitest'
import { EVENT_SCHEMA_DDL, generateEvents, SparkSession } from '../../src/index.js'
import { FileSinkLog, localPathOf } from '../../src/sinks/file/file-sink-log.js'
import { bundleForNode } from '../delta/support/bundle-child.js'
import { canonicalRows, readEventFiles } from '../support/event-files.js'
import { tempDir } from '../support/temp-dir.js'

const BATCHES = 7
const SEED = Number(process.env['STREAMLAKE_CRASH_SEED'] ?? 20261206)
let child: string
let input: string
let expected: string[]
/** JSON output: Spark's default timestampFormat (…ss.SSSXXX) keeps milliseconds. */
let expectedJson: string[]

interface Run {
  code: number | null
  signal: NodeJS.Signals | null
  stderr: string
}

function run(
  root: string,
  format: string,
  partitionBy: string,
  opts: { env?: Record<string, string>; killAfterMs?: number } = {},
): Promise<Run> {
  return new Promise((resolve, reject) => {
    const p = spawn(
      process.execPath,
      [child, input, join(root, 'out'), join(root, 'checkpoint'), format, partitionBy],
      { env: { ...process.env, ...opts.env }, stdio: ['ignore', 'pipe', 'pipe'] },
    )
    let stderr = ''
    p.stderr.on('data', (d: Buffer) => (stderr += d.toString()))
    const timer = setTimeout(() => p.kill('SIGKILL'), opts.killAfterMs ?? 60_000)
    p.on('error', reject)
    p.on('close', (code, signal) => {
      clearTimeout(timer)
      resolve({ code, signal, stderr })
    })
  })
}

/** Mulberry32: a small seeded generator, so that a failure can be replayed with its seed. */
function random(seed: number): () => number {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

async function partFiles(dir: string): Promise<string[]> {
  const names = await fs.readdir(dir, { recursive: true })
  return names.filter((n) => /(^|\/)part-[^/]*$/.test(n)).map((n) => join(dir, n))
}

async function checkOutput(root: string, what: string): Promise<void> {
  const out = join(root, 'out')
  const log = new FileSinkLog(out)
  const listed = (await log.allFiles()).map(localPathOf)
  expect(new Set(listed).size, `${what}: distinct files`).toBe(listed.length)
  for (const f of listed) await expect(fs.stat(f), `${what}: ${f} exists`).resolves.toBeTruthy()
  expect(await log.latestBatchId(), what).toBe(BATCHES - 1)
  const spark = SparkSession.builder().getOrCreate().newSession()
  spark.conf.set('spark.sql.session.timeZone', 'UTC')
  const format = listed[0]!.endsWith('.json') ? 'json' : 'parquet'
  const { rows } = await spark.read.format(format).schema(EVENT_SCHEMA_DDL).load(out).collectRows()
  expect(canonicalRows(rows), `${what}: every row once`).toEqual(
    format === 'json' ? expectedJson : expected,
  )
  // Everything on disk beyond the listed files is a killed attempt's, never read.
  const onDisk = await partFiles(out)
  for (const f of listed) expect(onDisk).toContain(f)
}

beforeAll(async () => {
  child = await bundleForNode(join(__dirname, 'support/file-sink-child.ts'))
  input = join(await tempDir(), 'input')
  await generateEvents({
    out: input,
    batches: BATCHES,
    eventsPerBatch: 25,
    seed: 21,
    startTime: '2026-11-24T10:00:00Z',
  })
  const events = await readEventFiles(input)
  expected = canonicalRows(events)
  expectedJson = canonicalRows(
    events.map((e) => [e[0], Math.floor(e[1] / 1000) * 1000, ...e.slice(2)]),
  )
}, 60_000)

describe('file sink crash recovery (SIGKILL)', () => {
  it.each([
    ['json', ''],
    ['parquet', 'event_type'],
  ])(
    '%s sink (partitionBy [%s]): killed at random points of the protocol, then restarted',
    async (format, partitionBy) => {
      // The points a clean run passes, with how often.
      const traceRoot = await tempDir()
      const trace = join(traceRoot, 'trace')
      const clean = await run(traceRoot, format, partitionBy, {
        env: { STREAMLAKE_CRASH_TRACE: trace },
      })
      expect(clean.code, clean.stderr).toBe(0)
      await checkOutput(traceRoot, 'clean run')
      const counts = new Map<string, number>()
      for (const p of (await fs.readFile(trace, 'utf8')).split('\n').filter(Boolean))
        counts.set(p, (counts.get(p) ?? 0) + 1)
      expect([...counts.keys()]).toEqual(
        expect.arrayContaining(['file-sink-part-written', 'file-sink-log-written']),
      )
      const next = random(SEED + format.length)
      for (const [point, count] of counts) {
        const n = 1 + Math.floor(next() * count)
        const what = `seed ${SEED}: ${point}:${n} of ${count}`
        const root = await tempDir()
        const crashed = await run(root, format, partitionBy, {
          env: { STREAMLAKE_CRASH_AT: `${point}:${n}` },
        })
        expect(crashed.signal, what).toBe('SIGKILL')
        const restarted = await run(root, format, partitionBy)
        expect(restarted.code, `${what}\n${restarted.stderr}`).toBe(0)
        await checkOutput(root, what)
      }
    },
    300_000,
  )

  it('killed at random moments again and again, then run to the end', async () => {
    const root = await tempDir()
    const next = random(SEED)
    const delays = Array.from({ length: 6 }, () => 150 + Math.floor(next() * 900))
    let kills = 0
    for (const ms of delays) {
      const r = await run(root, 'parquet', 'event_type', { killAfterMs: ms })
      if (r.signal === 'SIGKILL') kills++
      else expect(r.code, r.stderr).toBe(0)
    }
    const last = await run(root, 'parquet', 'event_type')
    expect(last.code, last.stderr).toBe(0)
    await checkOutput(root, `seed ${SEED}: kills after ${delays.join(', ')} ms`)
    expect(kills).toBeGreaterThan(0)
  }, 300_000)
})
