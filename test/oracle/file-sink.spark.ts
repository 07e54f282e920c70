/**
 * The streaming file sinks against Spark's FileStreamSink: the same JSON input (12 files, one per
 * trigger, Trigger.AvailableNow) streamed into json/csv/parquet, partitioned and not, by both
 * engines. Then:
 * - Spark reads our output as it reads its own (same schema and rows), and our reader reads both
 *   outputs as Spark does — with a copy of a part file the log does not list (a crashed
 *   attempt's leftover) in each output, which both readers must ignore;
 * - the `_spark_metadata` logs have the same shape: the same file names (compaction at the same
 *   batch ids, the same deletions with a short retention), `v1`, and per entry the same fields in
 *   the same order with the same types and values (path layout, isDir, blockReplication,
 *   blockSize, action; sizes too for the text formats, whose bytes match Spark's);
 * - the streaming file sources: Spark's reads our output and ours reads Spark's, logged files only.
 */
import { randomUUID } from 'node:crypto'
import { promises as fs } from 'node:fs'
import { basename, dirname, join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { col, schemaToJson, window, type SparkSession } from '../../src/index.js'
import { tempDir } from '../support/temp-dir.js'
import { compareTables } from './support/compare.js'
import { encodeValue, type DeltaTableResult } from './support/engine-result.js'
import { oracleCall, type OracleValue, type SchemaJson } from './support/oracle-client.js'
import { oursSession } from './support/run-ours.js'

const DDL = 'id INT, name STRING, k STRING, ts TIMESTAMP, x DOUBLE'
const FILES = 12
/** The values of the partition column k, by id % 3. */
const KEYS = ['a:b', null, 'c']

interface LogFile {
  version: string
  entries: Record<string, unknown>[]
}
type Metadata = Record<string, LogFile>

/** 12 JSON files of 2 rows, modification times one second apart (the order both engines read). */
async function writeInput(dir: string): Promise<void> {
  await fs.mkdir(dir, { recursive: true })
  const names = ['plain', 'a,"b"', null, 'ü x']
  for (let f = 0; f < FILES; f++) {
    const lines: string[] = []
    for (const id of [2 * f, 2 * f + 1])
      lines.push(
        JSON.stringify({
          id,
          name: names[id % 4],
          k: KEYS[id % 3],
          ts: `2026-01-02T03:04:${String(id).padStart(2, '0')}.123456Z`,
          x: id % 5 === 0 ? -0.25 : id * 1.5,
        }),
      )
    const file = join(dir, `f${String(f).padStart(2, '0')}.json`)
    await fs.writeFile(file, `${lines.join('\n')}\n`)
    const t = new Date(Date.UTC(2026, 0, 1, 0, 0, f))
    await fs.utimes(file, t, t)
  }
}

async function ourMetadata(path: string): Promise<Metadata> {
  const dir = join(path, '_spark_metadata')
  const out: Metadata = {}
  for (const name of (await fs.readdir(dir)).sort()) {
    if (name.startsWith('.')) continue
    const [version, ...lines] = (await fs.readFile(join(dir, name), 'utf8')).split('\n')
    out[name] = {
      version: version!,
      entries: lines.map((l) => JSON.parse(l) as Record<string, unknown>),
    }
  }
  return out
}

/** The log without what differs by run: uuids, the output's location, times. */
function logShape(meta: Metadata, out: string, withSizes: boolean): unknown {
  const prefix = `file://${out}/`
  return Object.fromEntries(
    Object.entries(meta).map(([name, file]) => [
      name,
      {
        version: file.version,
        entries: file.entries
          .map((e) => ({
            keys: Object.keys(e),
            types: Object.values(e).map((v) => typeof v),
            path: String(e['path'])
              .replace(prefix, '')
              .replace(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/, 'UUID'),
            ...(withSizes ? { size: e['size'] } : {}),
            isDir: e['isDir'],
            blockReplication: e['blockReplication'],
            blockSize: e['blockSize'],
            action: e['action'],
          }))
          .sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0)),
      },
    ]),
  )
}

/** A copy of a logged part file under a name no entry lists (a crashed attempt's file). */
async function addOrphan(meta: Metadata): Promise<void> {
  const first = Object.values(meta).find((f) => f.entries.length > 0)!.entries[0]!
  const file = new URL(String(first['path'])).pathname
  const name = basename(file).replace(/[0-9a-f]{8}-[0-9a-f-]{27}/, randomUUID())
  await fs.copyFile(decodeURIComponent(file), join(dirname(decodeURIComponent(file)), name))
}

