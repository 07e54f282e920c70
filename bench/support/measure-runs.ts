/**
 * The three measurements made on a running engine process, all timed from outside the engine:
 * - start-up: start() (the child's clock) → the first Delta commit seen by the watcher (ours);
 * - latency: input files renamed into the query's input folder at a steady pace; per file, the
 *   time from its rename to the moment the Delta commit of the batch that read it is visible;
 * - throughput: an availableNow run over the whole input; every file must appear in the
 *   checkpoint's file log, and events/s = events / (start() → query terminated).
 */
import { promises as fs } from 'node:fs'
import { join } from 'node:path'
import { CheckpointFileMap } from './checkpoint-file-map.js'
import { DeltaCommitWatcher, epochMs } from './delta-commit-watcher.js'
import type { EngineProcess } from './engine-process.js'
import type { InputSet } from './bench-inputs.js'
import { WORKLOADS, type WorkloadName } from './workloads.js'

export interface RunDirs {
  readonly root: string
  readonly input: string
  readonly data: string
  readonly checkpoints: string
  readonly stage: string
}

export async function freshDirs(root: string): Promise<RunDirs> {
  await fs.rm(root, { recursive: true, force: true })
  const dirs = {
    root,
    input: join(root, 'input'),
    data: join(root, 'data'),
    checkpoints: join(root, 'checkpoints'),
    stage: join(root, 'stage'),
  }
  for (const d of [dirs.input, dirs.data, dirs.stage]) await fs.mkdir(d, { recursive: true })
  return dirs
}

const sleep = (ms: number): Promise<void> =>
  new Promise((resolve) => setTimeout(resolve, Math.max(0, ms)))

/** Copies (hard links) `names` of `input` into the run's staging folder, beside its input. */
async function stage(input: InputSet, names: readonly string[], dirs: RunDirs): Promise<void> {
  for (const n of names) await fs.link(join(input.dir, n), join(dirs.stage, n))
}

function startRequest(
  workload: WorkloadName,
  input: string,
  dirs: RunDirs,
  users: string,
  mode: 'latency' | 'throughput',
  maxFilesPerTrigger?: number,
): Record<string, unknown> {
  return {
    op: 'start',
    workload,
    input,
    data: dirs.data,
    checkpoints: dirs.checkpoints,
    users,
    mode,
    ...(maxFilesPerTrigger === undefined ? {} : { maxFilesPerTrigger }),
  }
}

async function waitFor(
  what: string,
  done: () => boolean | Promise<boolean>,
  timeoutMs: number,
  stepMs = 5,
): Promise<void> {
  const until = performance.now() + timeoutMs
  while (!(await done())) {
    if (performance.now() > until) throw new Error(`timed out after ${timeoutMs} ms: ${what}`)
    await sleep(stepMs)
  }
}

/** start() → first committed batch, on one seed-sized file already in the input folder. */
export async function measureStartup(
  engine: EngineProcess,
  workload: WorkloadName,
  input: InputSet,
  dirs: RunDirs,
  users: string,
  /** Extra request fields (the kafka workload's topic). */
  extra: Record<string, unknown> = {},
): Promise<number> {
  await stage(input, input.files, dirs)
  for (const n of input.files) await fs.rename(join(dirs.stage, n), join(dirs.input, n))
  const watcher = new DeltaCommitWatcher(join(dirs.data, WORKLOADS[workload].table))
  watcher.start()
  try {
    // Both ends on the harness clock: the child's wall clock can step against it (NTP).
    const sentAt = epochMs()
    engine.send({ ...startRequest(workload, dirs.input, dirs, users, 'latency'), ...extra })
    await engine.expect('started')
    await waitFor(
      `${engine.engine} ${workload}: first commit`,
      () => watcher.firstSeenAtMs !== undefined,
      300_000,
    )
    const startup = watcher.firstSeenAtMs! - sentAt
    engine.send({ op: 'stop' })
    await engine.expect('stopped')
    return startup
  } finally {
    await watcher.stop()
  }
}

export interface LatencyOptions {
  readonly intervalMs: number
  /** Files renamed before measuring starts (at least; see WARM_COMMITS). */
  readonly warmup: number
  readonly samples: number
}

/**
 * The warm-up also lasts until the query has committed this many batches: a fresh query's first
 * batches carry one-off costs (Spark: planning, code generation, JIT) that are start-up, not
 * steady-state latency. At most EXTRA_WARMUP_FILES more files are spent waiting for them.
 */
export const WARM_COMMITS = 3
export const EXTRA_WARMUP_FILES = 300

/** Latency input files needed: the pre-start file, the warm-up, its extension, the samples. */
export const latencyFilesNeeded = (o: LatencyOptions): number =>
  1 + o.warmup + EXTRA_WARMUP_FILES + o.samples

