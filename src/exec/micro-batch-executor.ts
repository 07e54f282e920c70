/**
 * The micro-batch loop of one streaming query (spark-semantics §11.2):
 * plan (ask sources for offsets) → WAL (`offsets/N`) → execute (read, compute, `sink.addBatch`)
 * → commit (`commits/N`). Restart recovery re-runs an uncommitted batch with its logged offsets,
 * watermark and batch time, so every batch id always has the same input: with an idempotent sink
 * that is exactly-once. Trigger pacing lives in `trigger.ts`, progress in `progress-reporter.ts`.
 */
import { randomUUID } from 'node:crypto'
import { CheckpointError, asEngineError, type EngineError } from '../errors/index.js'
import type { StreamingQueryProgress, StreamingQueryStatus } from '../monitor/progress.js'
import { crashPoint } from '../internal/crash-points.js'
import { removeStaleTempFiles } from '../internal/stale-temp-files.js'
import { collectSources, type LogicalPlan } from '../plan/nodes/index.js'
import type { Sink, OutputMode } from '../sinks/sink.js'
import { openStreamSource } from '../sources/create-source.js'
import { readBatchSchema } from '../sources/read-batch-source.js'
import {
  sameOffset,
  type BatchInfo,
  type SourceOffset,
  type StreamSource,
} from '../sources/source.js'
import type { OffsetSeq } from '../state/checkpoint/offset-log.js'
import type { StateStoreProvider } from '../state/state-store.js'
import { runBatchPlan } from './run-batch-plan.js'
import { LATE_DATA_SCHEMA, lateDataRows, type LateRecord } from './late-record.js'
import { QueryCheckpoint } from '../state/checkpoint/query-checkpoint.js'
import { decideRestart } from '../state/checkpoint/restart-decision.js'
import type { Row } from '../types/index.js'
import { chunksLength, type RecordChunk } from '../types/record-chunk.js'
import type { Clock } from './clock.js'
import { compilePlan, type ChunkedPlan, type CompiledPlan } from './compile-plan.js'
import { ProgressReporter } from './progress-reporter.js'
import { nextTriggerTime, type Trigger } from './trigger.js'
import { WatermarkTracker, type MultipleWatermarkPolicy } from './watermark-tracker.js'

/** Everything needed to run one streaming query. */
export interface StreamingQuerySpec {
  readonly plan: LogicalPlan
  readonly sink: Sink
  readonly sinkIdentity: { readonly format: string; readonly path: string | null }
  readonly outputMode: OutputMode
  readonly trigger: Trigger
  readonly checkpointLocation: string
  readonly queryName: string | null
  readonly timeZone: string
  /** spark.sql.ansi.enabled when the query started (default true). */
  readonly ansi?: boolean
  readonly clock: Clock
  readonly watermarkPolicy: MultipleWatermarkPolicy
  /** Spark's spark.sql.streaming.pollingDelay: idle wait of the default trigger. */
  readonly pollingDelayMs: number
  /** Spark's spark.sql.streaming.noDataProgressEventInterval (default 10 s): idle event throttle. */
  readonly noDataProgressEventIntervalMs?: number
  /** Opens the state of operator `operatorId` in `dir` (`<checkpoint>/state/<operatorId>`). */
  readonly stateStore: (dir: string, operatorId: number, operatorName: string) => StateStoreProvider
  /** Update mode of an aggregation: the grouping key columns the sink upserts by. */
  readonly upsertKeys?: readonly string[]
  /** Where rows dropped by the watermark go (the `lateDataPath` option), if anywhere. */
  readonly lateDataSink?: Sink
}

/** Lifecycle callbacks (the listener bus subscribes here). */
export interface QueryEvents {
  onStarted?(e: { id: string; runId: string; name: string | null; timestamp: string }): void
  onProgress?(p: StreamingQueryProgress): void
  onIdle?(e: { id: string; runId: string; timestamp: string }): void
  onTerminated?(e: { id: string; runId: string; exception: EngineError | null }): void
}

const MIN_BATCHES_TO_RETAIN = 100
const PINNED_CONF_TIME_ZONE = 'spark.sql.session.timeZone'
const PINNED_CONF_WATERMARK_POLICY = 'spark.sql.streaming.multipleWatermarkPolicy'

