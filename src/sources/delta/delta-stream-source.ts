/**
 * `readStream.format('delta')`: a Delta table as a streaming source, with Delta's offsets
 * (`{"sourceVersion":1,"reservoirId":<table id>,"reservoirVersion":v,"index":i,
 * "isStartingVersion":b}`) and its rules (DeltaSource.scala). A new query reads the table's
 * snapshot at start first, then every later commit's new files; `startingVersion`/
 * `startingTimestamp` start at a commit instead. `maxFilesPerTrigger` (default 1000) and
 * `maxBytesPerTrigger` bound a batch; a batch may stop inside a commit. A range always reads the
 * same files: they are named by the log, which never changes.
 *
 * The stream reads with the schema of the table at query start; schema changes it meets are
 * checked as Delta checks them (schema-change-check.ts): in every commit read, and once per query
 * start at the snapshot where the first batch planned, run or resumed after starts.
 */
import { pathToFileURL } from 'node:url'
import { logicalSchema } from '../../delta/column-mapping.js'
import { DeltaLog, readFileRows, type Snapshot } from '../../delta/index.js'
import { SourceError } from '../../errors/index.js'
import { parseTimestamp } from '../../internal/time/timestamp-parser.js'
import type { Row, StructType } from '../../types/index.js'
import type { AdmissionLimits, SourceContext, SourceOffset, StreamSource } from '../source.js'
import { tableNotFoundError } from '../table-not-found-error.js'
import { DeltaChanges, END_INDEX, type IndexedFile, type Position } from './delta-changes.js'
import { parseDeltaSourceOptions, type DeltaSourceOptions } from './delta-source-options.js'
import {
  BASE_INDEX,
  parseDeltaOffset,
  toSourceOffset,
  type DeltaOffset,
} from './delta-source-offset.js'
import { SchemaChangeCheck } from './schema-change-check.js'

/** Where a range starts: after (version, index), inside the snapshot of `version` or not. */
interface From {
  readonly version: number
  readonly index: number
  readonly isInitialSnapshot: boolean
}

export class DeltaStreamSource implements StreamSource {
  readonly description: string
  readonly schema: StructType
  private readonly tableId: string
  private readonly changes: DeltaChanges
  /** Trigger.AvailableNow: the newest version when the run started (later ones wait). */
  private lastVersionForRun: number | undefined
  /** The commit a query without a committed offset starts at; undefined: the snapshot. */
  private startingVersion: number | undefined
  private readonly schemaCheck: SchemaChangeCheck
  /** Delta's hasCheckedReadIncompatibleSchemaChangesOnStreamStart. */
  private startChecked = false
  /** Trigger.AvailableNow: the first planning has scanned (and checked) every commit of the run. */
  private runScanned = false

  private constructor(
    private readonly log: DeltaLog,
    /** The table when the query started: its schema is the stream's. */
    private readonly initial: Snapshot,
    private readonly options: DeltaSourceOptions,
    private readonly timeZone: string,
  ) {
    this.description = `DeltaSource[${pathToFileURL(log.tablePath).href.replace(/^file:\/\/\//, 'file:/')}]`
    this.schema = logicalSchema(initial.schema)
    this.tableId = initial.metadata.id
    this.schemaCheck = new SchemaChangeCheck(log, initial)
    this.changes = new DeltaChanges(log, this.schemaCheck, options)
  }

  /** Opens the table at `path` (it must exist: its schema is the stream's schema). */
  static async open(
    path: string,
    rawOptions: Readonly<Record<string, string>>,
    ctx: SourceContext,
  ): Promise<DeltaStreamSource> {
    const options = parseDeltaSourceOptions(rawOptions)
    const log = DeltaLog.forTable(path)
    const snapshot = await log.snapshot()
    if (!snapshot.exists) throw await tableNotFoundError(path)
    return new DeltaStreamSource(log, snapshot, options, ctx.timeZone)
  }