/** Per-file latencies in ms (after the warm-up), input at a steady pace. */
export async function measureLatency(
  engine: EngineProcess,
  workload: WorkloadName,
  input: InputSet,
  dirs: RunDirs,
  users: string,
  o: LatencyOptions,
): Promise<number[]> {
  const names = input.files.slice(0, latencyFilesNeeded(o))
  if (names.length < latencyFilesNeeded(o)) throw new Error('latency input too short')
  await stage(input, names, dirs)
  const table = join(dirs.data, WORKLOADS[workload].table)
  const watcher = new DeltaCommitWatcher(table)
  const map = new CheckpointFileMap(join(dirs.checkpoints, WORKLOADS[workload].checkpoint))
  const renamedAt = new Map<string, number>()
  let refreshing = true
  // Spark deletes offsets older than 100 batches while it runs: read them as they come.
  const refresher = (async () => {
    while (refreshing) {
      await map.refresh()
      await sleep(200)
    }
  })()
  watcher.start()
  try {
    // File 0 goes in before start(), so the query is up and has committed once before the pace starts.
    await fs.rename(join(dirs.stage, names[0]!), join(dirs.input, names[0]!))
    engine.send(startRequest(workload, dirs.input, dirs, users, 'latency'))
    await engine.expect('started')
    await waitFor(
      `${engine.engine} ${workload}: first commit`,
      () => watcher.firstSeenAtMs !== undefined,
      300_000,
    )
    const t0 = epochMs() + o.intervalMs
    let measuredFrom: number | undefined
    let last = names.length - 1
    for (let i = 1; i <= last; i++) {
      await sleep(t0 + (i - 1) * o.intervalMs - epochMs())
      const n = names[i]!
      await fs.rename(join(dirs.stage, n), join(dirs.input, n))
      renamedAt.set(n, epochMs())
      if (
        measuredFrom === undefined &&
        i > o.warmup &&
        (watcher.commits.size >= WARM_COMMITS || i >= names.length - 1 - o.samples)
      ) {
        measuredFrom = i + 1
        last = Math.min(names.length - 1, i + o.samples)
      }
    }
    const measured = names.slice(measuredFrom, last + 1)
    const committed = async (): Promise<boolean> => {
      await map.refresh()
      await watcher.settled()
      return measured.every((n) => {
        const b = map.batchOfFile(n)
        return b !== undefined && watcher.commitOfBatch(b) !== undefined
      })
    }
    await waitFor(
      `${engine.engine} ${workload}: every latency file committed`,
      committed,
      180_000,
      100,
    )
    engine.send({ op: 'stop' })
    await engine.expect('stopped')
    if (process.env['STREAMLAKE_BENCH_DEBUG'])
      for (const n of names.slice(1, last + 1)) {
        const b = map.batchOfFile(n)
        const c = b === undefined ? undefined : watcher.commitOfBatch(b)
        process.stderr.write(
          `${n} renamed +${(renamedAt.get(n)! - t0).toFixed(0)} batch ${b} commit v${c?.version} +${c ? (c.seenAtMs - t0).toFixed(0) : '?'}\n`,
        )
      }
    return measured.map(
      (n) => watcher.commitOfBatch(map.batchOfFile(n)!)!.seenAtMs - renamedAt.get(n)!,
    )
  } finally {
    refreshing = false
    await refresher
    await watcher.stop()
  }
}

export interface ThroughputResult {
  readonly eventsPerSecond: number
  readonly seconds: number
  readonly batches: number
  /** Rows in the output table (sum of the commits' numRecords). */
  readonly outputRows: number
}

export async function measureThroughput(
  engine: EngineProcess,
  workload: WorkloadName,
  input: InputSet,
  dirs: RunDirs,
  users: string,
  maxFilesPerTrigger: number,
  /** The kafka workload: its topic (the input's events as records) instead of the files. */
  kafka?: { readonly kafkaBootstrap: string; readonly kafkaTopic: string },
): Promise<ThroughputResult> {
  const table = join(dirs.data, WORKLOADS[workload].table)
  const watcher = new DeltaCommitWatcher(table, 50)
  watcher.start()
  try {
    engine.send({
      ...startRequest(workload, input.dir, dirs, users, 'throughput', maxFilesPerTrigger),
      ...(kafka
        ? { ...kafka, maxOffsetsPerTrigger: maxFilesPerTrigger * input.eventsPerFile }
        : {}),
    })
    const done = await engine.expect('done', 3_600_000)
    if (kafka) {
      // Every record read exactly once: the input rows the progress counted.
      if (Number(done['rows']) !== input.events)
        throw new Error(
          `${engine.engine} ${workload}: read ${String(done['rows'])} records of ${input.events}`,
        )
    } else {
      const map = new CheckpointFileMap(join(dirs.checkpoints, WORKLOADS[workload].checkpoint))
      await map.refresh()
      const missing = input.files.filter((f) => !map.admittedFiles.has(f))
      if (missing.length > 0)
        throw new Error(
          `${engine.engine} ${workload}: ${missing.length} input files never read (e.g. ${missing[0]})`,
        )
    }
    const seconds = (Number(done['endAtMs']) - Number(done['startCalledAtMs'])) / 1000
    await sleep(100)
    await watcher.stop()
    let outputRows = 0
    for (const c of watcher.commits.values()) outputRows += c.addedRows ?? 0
    return {
      eventsPerSecond: input.events / seconds,
      seconds,
      batches: Number(done['batches']),
      outputRows,
    }
  } finally {
    await watcher.stop()
  }
}