export class MicroBatchExecutor {
  readonly runId = randomUUID()
  private queryIdValue: string | undefined
  private readonly abort = new AbortController()
  private statusValue: StreamingQueryStatus = {
    message: 'Initializing sources',
    isDataAvailable: false,
    isTriggerActive: false,
  }
  private error: EngineError | null = null
  private reporter: ProgressReporter | undefined
  private evalContext: { batchTimestampMs: number; timeZone: string; ansi: boolean }
  private lastBatchWatermarkMs = 0
  private finished!: Promise<void>
  private readonly idleWaiters: (() => void)[] = []
  /** latestOffset time of the last trigger that found no data (for its idle progress). */
  private idleLatestOffsetMs = 0

  constructor(
    private readonly spec: StreamingQuerySpec,
    private readonly events: QueryEvents = {},
  ) {
    this.evalContext = { batchTimestampMs: 0, timeZone: spec.timeZone, ansi: spec.ansi ?? true }
  }

  /** Opens the checkpoint and sources (errors surface here, before start() returns), then runs. */
  async start(): Promise<void> {
    const prepared = await this.prepare()
    this.finished = this.runLoop(prepared)
  }

  get id(): string {
    return this.queryIdValue ?? ''
  }
  get status(): StreamingQueryStatus {
    return this.statusValue
  }
  get exception(): EngineError | null {
    return this.error
  }
  get isActive(): boolean {
    return !this.terminated
  }
  get lastProgress(): StreamingQueryProgress | null {
    return this.reporter?.lastProgress ?? null
  }
  get recentProgress(): readonly StreamingQueryProgress[] {
    return this.reporter?.recentProgress ?? []
  }
  /** Resolves when the loop has ended (never rejects; see `exception`). */
  get termination(): Promise<void> {
    return this.finished
  }
  private terminated = false

  async stop(): Promise<void> {
    this.abort.abort()
    await this.finished
  }

  /** Resolves after a trigger, started after this call, found no new data (or on termination). */
  waitForIdle(): Promise<void> {
    if (this.terminated) return Promise.resolve()
    return new Promise((resolve) => this.idleWaiters.push(resolve))
  }

  private async prepare(): Promise<Prepared> {
    const s = this.spec
    const nodes = collectSources(s.plan).filter((n) => n.isStreaming)
    const identity = {
      sources: nodes.map((n) => ({
        format: n.format,
        path: n.path ?? (n.options['streamId'] ? `memory:${n.options['streamId']}` : null),
      })),
      sink: s.sinkIdentity,
    }
    const checkpoint = await QueryCheckpoint.open(
      s.checkpointLocation,
      identity,
      this.runId,
      s.queryName,
    )
    try {
      this.queryIdValue = checkpoint.queryId
      // Sequential: a Delta source reads its table's log here, and an error names the first.
      const sources: StreamSource[] = []
      for (const [i, n] of nodes.entries())
        sources.push(
          await openStreamSource(n, {
            checkpointDir: checkpoint.layout.sourceDir(i),
            timeZone: s.timeZone,
            clock: s.clock,
          }),
        )
      const schemas = new Map(nodes.map((n, i) => [n.sourceId, sources[i]!.schema]))
      // Static sides (stream-static joins) resolve their schema now, e.g. from the Delta log.
      for (const n of collectSources(s.plan).filter((x) => !x.isStreaming))
        schemas.set(n.sourceId, await readBatchSchema(n, s.timeZone))
      const stateProviders = new Map<number, StateStoreProvider>()
      const stateOperators: { id: number; name: string }[] = []
      const compiled = compilePlan(
        s.plan,
        (n) => schemas.get(n.sourceId) ?? n.schema!,
        () => this.evalContext,
        {
          outputMode: s.outputMode,
          stateProvider: (operatorId, operatorName) => {
            stateOperators.push({ id: operatorId, name: operatorName })
            const provider = s.stateStore(
              checkpoint.layout.stateDir(operatorId),
              operatorId,
              operatorName,
            )
            stateProviders.set(operatorId, provider)
            return provider
          },
          readStatic: async (plan) =>
            (await runBatchPlan(plan, s.timeZone, 'join', s.ansi ?? true)).rows,
        },
      )
      for (const src of sources) await src.initialize()
      await s.sink.start({
        queryId: checkpoint.queryId,
        outputMode: s.outputMode,
        schema: compiled.schema,
        timeZone: s.timeZone,
        ...(s.upsertKeys ? { upsertKeys: s.upsertKeys } : {}),
      })
      // Its own txn appId, so the late table is exactly-once independently of the main sink.
      await s.lateDataSink?.start({
        queryId: `${checkpoint.queryId}-late`,
        outputMode: 'append',
        schema: LATE_DATA_SCHEMA,
        timeZone: s.timeZone,
      })
      const restored = await this.restore(checkpoint, sources.length)
      // Temp files of checkpoint writes a crash interrupted (#14); this run holds the lock.
      await removeStaleTempFiles(checkpoint.layout.root, 0, { maxDepth: 3 })
      // The operators learn the last committed batch's watermark, so the first trigger runs the
      // no-data batch an uninterrupted run would have run next (crashed run = uninterrupted run).
      if (restored.pending === undefined && restored.nextBatchId > 0)
        for (const op of compiled.statefulOperators)
          op.recoverLastBatch(restored.lastBatchWatermarkMs)
      // Spark calls getBatch on a v1 source for the last committed batch when a query resumes
      // (populateStartOffsets); the Delta source checks its table's schema there.
      if (restored.pending === undefined && restored.nextBatchId > 0) {
        const last = restored.nextBatchId - 1
        const before =
          last > 0 && sources.some((src) => src.resumeAfter !== undefined)
            ? await checkpoint.offsets.get(last - 1)
            : undefined
        for (const [i, src] of sources.entries()) {
          const end = restored.committed[i]
          if (end && src.resumeAfter) await src.resumeAfter(before?.offsets[i] ?? null, end)
        }
      }
      if (s.trigger.kind === 'availableNow')
        for (const src of sources) await src.prepareForAvailableNow()
      this.reporter = new ProgressReporter(
        checkpoint.queryId,
        this.runId,
        s.queryName,
        s.noDataProgressEventIntervalMs,
      )
      // Only now, with sources, options, sink and plan validated, may the checkpoint be written:
      // a start that failed above leaves nothing that would refuse the corrected one (#14).
      await checkpoint.persist(stateOperators)
      return {
        checkpoint,
        sources,
        sourceIds: nodes.map((n) => n.sourceId),
        compiled,
        stateProviders,
        ...restored,
      }
    } catch (error) {
      await checkpoint.close()
      throw error
    }
  }

