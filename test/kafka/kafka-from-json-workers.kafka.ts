/**
 * `from_json(CAST(value AS STRING), schema).alias('e')` then `select('e.*')` over Kafka runs on the
 * JSON parse workers (src/exec/from-json-chunks.ts) when the engine runs compiled: the values go
 * to the workers in one buffer and come back packed by column. This runs the same query twice in
 * child processes on the built package — with workers, and with STREAMLAKE_JSON_WORKERS=0 (the
 * row path, whose from_json the oracle checks against Spark on these same malformed values) —
 * and wants the same Delta table, for values that exercise every rule: malformed, blank, null
 * (tombstones), multi-line documents, top-level arrays, invalid UTF-8, nested types. FAILFAST
 * stops with the same error on both paths.
 */
import { spawn } from 'node:child_process'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { Producer } from '@platformatic/kafka'
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import { SparkSession } from '../../src/index.js'
import { tempDir } from '../support/temp-dir.js'
import { KafkaTestCluster, type TestRecord } from './support/topics.js'

const bootstrap = inject('kafkaBootstrap')
const DIST = new URL('../../dist/index.js', import.meta.url).href
const POOL = new URL('../../dist/sources/file/json-worker-pool.js', import.meta.url).href
const SCHEMA = 'a INT, b STRING, ts TIMESTAMP, tags ARRAY<STRING>, inner STRUCT<x: DOUBLE>'

let cluster: KafkaTestCluster
beforeAll(() => {
  cluster = new KafkaTestCluster(bootstrap)
})
afterAll(async () => {
  await cluster.close()
})

const VALUES: (string | null)[] = [
  '{"a": 1, "b": "x", "ts": "2026-01-02T03:04:05.123456Z", "tags": ["p", "q"], "inner": {"x": 1.5}}',
  '{"a": "not a number", "b": "y"}',
  '{"a": 2',
  'plain text',
  '',
  '   ',
  null,
  '[{"a": 3}]',
  '{"b": "only b"}',
  '{"a": 4.5}',
  '{"a": 5,\n "b": "two\\nlines",\r\n "tags": []}',
  '{"a": 2147483648, "b": "too big for INT"}',
  '{"b": "ünïcødé ✓", "inner": null, "tags": [null, "z"]}',
  '{"a": 6, "ts": "not a time"}',
]

/** The child: the topic through the query into a Delta table, availableNow. */
function childScript(topic: string, table: string, mode: string): string {
  return `
    import { SparkSession, col, from_json } from ${JSON.stringify(DIST)}
    const spark = SparkSession.builder().getOrCreate()
    const q = await spark.readStream.format('kafka')
      .option('kafka.bootstrap.servers', ${JSON.stringify(bootstrap)})
      .option('subscribe', ${JSON.stringify(topic)})
      .option('startingOffsets', 'earliest')
      .option('maxOffsetsPerTrigger', '5000')
      .load()
      .select(from_json(col('value').cast('string'), ${JSON.stringify(SCHEMA)}, { mode: ${JSON.stringify(mode)} }).alias('e'))
      .select('e.*')
      .writeStream.format('delta')
      .option('checkpointLocation', ${JSON.stringify(`${table}-checkpoint`)})
      .trigger({ availableNow: true })
      .start(${JSON.stringify(table)})
    await q.awaitTermination()
    await spark.stop()
    const { jsonWorkerPool } = await import(${JSON.stringify(POOL)})
    process.stdout.write(String(jsonWorkerPool()?.filesParsed ?? 0))
  `
}

/** Runs a child; `parsedOnWorkers` is how many requests the parse workers answered. */
function run(
  script: string,
  workers: boolean,
): Promise<{ code: number | null; stderr: string; parsedOnWorkers: number }> {
  const child = spawn(process.execPath, ['--input-type=module', '-e', script], {
    cwd: fileURLToPath(new URL('../..', import.meta.url)),
    env: { ...process.env, STREAMLAKE_JSON_WORKERS: workers ? '2' : '0' },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let stdout = ''
  let stderr = ''
  child.stdout.on('data', (d: Buffer) => (stdout += d.toString()))
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()))
  return new Promise((resolve) =>
    child.on('exit', (code) => resolve({ code, stderr, parsedOnWorkers: Number(stdout) })),
  )
}

async function tableRows(path: string): Promise<string[]> {
  const spark = SparkSession.builder().getOrCreate().newSession()
  const rows = await spark.read.format('delta').load(path).collect()
  return rows.map((r) =>
    JSON.stringify(r, (_, v: unknown) => (typeof v === 'bigint' ? `${v}n` : v)),
  )
}

describe('from_json of Kafka values on the parse workers', () => {
  it('writes the same table as the row path, for every kind of value, over several batches', async () => {
    const topic = await cluster.createTopic('from-json-workers', 2)
    // Enough records for several batches and several worker pieces per batch.
    const records: TestRecord[] = []
    for (let i = 0; i < 12_000; i++)
      records.push({ partition: i % 2, value: VALUES[i % VALUES.length]! })
    // Invalid UTF-8 inside a string: U+FFFD after CAST(value AS STRING), as Spark.
    await cluster.produce(topic, records)
    const raw = new Producer({ clientId: 'raw', bootstrapBrokers: [bootstrap] })
    await raw.send({
      messages: [
        {
          topic,
          partition: 0,
          value: Buffer.concat([Buffer.from('{"b": "bad '), Buffer.from([0xc3, 0x28, 0x22, 0x7d])]),
        },
      ],
    })
    await raw.close()
    const root = await tempDir()
    const [pooled, rowPath] = [join(root, 'workers'), join(root, 'rows')]
    const a = await run(childScript(topic, pooled, 'PERMISSIVE'), true)
    expect(a.code, a.stderr).toBe(0)
    expect(a.parsedOnWorkers).toBeGreaterThan(2)
    const b = await run(childScript(topic, rowPath, 'PERMISSIVE'), false)
    expect(b.code, b.stderr).toBe(0)
    expect(b.parsedOnWorkers).toBe(0)
    const withWorkers = (await tableRows(pooled)).sort()
    const onRows = (await tableRows(rowPath)).sort()
    expect(withWorkers.length).toBe(records.length + 1)
    expect(withWorkers).toEqual(onRows)
    // Spot checks of Spark's rules (the oracle checks the row path on these values too).
    expect(withWorkers).toContain(
      JSON.stringify({ a: null, b: null, ts: null, tags: null, inner: null }),
    )
    expect(withWorkers.some((r) => r.includes('"b":"bad \ufffd("'))).toBe(true)
  })

  it('FAILFAST stops at the first malformed value with the same error on both paths', async () => {
    const topic = await cluster.createTopic('from-json-failfast', 1)
    const records: TestRecord[] = Array.from({ length: 3_000 }, (_, i) => ({
      partition: 0,
      value: i === 2_500 ? '{"a": 2' : `{"a": ${i}}`,
    }))
    await cluster.produce(topic, records)
    const root = await tempDir()
    const a = await run(childScript(topic, join(root, 'workers'), 'FAILFAST'), true)
    const b = await run(childScript(topic, join(root, 'rows'), 'FAILFAST'), false)
    expect(a.code).not.toBe(0)
    expect(b.code).not.toBe(0)
    const code = (s: string): string | undefined => /SL_[A-Z_]+/.exec(s)?.[0]
    expect(code(a.stderr)).toBeDefined()
    expect(code(a.stderr)).toBe(code(b.stderr))
  })
})