async function ourRead(
  spark: SparkSession,
  format: string,
  path: string,
  options: Record<string, string>,
  ddl: string | undefined,
): Promise<DeltaTableResult> {
  let reader = spark.read.format(format).options(options)
  if (ddl) reader = reader.schema(ddl)
  const { schema, rows } = await reader.load(path).collectRows()
  return {
    schema: JSON.parse(schemaToJson(schema)) as SchemaJson,
    rows: rows.map((r) => r.map<OracleValue>((v) => encodeValue(v))),
  }
}

const sparkRead = (
  format: string,
  path: string,
  options: Record<string, string>,
  ddl: string | undefined,
) =>
  oracleCall<DeltaTableResult>('batch_writer', 'read_files', {
    path,
    format,
    options,
    ...(ddl ? { ddl } : {}),
  })

interface SinkCase {
  format: 'json' | 'csv' | 'parquet'
  partitionBy: string[]
  options: Record<string, string>
  conf?: Record<string, string>
  /** The log files both engines must leave. */
  logFiles: string[]
  /** Also read without a schema (Parquet: the footer's schema and discovered partitions). */
  inferSchema?: boolean
  streamBack?: boolean
}

const DEFAULT_LOG = ['0', '1', '10', '11', '2', '3', '4', '5', '6', '7', '8', '9.compact']

async function checkSink(c: SinkCase): Promise<void> {
  const root = await tempDir('streamlake-oracle-file-sink-')
  const input = join(root, 'in')
  await writeInput(input)
  const ours = join(root, 'ours')
  const theirs = join(root, 'spark')
  const spark = oursSession()
  for (const [k, v] of Object.entries(c.conf ?? {})) spark.conf.set(k, v)
  const q = await spark.readStream
    .format('json')
    .schema(DDL)
    .option('maxFilesPerTrigger', 1)
    .load(input)
    .writeStream.format(c.format)
    .options(c.options)
    .partitionBy(...c.partitionBy)
    .option('checkpointLocation', join(root, 'cp-ours'))
    .trigger({ availableNow: true })
    .start(ours)
  await q.awaitTermination()
  const spark_ = await oracleCall<{ metadata: Metadata }>('file_sink', 'stream_to_files', {
    input,
    path: theirs,
    checkpoint: join(root, 'cp-spark'),
    format: c.format,
    ddl: DDL,
    partition_by: c.partitionBy,
    options: c.options,
    conf: c.conf ?? {},
  })
  const mine = await ourMetadata(ours)

  // The logs: same files (compactions, deletions) and the same entries.
  expect(Object.keys(spark_.metadata).sort()).toEqual([...c.logFiles].sort())
  expect(Object.keys(mine).sort()).toEqual([...c.logFiles].sort())
  const sizes = c.format !== 'parquet'
  expect(logShape(mine, ours, sizes)).toEqual(logShape(spark_.metadata, theirs, sizes))

  // Leftovers of a crashed attempt in both outputs; then each engine reads both outputs.
  await addOrphan(mine)
  await addOrphan(spark_.metadata)
  const read: Record<string, string> =
    c.format === 'csv' ? { header: c.options['header'] ?? 'false' } : {}
  for (const ddl of c.inferSchema ? [DDL, undefined] : [DDL]) {
    const sparkOfOurs = await sparkRead(c.format, ours, read, ddl)
    const sparkOfSpark = await sparkRead(c.format, theirs, read, ddl)
    expect(sparkOfOurs.rows).toHaveLength(2 * FILES)
    expect(sparkOfOurs).toEqual(sparkOfSpark)
    for (const [what, path, expected] of [
      ['our reader of our output', ours, sparkOfOurs],
      ["our reader of Spark's output", theirs, sparkOfSpark],
    ] as const) {
      const diffs = compareTables(
        `${what} (${ddl ? 'schema' : 'no schema'})`,
        await ourRead(spark, c.format, path, read, ddl),
        expected,
      )
      expect(diffs, diffs.join('\n')).toEqual([])
    }
  }

  if (c.streamBack) {
    const all = Array.from({ length: 2 * FILES }, (_, i) => [i, KEYS[i % 3]])
    const sparkStream = await oracleCall<unknown[][]>('file_sink', 'stream_read_count', {
      path: ours,
      format: c.format,
      ddl: DDL,
      checkpoint: join(root, 'cp-spark-read'),
      options: read,
    })
    expect(sparkStream).toEqual(all)
    const got: unknown[][] = []
    const back = await spark.readStream
      .format(c.format)
      .schema(DDL)
      .options(read)
      .load(theirs)
      .writeStream.foreachBatch(async (df) => {
        for (const r of await df.collect()) got.push([r['id'], r['k']])
      })
      .option('checkpointLocation', join(root, 'cp-ours-read'))
      .trigger({ availableNow: true })
      .start()
    await back.awaitTermination()
    expect(got.sort((a, b) => Number(a[0]) - Number(b[0]))).toEqual(all)
  }
}

