/**
 * The benchmark's inputs, generated once with a fixed seed and cached under .cache/bench (a
 * `_COMPLETE` marker makes an interrupted generation start again): the same files are read by
 * both engines. All inputs carry 10 % exact duplicates (for the dedup workload; the other
 * workloads simply process them as events) and the generator's 10 % late events, in UTC.
 * - throughput: `events` events in files of `eventsPerFile`, one simulated minute apart in event
 *   time, so windows close, sessions end and the dedup state is evicted as in a long run;
 * - latency: one file per `intervalMs` of `rate × interval` events, event time advancing in real
 *   time, renamed into the engine's input folder by the harness at that pace;
 * - start-up: one seed-sized file (100 events);
 * - users: the join's static side, a 1,000-row Delta table (ids 1..1020 except every 50th, so
 *   2 % of the events find no user, as in the seed app).
 */
import { promises as fs } from 'node:fs'
import { join } from 'node:path'
import { USERS_SCHEMA, userRows } from '../../src/apps/users-table.js'
import { DeltaLog, newTableMetadata, writeDataFile } from '../../src/delta/index.js'
import { generateEvents } from '../../src/index.js'

export const SEED = 2026
export const START_TIME = '2026-11-24T00:00:00Z'
export const DUPLICATE_FRACTION = 0.1
export const THROUGHPUT_FILE_INTERVAL_MS = 60_000

export interface InputSet {
  readonly dir: string
  /** File names in order. */
  readonly files: readonly string[]
  readonly eventsPerFile: number
  readonly events: number
  readonly bytes: number
}

async function cached(
  dir: string,
  generate: (dir: string) => Promise<void>,
  eventsPerFile: number,
): Promise<InputSet> {
  const marker = join(dir, '_COMPLETE')
  if (!(await fs.stat(marker).catch(() => undefined))) {
    await fs.rm(dir, { recursive: true, force: true })
    await generate(dir)
    await fs.writeFile(marker, '')
  }
  const files = (await fs.readdir(dir)).filter((n) => n.endsWith('.json')).sort()
  let bytes = 0
  for (const f of files) bytes += (await fs.stat(join(dir, f))).size
  return { dir, files, eventsPerFile, events: files.length * eventsPerFile, bytes }
}

export function throughputInput(
  root: string,
  events: number,
  eventsPerFile: number,
): Promise<InputSet> {
  const batches = Math.ceil(events / eventsPerFile)
  return cached(
    join(root, `throughput-${batches}x${eventsPerFile}-s${SEED}`),
    async (out) => {
      await generateEvents({
        out,
        batches,
        eventsPerBatch: eventsPerFile,
        seed: SEED,
        startTime: START_TIME,
        intervalMs: THROUGHPUT_FILE_INTERVAL_MS,
        duplicateFraction: DUPLICATE_FRACTION,
      })
    },
    eventsPerFile,
  )
}

export function latencyInput(
  root: string,
  rate: number,
  intervalMs: number,
  files: number,
): Promise<InputSet> {
  const eventsPerFile = Math.max(1, Math.round((rate * intervalMs) / 1000))
  return cached(
    join(root, `latency-${files}x${eventsPerFile}-i${intervalMs}-s${SEED}`),
    async (out) => {
      await generateEvents({
        out,
        batches: files,
        eventsPerBatch: eventsPerFile,
        seed: SEED + 1,
        startTime: START_TIME,
        intervalMs,
        duplicateFraction: DUPLICATE_FRACTION,
      })
    },
    eventsPerFile,
  )
}

export function startupInput(root: string): Promise<InputSet> {
  return cached(
    join(root, `startup-1x100-s${SEED}`),
    async (out) => {
      await generateEvents({
        out,
        batches: 1,
        eventsPerBatch: 100,
        seed: SEED + 2,
        startTime: START_TIME,
      })
    },
    100,
  )
}

/** The users table (1,000 rows), created once; both engines read this same table. */
export async function usersTable(root: string): Promise<string> {
  const path = join(root, 'users-1000')
  const log = DeltaLog.forTable(path)
  if (await log.tableExists()) return path
  const rows = userRows(1020)
  const txn = await log.startTransaction()
  const add = await writeDataFile(path, USERS_SCHEMA, rows)
  await txn.commit([{ metaData: newTableMetadata(USERS_SCHEMA) }, { add }], {
    name: 'CREATE TABLE AS SELECT',
    parameters: { isManaged: 'false', partitionBy: '[]', properties: '{}' },
    isBlindAppend: true,
  })
  return path
}
