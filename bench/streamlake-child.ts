/**
 * The streamlake side of the benchmark: one process per (workload, repetition), driven by the
 * harness over stdin/stdout, one JSON object per line (bench/spark_bench.py speaks the same
 * protocol for Spark). Requests:
 *   {"op":"start","workload","input","data","checkpoints","users","mode":"latency"|"throughput",
 *    "maxFilesPerTrigger"?}
 *     → {"started":true,"startCalledAtMs","startReturnedAtMs"}; a throughput run (availableNow)
 *       then reports {"done":true,"rows","batches","startCalledAtMs","endAtMs"}
 *   {"op":"stop"} → {"stopped":true,"batches"}     (stops the running latency query)
 *   {"op":"exit"} → exits
 * Times are epoch milliseconds (fractional) so the harness can compare them with its own clock.
 * With STREAMLAKE_BENCH_REMOTE=sc://… (the `connect` engine) the same queries run on that Spark
 * Connect server through a remote session: the paths the harness sends are absolute, and the
 * server shares this machine's file system.
 */
import { join } from 'node:path'
import { createInterface } from 'node:readline'
import { readEvents, writeToDelta } from '../src/apps/seed-app-io.js'
import type { SeedAppOptions } from '../src/apps/seed-app-options.js'
import { startDedup } from '../src/apps/dedup-app.js'
import { startPassthrough } from '../src/apps/passthrough-app.js'
import { startSessions } from '../src/apps/sessions-app.js'
import { startSliding, startTumbling } from '../src/apps/windowed-apps.js'
import { EVENT_SCHEMA_DDL } from '../src/apps/event-schema.js'
import { SparkSession, col, from_json, type StreamingQuery } from '../src/index.js'
import { WORKLOADS, isWorkloadName } from './support/workloads.js'

interface StartRequest {
  op: 'start'
  workload: string
  input: string
  data: string
  checkpoints: string
  users: string
  mode: 'latency' | 'throughput'
  maxFilesPerTrigger?: number
  /** The kafka workload's broker and topic, and its batch size in records. */
  kafkaBootstrap?: string
  kafkaTopic?: string
  maxOffsetsPerTrigger?: number
}
type Request = StartRequest | { op: 'stop' } | { op: 'exit' }

const nowMs = (): number => performance.timeOrigin + performance.now()
const send = (msg: object): void => {
  process.stdout.write(`${JSON.stringify(msg)}\n`)
}

const remote = process.env['STREAMLAKE_BENCH_REMOTE']
const builder = SparkSession.builder()
  .appName('streamlake-bench')
  .config('spark.sql.session.timeZone', 'UTC')
if (remote !== undefined && remote !== '') builder.remote(remote)
const spark = builder.getOrCreate()
// Counted from progress events, not recentProgress (which keeps only the latest batches).
const counted = new Map<string, { rows: number; batches: number }>()
spark.streams.addListener({
  onQueryProgress: ({ progress: p }) => {
    const c = counted.get(p.runId) ?? { rows: 0, batches: 0 }
    c.rows += p.numInputRows
    c.batches += 1
    counted.set(p.runId, c)
  },
})

function startWorkload(req: StartRequest): Promise<StreamingQuery> {
  if (!isWorkloadName(req.workload)) throw new Error(`unknown workload ${req.workload}`)
  const o: SeedAppOptions = {
    input: req.input,
    data: req.data,
    checkpoints: req.checkpoints,
    ...(req.mode === 'throughput' ? { trigger: { availableNow: true } } : {}),
    ...(req.maxFilesPerTrigger !== undefined ? { maxFilesPerTrigger: req.maxFilesPerTrigger } : {}),
  }
  switch (req.workload) {
    case 'passthrough':
      return startPassthrough(spark, o)
    case 'tumbling':
      return startTumbling(spark, o)
    case 'sliding':
      return startSliding(spark, o)
    case 'dedup':
      return startDedup(spark, o)
    case 'sessions':
      return startSessions(spark, o)
    case 'kafka': {
      // Kafka → Delta: each record's value is a JSON line of the seed's events.
      let reader = spark.readStream
        .format('kafka')
        .option('kafka.bootstrap.servers', req.kafkaBootstrap!)
        .option('subscribe', req.kafkaTopic!)
        .option('startingOffsets', 'earliest')
      if (req.maxOffsetsPerTrigger !== undefined)
        reader = reader.option('maxOffsetsPerTrigger', req.maxOffsetsPerTrigger)
      const events = reader
        .load()
        .select(from_json(col('value').cast('string'), EVENT_SCHEMA_DDL).alias('e'))
        .select('e.*')
      const w = WORKLOADS.kafka
      return writeToDelta(events, o, {
        table: join(req.data, w.table),
        checkpoint: join(req.checkpoints, w.checkpoint),
        name: w.checkpoint,
        outputMode: 'append',
      })
    }
    case 'join': {
      // The seed's inner join, on the harness's shared users table (the same one Spark reads).
      const users = spark.read.format('delta').load(req.users)
      const w = WORKLOADS.join
      return writeToDelta(readEvents(spark, o).join(users, 'user_id', 'inner'), o, {
        table: join(req.data, w.table),
        checkpoint: join(req.checkpoints, w.checkpoint),
        name: 'enriched',
        outputMode: 'append',
      })
    }
  }
}

let running: StreamingQuery | undefined
const lines = createInterface({ input: process.stdin })
send({ ready: true, engine: remote ? 'connect' : 'streamlake', node: process.version })
for await (const line of lines) {
  if (line.trim() === '') continue
  const req = JSON.parse(line) as Request
  if (req.op === 'exit') break
  if (req.op === 'stop') {
    const batches =
      running === undefined
        ? 0
        : (counted.get(running.runId)?.batches ?? running.recentProgress.length)
    await running?.stop()
    running = undefined
    send({ stopped: true, batches })
    continue
  }
  const startCalledAtMs = nowMs()
  const query = await startWorkload(req)
  send({ started: true, startCalledAtMs, startReturnedAtMs: nowMs() })
  if (req.mode === 'latency') {
    running = query
    continue
  }
  await query.awaitTermination()
  const endAtMs = nowMs()
  // A remote query's progress reaches listeners only through the Connect listener bus; its
  // recentProgress (Spark keeps the last 100 batches) counts as well.
  const c = counted.get(query.runId) ?? {
    rows: query.recentProgress.reduce((n, p) => n + p.numInputRows, 0),
    batches: query.recentProgress.length,
  }
  send({
    done: true,
    rows: c.rows,
    batches: c.batches,
    startCalledAtMs,
    endAtMs,
  })
}
process.exit(0)