  async initialize(): Promise<void> {
    const start = this.options.start
    const latest = this.initial.version
    switch (start.kind) {
      case 'snapshot':
        return
      case 'latest':
        this.startingVersion = (await this.changes.latestVersion()) + 1
        return
      case 'version':
        if (start.version > (await this.changes.latestVersion())) {
          throw new SourceError(
            'SL_SOURCE_DELTA_VERSION_NOT_FOUND',
            { path: this.log.tablePath, version: start.version, latest },
            { path: this.log.tablePath, option: 'startingVersion' },
          )
        }
        this.startingVersion = start.version
        return
      case 'timestamp':
        this.startingVersion = await this.versionAtTimestamp(start.text)
        return
    }
  }

  async prepareForAvailableNow(): Promise<void> {
    this.lastVersionForRun = await this.changes.latestVersion()
  }

  async latestOffset(
    start: SourceOffset | null,
    limits: AdmissionLimits,
  ): Promise<SourceOffset | null> {
    const from = this.fromOf(start)
    if (from === undefined) return null
    const lastVersion = this.lastVersionForRun ?? (await this.changes.latestVersion())
    const peek = this.lastVersionForRun !== undefined
    if (peek && !this.runScanned) await this.scanRun(from, lastVersion)
    let files = limits.ignoreRateLimits ? Infinity : (this.options.maxFilesPerTrigger ?? Infinity)
    let bytes = limits.ignoreRateLimits ? Infinity : (this.options.maxBytesPerTrigger ?? Infinity)
    let last: IndexedFile | undefined
    const items = this.changes.items(
      from.version,
      from.index,
      from.isInitialSnapshot,
      lastVersion,
      undefined,
      peek,
    )
    for await (const item of items) {
      // Delta's AdmissionLimits.admit: a file is taken while both budgets are positive, so the
      // first file of a batch is always taken, however big.
      if (item.add) {
        const admit = files > 0 && bytes > 0
        files -= 1
        bytes -= item.add.size
        if (!admit) break
      }
      last = item
    }
    if (last === undefined) return start
    await this.checkOnStart(from.version)
    const offset: DeltaOffset =
      last.index === END_INDEX
        ? {
            reservoirId: this.tableId,
            reservoirVersion: last.version + 1,
            index: BASE_INDEX,
            isStartingVersion: false,
          }
        : {
            reservoirId: this.tableId,
            reservoirVersion: last.version,
            index: last.index,
            isStartingVersion: from.isInitialSnapshot && last.version === from.version,
          }
    return toSourceOffset(offset)
  }

  /**
   * Delta fixes an AvailableNow run's end by planning everything up to it at once, before the
   * first batch: every commit of the run is read and checked (schema, deletes) then.
   */
  private async scanRun(from: From, lastVersion: number): Promise<void> {
    let seen = 0
    const all = this.changes.items(
      from.version,
      from.index,
      from.isInitialSnapshot,
      lastVersion,
      undefined,
      true,
    )
    for await (const item of all) seen += item ? 1 : 0
    if (seen > 0) await this.checkOnStart(from.version)
    this.runScanned = true
  }

  async getBatch(start: SourceOffset | null, end: SourceOffset): Promise<Row[]> {
    const adds = []
    for await (const item of await this.batchItems(start, end)) if (item.add) adds.push(item.add)
    return (await readFileRows(this.initial, adds, 8, this.schema.fields)).flat()
  }

  /**
   * The query resumes after its committed batch (start, end]: Spark calls getBatch on the source
   * for it, where Delta checks the schema at the batch's start and the changes inside it.
   */
  async resumeAfter(start: SourceOffset | null, end: SourceOffset): Promise<void> {
    await this.batchRange(start, end)
  }

  /** The items of the batch (start, end], after the start-of-query schema check. */
  private async batchItems(
    start: SourceOffset | null,
    end: SourceOffset,
  ): Promise<AsyncGenerator<IndexedFile>> {
    const { from, endOffset } = await this.batchRange(start, end)
    const bound: Position = { version: endOffset.reservoirVersion, index: endOffset.index }
    return this.changes.items(
      from.version,
      from.index,
      from.isInitialSnapshot,
      endOffset.reservoirVersion,
      bound,
    )
  }