describe("streaming file sinks vs Spark's FileStreamSink", () => {
  it('json: same rows both ways, same log (9.compact), streaming readers honour the log', async () => {
    await checkSink({
      format: 'json',
      partitionBy: [],
      options: {},
      logFiles: DEFAULT_LOG,
      streamBack: true,
    })
  })

  it('json partitioned by a string with characters needing escaping and nulls', async () => {
    await checkSink({ format: 'json', partitionBy: ['k'], options: {}, logFiles: DEFAULT_LOG })
  })

  it('csv with header, compactInterval 3 and old logs deleted (minBatchesToRetain 2, no delay)', async () => {
    await checkSink({
      format: 'csv',
      partitionBy: [],
      options: { header: 'true' },
      conf: {
        'spark.sql.streaming.fileSink.log.compactInterval': '3',
        'spark.sql.streaming.minBatchesToRetain': '2',
        'spark.sql.streaming.fileSink.log.cleanupDelay': '0',
      },
      // After batch 11: minBatchId 10, its compaction 8; everything below goes.
      logFiles: ['8.compact', '9', '10', '11.compact'],
    })
  })

  it('csv partitioned, and streamed back (k from the directories)', async () => {
    await checkSink({
      format: 'csv',
      partitionBy: ['k'],
      options: { header: 'true' },
      logFiles: DEFAULT_LOG,
      streamBack: true,
    })
  })

  it('parquet, and read without a schema (footer schema, discovered partition column)', async () => {
    await checkSink({
      format: 'parquet',
      partitionBy: [],
      options: {},
      logFiles: DEFAULT_LOG,
      inferSchema: true,
      streamBack: true,
    })
  })

  it('parquet partitioned, read with and without a schema, and streamed back', async () => {
    await checkSink({
      format: 'parquet',
      partitionBy: ['k'],
      options: {},
      logFiles: DEFAULT_LOG,
      inferSchema: true,
      streamBack: true,
    })
  })

  it('a windowed count in append mode (watermark 10 s): the same windows, each written once, the same log', async () => {
    const root = await tempDir('streamlake-oracle-file-sink-')
    const input = join(root, 'in')
    await writeInput(input)
    const ours = join(root, 'ours')
    const theirs = join(root, 'spark')
    const spark = oursSession()
    const q = await spark.readStream
      .format('json')
      .schema(DDL)
      .option('maxFilesPerTrigger', 1)
      .load(input)
      .withWatermark('ts', '10 seconds')
      .groupBy(window(col('ts'), '5 seconds'))
      .count()
      .writeStream.format('json')
      .option('checkpointLocation', join(root, 'cp-ours'))
      .trigger({ availableNow: true })
      .start(ours)
    await q.awaitTermination()
    const sparkRun = await oracleCall<{ metadata: Metadata }>('file_sink', 'stream_to_files', {
      input,
      path: theirs,
      checkpoint: join(root, 'cp-spark'),
      format: 'json',
      ddl: DDL,
      query: "df.withWatermark('ts', '10 seconds').groupBy(F.window('ts', '5 seconds')).count()",
    })
    const ddl = 'window STRUCT<start: TIMESTAMP, end: TIMESTAMP>, count BIGINT'
    const read = (path: string) =>
      oracleCall<DeltaTableResult>('batch_writer', 'read_files', {
        path,
        format: 'json',
        ddl,
        order_by: ['window'],
      })
    const sparkOfOurs = await read(ours)
    expect(sparkOfOurs.rows.length).toBeGreaterThan(0)
    expect(sparkOfOurs).toEqual(await read(theirs))
    const diffs = compareTables(
      'our reader of our output',
      await ourRead(spark, 'json', ours, {}, ddl),
      sparkOfOurs,
    )
    expect(diffs, diffs.join('\n')).toEqual([])
    const mine = await ourMetadata(ours)
    expect(Object.keys(mine).sort()).toEqual(Object.keys(sparkRun.metadata).sort())
    expect(logShape(mine, ours, true)).toEqual(logShape(sparkRun.metadata, theirs, true))
  })
})