  private async restore(checkpoint: QueryCheckpoint, sourceCount: number): Promise<Restored> {
    const latestOffsets = await checkpoint.offsets.latest()
    const latestCommit = await checkpoint.commits.latest()
    const decision = decideRestart(latestOffsets?.batchId, latestCommit?.batchId)
    const none = new Array<SourceOffset | null>(sourceCount).fill(null)
    const policy =
      (latestOffsets?.entry.conf[PINNED_CONF_WATERMARK_POLICY] as
        MultipleWatermarkPolicy | undefined) ?? this.spec.watermarkPolicy
    switch (decision.kind) {
      case 'fresh':
        return {
          nextBatchId: 0,
          committed: none,
          pending: undefined,
          watermarkMs: 0,
          lastBatchWatermarkMs: 0,
          policy,
        }
      case 'resume': {
        const entry = latestOffsets!.entry
        checkSourceCount(entry, sourceCount, checkpoint)
        const watermarkMs = Math.max(
          entry.batchWatermarkMs,
          latestCommit!.entry.nextBatchWatermarkMs,
        )
        return {
          nextBatchId: decision.nextBatchId,
          committed: [...entry.offsets],
          pending: undefined,
          watermarkMs,
          lastBatchWatermarkMs: entry.batchWatermarkMs,
          policy,
        }
      }
      case 'rerun': {
        const pending = latestOffsets!.entry
        checkSourceCount(pending, sourceCount, checkpoint)
        const previous =
          decision.batchId > 0 ? await checkpoint.offsets.get(decision.batchId - 1) : undefined
        return {
          nextBatchId: decision.batchId,
          committed: previous ? [...previous.offsets] : none,
          pending,
          watermarkMs: pending.batchWatermarkMs,
          // lateWM of the re-run batch is the watermark of the batch before it (restart-safe, §3.3).
          lastBatchWatermarkMs: previous?.batchWatermarkMs ?? 0,
          policy,
        }
      }
      case 'inconsistent':
        throw new CheckpointError(
          'SL_STATE_CHECKPOINT_INCONSISTENT',
          { path: checkpoint.layout.root, problem: decision.problem },
          { path: checkpoint.layout.root },
        )
    }
  }