  /** Where the batch (start, end] starts and ends, checked once per query start. */
  private async batchRange(
    start: SourceOffset | null,
    end: SourceOffset,
  ): Promise<{ from: From; endOffset: DeltaOffset }> {
    const endOffset = parseDeltaOffset(end, this.tableId, this.log.tablePath)
    const from = start === null ? this.firstBatchFrom(endOffset) : this.fromOf(start)!
    // A batch ending at the base of a version reads nothing of it (Delta's getBatch).
    const endVersion =
      endOffset.index === BASE_INDEX ? endOffset.reservoirVersion - 1 : endOffset.reservoirVersion
    await this.checkOnStart(from.version, endVersion)
    return { from, endOffset }
  }

  /**
   * Delta's checkReadIncompatibleSchemaChangeOnStreamStartOnce: the schema at the version a batch
   * starts at, and every schema change up to `endVersion`, once per query start.
   */
  private async checkOnStart(startVersion: number, endVersion?: number): Promise<void> {
    if (this.startChecked) return
    await this.schemaCheck.checkSnapshotAt(startVersion)
    if (endVersion !== undefined) await this.changes.checkMetadataBetween(startVersion, endVersion)
    this.startChecked = true
  }

  async commit(end: SourceOffset): Promise<void> {
    const o = parseDeltaOffset(end, this.tableId, this.log.tablePath)
    this.changes.forgetBefore(o.reservoirVersion)
  }

  async stop(): Promise<void> {}

  /** Where planning continues after `start` (null: the query's starting point). */
  private fromOf(start: SourceOffset | null): From | undefined {
    if (start !== null) {
      const o = parseDeltaOffset(start, this.tableId, this.log.tablePath)
      return { version: o.reservoirVersion, index: o.index, isInitialSnapshot: o.isStartingVersion }
    }
    if (this.startingVersion !== undefined)
      return { version: this.startingVersion, index: BASE_INDEX, isInitialSnapshot: false }
    return { version: this.initial.version, index: BASE_INDEX, isInitialSnapshot: true }
  }

  /**
   * The start of a query's first batch, from its end offset as Delta's getBatch derives it, so a
   * first batch run again after a restart reads the same files: inside the snapshot of the end's
   * version, or the snapshot just before an end that left the snapshot.
   */
  private firstBatchFrom(end: DeltaOffset): From {
    if (this.startingVersion !== undefined && !end.isStartingVersion)
      return { version: this.startingVersion, index: BASE_INDEX, isInitialSnapshot: false }
    const version = end.isStartingVersion ? end.reservoirVersion : end.reservoirVersion - 1
    return { version, index: BASE_INDEX, isInitialSnapshot: true }
  }

  /**
   * The first commit at or after `text` (commit file times, made increasing as Delta's history
   * does); an error when every commit is older, as in Delta.
   */
  private async versionAtTimestamp(text: string): Promise<number> {
    const micros = parseTimestamp(text, this.timeZone)
    if (micros === null) {
      throw new SourceError(
        'SL_SOURCE_INVALID_OPTION',
        {
          option: 'startingTimestamp',
          format: 'delta',
          problem: 'is not a timestamp',
          value: JSON.stringify(text),
          hint: 'Use a date or timestamp such as "2026-11-24" or "2026-11-24T10:00:00Z".',
        },
        { option: 'startingTimestamp' },
      )
    }
    const target = Math.floor(Number(micros) / 1000)
    const commits = (await this.changes.commitTimes()).sort((a, b) => a.version - b.version)
    let previous = -Infinity
    for (const c of commits) {
      const time = Math.max(c.time, previous + 1)
      previous = time
      if (time >= target) return c.version
    }
    // Delta refuses a time after the newest commit (DELTA_TIMESTAMP_GREATER_THAN_COMMIT).
    throw new SourceError(
      'SL_SOURCE_DELTA_TIMESTAMP_AFTER_LATEST',
      {
        path: this.log.tablePath,
        timestamp: text,
        latest: new Date(previous).toISOString(),
      },
      { path: this.log.tablePath, option: 'startingTimestamp' },
    )
  }
}
