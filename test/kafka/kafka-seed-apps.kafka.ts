/**
 * The seed on Kafka: the generator's batches published to a topic (the publisher behind
 * `streamlake generate --kafka` and `streamlake demo --source kafka`), and the seven seed apps
 * reading that topic write the same Delta tables as the same apps reading the JSON files.
 * Batches are aligned — one file per batch (maxFilesPerTrigger=1) against one file's worth of
 * offsets per batch (maxOffsetsPerTrigger on a 1-partition topic) — so watermarks advance the
 * same way and late rows are dropped alike; the files' results are what the Spark oracle checks.
 */
import { spawnSync } from 'node:child_process'
import { promises as fs } from 'node:fs'
import { join, resolve } from 'node:path'
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import { SEED_APPS, startSeedApp, type SeedAppOptions } from '../../src/apps/index.js'
import { KafkaEventPublisher } from '../../src/cli/kafka-event-publisher.js'
import { DeltaLog, readSnapshotRows } from '../../src/delta/index.js'
import { generateEvents, SparkSession } from '../../src/index.js'
import { tempDir } from '../support/temp-dir.js'
import { KafkaTestCluster } from './support/topics.js'

const bootstrap = inject('kafkaBootstrap')
const REPO = resolve(import.meta.dirname, '../..')
const EVENTS_PER_BATCH = 80
let cluster: KafkaTestCluster
beforeAll(() => {
  cluster = new KafkaTestCluster(bootstrap)
})
afterAll(async () => {
  await cluster.close()
})

/** Runs all seven apps to the end of their input; returns the tables' directory. */
async function runApps(o: SeedAppOptions): Promise<string> {
  const spark = SparkSession.builder().getOrCreate().newSession()
  spark.conf.set('spark.sql.session.timeZone', 'UTC')
  for (const name of Object.keys(SEED_APPS))
    for (const query of await startSeedApp(spark, name, o)) {
      expect(await query.awaitTermination(120_000)).toBe(true)
      expect(query.exception()).toBeNull()
    }
  return o.data
}

/** Every Delta table under `root` (nested: late_events and the like), rows sorted. */
async function tables(root: string): Promise<Record<string, { schema: string; rows: string[] }>> {
  const out: Record<string, { schema: string; rows: string[] }> = {}
  const visit = async (dir: string, name: string): Promise<void> => {
    const entries = await fs.readdir(dir, { withFileTypes: true })
    if (entries.some((e) => e.name === '_delta_log')) {
      const snapshot = await DeltaLog.forTable(dir).snapshot()
      const rows = await readSnapshotRows(snapshot)
      out[name] = {
        schema: JSON.stringify(snapshot.schema.fields.map((f) => [f.name, f.dataType])),
        rows: rows.map((r) => JSON.stringify(r)).sort(),
      }
      return
    }
    for (const e of entries)
      if (e.isDirectory()) await visit(join(dir, e.name), name ? `${name}/${e.name}` : e.name)
  }
  await visit(root, '')
  return out
}

describe('the seed on Kafka', () => {
  it('streamlake generate --kafka --partitions N creates the topic with N partitions and fills them', async () => {
    const topic = `generated-${Date.now()}`
    const run = spawnSync(
      process.execPath,
      [
        join(REPO, 'dist/cli/main.js'),
        'generate',
        '--kafka',
        bootstrap,
        '--topic',
        topic,
        '--partitions',
        '4',
        '--batches',
        '2',
        '--events-per-batch',
        '60',
        '--seed',
        '7',
        '--start-time',
        '2026-11-24T10:00:00',
        '--quiet',
      ],
      { encoding: 'utf8', timeout: 120_000 },
    )
    expect(run.stderr).toBe('')
    expect(run.status).toBe(0)
    const metadata = await cluster.admin.metadata({ topics: [topic] })
    expect(metadata.topics.get(topic)?.partitionsCount).toBe(4)
    const { rows } = await SparkSession.builder()
      .getOrCreate()
      .newSession()
      .read.format('kafka')
      .option('kafka.bootstrap.servers', bootstrap)
      .option('subscribe', topic)
      .load()
      .collectRows()
    // 2 batches of 60 events (duplicates included), keyed by event_id over all four partitions.
    expect(rows).toHaveLength(120)
    expect(new Set(rows.map((r) => r[3])).size).toBe(4)
  })

  it('the seven apps from the topic write the same tables as from the files', async () => {
    const root = await tempDir()
    const topic = await cluster.createTopic('seed-events', 1)
    const publisher = await KafkaEventPublisher.connect(bootstrap, topic)
    const generated = await generateEvents({
      out: join(root, 'input'),
      batches: 4,
      eventsPerBatch: EVENTS_PER_BATCH,
      seed: 16,
      startTime: '2026-11-24T10:00:00',
      // The demo's lateness tail, so the watermark apps drop rows (late_events).
      lateTailFraction: 0.05,
      onBatch: async (batch) => {
        await publisher.publish(batch)
      },
    })
    await publisher.close()
    const common = { input: join(root, 'input'), trigger: { availableNow: true } as const }
    const fromFiles = await tables(
      await runApps({
        ...common,
        data: join(root, 'files', 'data'),
        checkpoints: join(root, 'files', 'checkpoints'),
        maxFilesPerTrigger: 1,
      }),
    )
    const fromKafka = await tables(
      await runApps({
        ...common,
        data: join(root, 'kafka', 'data'),
        checkpoints: join(root, 'kafka', 'checkpoints'),
        kafka: { bootstrapServers: bootstrap, topic, maxOffsetsPerTrigger: EVENTS_PER_BATCH },
      }),
    )
    expect(Object.keys(fromFiles).length).toBeGreaterThanOrEqual(8)
    expect(Object.keys(fromKafka).sort()).toEqual(Object.keys(fromFiles).sort())
    for (const name of Object.keys(fromFiles)) {
      expect(fromKafka[name]!.schema, name).toBe(fromFiles[name]!.schema)
      expect(fromKafka[name]!.rows, name).toEqual(fromFiles[name]!.rows)
    }
    // The passthrough table holds every event; the watermark app dropped some late ones.
    expect(fromFiles['events']!.rows.length).toBe(generated.events)
    expect(fromFiles['late_events']?.rows.length ?? 0).toBeGreaterThan(0)
  })
})