  private async runLoop(p: Prepared): Promise<void> {
    const s = this.spec
    const tracker = new WatermarkTracker(p.compiled.watermarks.length, p.policy, p.watermarkMs)
    let batchId = p.nextBatchId
    let committed = p.committed
    let pending = p.pending
    this.lastBatchWatermarkMs = p.lastBatchWatermarkMs
    this.events.onStarted?.({
      id: this.id,
      runId: this.runId,
      name: s.queryName,
      timestamp: new Date(s.clock.now()).toISOString(),
    })
    try {
      while (!this.abort.signal.aborted) {
        const triggerStart = s.clock.now()
        this.reporter!.startTrigger(triggerStart)
        this.statusValue = {
          message: 'Getting offsets from sources',
          isDataAvailable: false,
          isTriggerActive: true,
        }
        const ran = await this.runTrigger(p, batchId, committed, pending, tracker, triggerStart)
        if (ran) {
          committed = ran
          pending = undefined
          batchId++
        }
        if (!ran) {
          this.reportIdle(p, batchId, committed, tracker, triggerStart)
          this.notifyIdle()
        }
        if (s.trigger.kind === 'once' || (s.trigger.kind === 'availableNow' && !ran)) break
        this.statusValue = {
          message: ran ? 'Waiting for next trigger' : 'Waiting for data to arrive',
          isDataAvailable: false,
          isTriggerActive: false,
        }
        if (s.trigger.kind === 'processingTime')
          await s.clock.waitUntil(
            nextTriggerTime(triggerStart, s.trigger.intervalMs),
            this.abort.signal,
          )
        else if (!ran) await s.clock.waitUntil(s.clock.now() + s.pollingDelayMs, this.abort.signal)
      }
    } catch (error) {
      this.error = asEngineError(error, { queryId: this.id, batchId })
    } finally {
      this.statusValue = { message: 'Stopped', isDataAvailable: false, isTriggerActive: false }
      for (const src of p.sources) await src.stop().catch(() => undefined)
      await s.sink.stop().catch(() => undefined)
      await s.lateDataSink?.stop().catch(() => undefined)
      await p.compiled.close().catch(() => undefined)
      await p.checkpoint.close().catch(() => undefined)
      this.terminated = true
      this.notifyIdle()
      this.events.onTerminated?.({ id: this.id, runId: this.runId, exception: this.error })
    }
  }

  /** Runs one trigger; returns the new committed offsets if a batch ran, else undefined. */
  private async runTrigger(
    p: Prepared,
    batchId: number,
    committed: readonly (SourceOffset | null)[],
    pending: OffsetSeq | undefined,
    tracker: WatermarkTracker,
    triggerStart: number,
  ): Promise<(SourceOffset | null)[] | undefined> {
    const s = this.spec
    const durations: Record<string, number> = {}
    let t = s.clock.now()
    const lap = (key: string): void => {
      const now = s.clock.now()
      durations[key] = (durations[key] ?? 0) + (now - t)
      t = now
    }
    let batch: OffsetSeq
    if (pending) {
      batch = pending
    } else {
      const ends: (SourceOffset | null)[] = []
      for (let i = 0; i < p.sources.length; i++) {
        const end = await p.sources[i]!.latestOffset(committed[i] ?? null, {
          ignoreRateLimits: s.trigger.kind === 'once',
        })
        ends.push(end ?? committed[i] ?? null)
      }
      lap('latestOffset')
      this.idleLatestOffsetMs = durations['latestOffset'] ?? 0
      const hasNewData = !ends.every((e, i) => sameOffset(e, committed[i] ?? null))
      // A no-data batch runs when a stateful operator would emit or evict with the newer
      // watermark (spark-semantics §3.5); Trigger.Once never gets one.
      const noDataBatch =
        !hasNewData &&
        s.trigger.kind !== 'once' &&
        p.compiled.statefulOperators.some((op) =>
          op.shouldRunAnotherBatch(tracker.currentWatermarkMs),
        )
      if (!hasNewData && !noDataBatch) return undefined
      batch = {
        batchWatermarkMs: tracker.currentWatermarkMs,
        batchTimestampMs: triggerStart,
        conf: { [PINNED_CONF_TIME_ZONE]: s.timeZone, [PINNED_CONF_WATERMARK_POLICY]: p.policy },
        offsets: ends,
      }
      await p.checkpoint.offsets.add(batchId, batch)
      crashPoint('after-offsets-log')
      lap('walCommit')
    }
    const isNoDataBatch = batch.offsets.every((o, i) => sameOffset(o, committed[i] ?? null))
    this.statusValue = isNoDataBatch
      ? {
          message: 'No new data but cleaning up state',
          isDataAvailable: false,
          isTriggerActive: true,
        }
      : { message: 'Processing new data', isDataAvailable: true, isTriggerActive: true }
    this.evalContext = {
      batchTimestampMs: batch.batchTimestampMs,
      timeZone: s.timeZone,
      ansi: s.ansi ?? true,
    }
    const inputs = new Map<string, Row[]>()
    const counts: number[] = []
    const chunked = this.chunkedRun(p)
    // A query of one source under chunk-capable operators (none, a watermark, deduplication)
    // runs on the source's records as read — packed by column when a parse worker read them —
    // and hands the sink chunks: no row objects at all.
    let chunks: RecordChunk[] | undefined
    // What a source may name its own outputs after (badRecordsPath): the same on a re-run.
    const batchInfo = (sourceIndex: number): BatchInfo => ({
      queryId: this.id,
      batchId,
      batchTimestampMs: batch.batchTimestampMs,
      sourceIndex,
    })
    if (chunked) {
      const start = committed[0] ?? null
      const end = batch.offsets[0] ?? null
      chunks =
        end === null || sameOffset(start, end)
          ? []
          : await chunked.source.getChunks(start, end, batchInfo(0))
      counts.push(chunksLength(chunks))
    }
    for (let i = 0; i < (chunked ? 0 : p.sources.length); i++) {
      const start = committed[i] ?? null
      const end = batch.offsets[i] ?? null
      const read =
        end === null || sameOffset(start, end)
          ? []
          : await p.sources[i]!.getBatch(start, end, batchInfo(i))
      // Rows the JSON reader's pushed filter drops are not input rows (Spark, D2).
      const scan = p.compiled.scanFilters.get(p.sourceIds[i]!)
      const rows = scan ? read.filter(scan) : read
      inputs.set(p.sourceIds[i]!, rows)
      counts.push(rows.length)
    }
    lap('getBatch')
    for (const w of p.compiled.watermarks) w.stats.reset()
    durations['queryPlanning'] = 0
    const lateRecords: LateRecord[] | undefined = s.lateDataSink ? [] : undefined
    const batchContext = {
      batchId,
      lateWatermarkMs: this.lastBatchWatermarkMs,
      evictWatermarkMs: batch.batchWatermarkMs,
      isNoDataBatch,
      ...(lateRecords ? { lateRecords } : {}),
    }
    const outChunks = chunks ? await chunked!.plan.run(chunks, batchContext) : undefined
    const output = outChunks ? [] : await p.compiled.run(inputs, batchContext)
    if (s.lateDataSink && lateRecords)
      await s.lateDataSink.addBatch(
        batchId,
        lateDataRows(lateRecords, batchId, this.lastBatchWatermarkMs),
      )
    if (outChunks) await s.sink.addChunks!(batchId, outChunks)
    else await s.sink.addBatch(batchId, output)
    crashPoint('after-sink-commit')
    // The state versions of this batch were written while the sink worked: durable before the
    // commit log says the batch is done.
    for (const provider of p.stateProviders.values()) await provider.flush()
    lap('addBatch')
    tracker.update(p.compiled.watermarks)
    await p.checkpoint.commits.add(batchId, { nextBatchWatermarkMs: tracker.currentWatermarkMs })
    crashPoint('after-commits-log')
    this.lastBatchWatermarkMs = batch.batchWatermarkMs
    if (batchId % 10 === 0 && batchId >= MIN_BATCHES_TO_RETAIN) {
      // Spark's spark.sql.streaming.minBatchesToRetain: old log entries are only history.
      await p.checkpoint.offsets.purgeBefore(batchId - MIN_BATCHES_TO_RETAIN + 1)
      await p.checkpoint.commits.purgeBefore(batchId - MIN_BATCHES_TO_RETAIN + 1)
    }
    if (batchId % 10 === 0) {
      for (const provider of p.stateProviders.values())
        await provider.cleanup(batchId + 1, MIN_BATCHES_TO_RETAIN)
    }
    for (let i = 0; i < p.sources.length; i++) {
      const end = batch.offsets[i]
      if (end) await p.sources[i]!.commit(end)
    }
    lap('commitOffsets')
    const progress = this.reporter!.report({
      batchId,
      triggerStartMs: triggerStart,
      triggerEndMs: s.clock.now(),
      durationMs: durations,
      sources: p.sources.map((src, i) => ({
        description: src.description,
        startOffset: committed[i] ?? null,
        endOffset: batch.offsets[i] ?? null,
        latestOffset: src.reportLatestOffset?.() ?? null,
        numInputRows: counts[i]!,
        metrics: src.metrics?.(batchId),
      })),
      sink: {
        description: s.sink.description,
        numOutputRows: s.sink.reportsOutputRows
          ? outChunks
            ? chunksLength(outChunks)
            : output.length
          : -1,
      },
      // compilePlan lists the operators top-down (downstream first), as Spark's physical plan.
      stateOperators: p.compiled.statefulOperators.map((op) => op.progress),
      eventTime:
        p.compiled.watermarks.length > 0
          ? {
              watermarkMs: batch.batchWatermarkMs,
              stats: p.compiled.watermarks.map((w) => w.stats),
            }
          : undefined,
    })
    this.events.onProgress?.(progress)
    return [...batch.offsets]
  }

  /**
   * The plan's chunked form and its one source, when the source can give its records in chunks
   * and the sink take them; otherwise undefined (the plan runs on rows).
   */
  private chunkedRun(
    p: Prepared,
  ):
    | { plan: ChunkedPlan; source: StreamSource & Required<Pick<StreamSource, 'getChunks'>> }
    | undefined {
    const plan = p.compiled.chunked
    const source = p.sources[0]
    if (
      plan === undefined ||
      p.sources.length !== 1 ||
      p.sourceIds[0] !== plan.sourceId ||
      p.compiled.scanFilters.size > 0 ||
      !this.spec.sink.addChunks ||
      !source?.getChunks
    )
      return undefined
    return { plan, source: source as StreamSource & Required<Pick<StreamSource, 'getChunks'>> }
  }

  private reportIdle(
    p: Prepared,
    batchId: number,
    committed: readonly (SourceOffset | null)[],
    tracker: WatermarkTracker,
    triggerStart: number,
  ): void {
    const s = this.spec
    const now = s.clock.now()
    const { postIdleEvent } = this.reporter!.reportIdle(
      {
        batchId,
        triggerStartMs: triggerStart,
        triggerEndMs: now,
        latestOffsetMs: this.idleLatestOffsetMs,
        sources: p.sources.map((src, i) => ({
          description: src.description,
          offset: committed[i] ?? null,
        })),
        sinkDescription: s.sink.description,
        watermarkMs: p.compiled.watermarks.length > 0 ? tracker.currentWatermarkMs : undefined,
      },
      now,
    )
    if (postIdleEvent)
      this.events.onIdle?.({
        id: this.id,
        runId: this.runId,
        timestamp: new Date(triggerStart).toISOString(),
      })
  }

  private notifyIdle(): void {
    for (const w of this.idleWaiters.splice(0)) w()
  }
}

interface Restored {
  readonly nextBatchId: number
  readonly committed: readonly (SourceOffset | null)[]
  readonly pending: OffsetSeq | undefined
  readonly watermarkMs: number
  /** W of the last executed batch: the lateWM of the next one. */
  readonly lastBatchWatermarkMs: number
  readonly policy: MultipleWatermarkPolicy
}

interface Prepared extends Restored {
  readonly checkpoint: QueryCheckpoint
  readonly sources: readonly StreamSource[]
  readonly sourceIds: readonly string[]
  readonly compiled: CompiledPlan
  readonly stateProviders: ReadonlyMap<number, StateStoreProvider>
}

function checkSourceCount(entry: OffsetSeq, count: number, checkpoint: QueryCheckpoint): void {
  if (entry.offsets.length !== count) {
    throw new CheckpointError(
      'SL_STATE_QUERY_CHANGED',
      {
        path: checkpoint.layout.root,
        what: 'number of sources',
        before: entry.offsets.length,
        now: count,
      },
      { path: checkpoint.layout.root },
    )
  }
}
