/**
 * Opens a query's checkpoint directory in two steps, so that a start that fails writes nothing
 * durable (#14: a typo in a first start must not stick):
 *
 * 1. {@link QueryCheckpoint.open} only reads: it checks that the directory is a checkpoint (not
 *    some other folder), that `metadata` and `query-info.json` are readable, and that they
 *    belong to this query (same sources and sink, query-identity.ts). Then it takes the lock.
 *    A new checkpoint gets its query id in memory.
 * 2. {@link QueryCheckpoint.persist}, called once the executor has validated the sources,
 *    options, sink and plan, writes `query-info.json` and then `metadata` (the file that makes a
 *    directory a checkpoint), each atomically.
 *
 * A start that fails in between leaves at most the directory it created (removed again when
 * empty) and, if the process is killed, a stale lock that the next start takes over.
 *
 * A checkpoint in which no batch was ever planned (only `metadata`/`query-info.json`, left by a
 * failed first start of a version before this rule) holds nothing that depends on its sources
 * and sink: no offsets, commits, source logs or state, and no table has a transaction of its
 * query id. A corrected start may therefore adopt it: its identity is recorded anew and the
 * query id kept.
 */
import { randomUUID } from 'node:crypto'
import { promises as fs, type Dirent } from 'node:fs'
import { join } from 'node:path'
import { CheckpointError } from '../../errors/index.js'
import { writeFileAtomic } from '../../internal/atomic-file.js'
import { CheckpointLock } from './checkpoint-lock.js'
import { CommitLog } from './commit-log.js'
import { CheckpointLayout } from './layout.js'
import { OffsetLog } from './offset-log.js'
import {
  QUERY_INFO_FORMAT,
  compareIdentity,
  recordIdentity,
  type QueryIdentity,
  type QueryInfo,
} from './query-identity.js'
import { makeDirectory } from '../../internal/make-directory.js'

export type { QueryIdentity } from './query-identity.js'

const KNOWN_ENTRIES = new Set([
  'metadata',
  'query-info.json',
  'lock',
  'offsets',
  'commits',
  'sources',
  'state',
])
/** Entries that exist only once a batch was planned (see the module comment). */
const BATCH_ENTRIES = ['offsets', 'commits', 'sources', 'state']

/** What `persist` still has to write. */
interface PendingWrites {
  readonly metadata: boolean
  /** query-info.json for this start; written when it differs from `storedInfo`. */
  readonly queryInfo: QueryInfo
  readonly storedInfo: string | undefined
}

export class QueryCheckpoint {
  readonly offsets: OffsetLog
  readonly commits: CommitLog
  private pending: PendingWrites | undefined

  private constructor(
    readonly layout: CheckpointLayout,
    readonly queryId: string,
    private readonly lock: CheckpointLock,
    pending: PendingWrites,
    private readonly createdRoot: boolean,
  ) {
    this.offsets = new OffsetLog(layout.offsetsDir)
    this.commits = new CommitLog(layout.commitsDir)
    this.pending = pending
  }

  /** Validates the checkpoint against `identity` and takes its lock; writes nothing else. */
  static async open(
    root: string,
    identity: QueryIdentity,
    runId: string,
    queryName: string | null,
    cwd: string = process.cwd(),
  ): Promise<QueryCheckpoint> {
    const layout = new CheckpointLayout(root)
    const createdRoot = await makeDirectory(layout.root)
    try {
      const storedId = await readMetadata(layout)
      const lock = await CheckpointLock.acquire(layout.lockFile, runId, queryName)
      try {
        const queryInfo = recordIdentity(identity, layout.root, cwd)
        const storedInfo = await checkIdentity(layout, queryInfo, cwd, storedId !== undefined)
        return new QueryCheckpoint(
          layout,
          storedId ?? randomUUID(),
          lock,
          { metadata: storedId === undefined, queryInfo, storedInfo },
          createdRoot,
        )
      } catch (error) {
        await lock.release()
        throw error
      }
    } catch (error) {
      if (createdRoot) await fs.rmdir(layout.root).catch(() => undefined)
      throw error
    }
  }

  /**
   * Makes the checkpoint durable: called after the query has validated everything else.
   * `stateOperators` (id and name of each stateful operator) are recorded for `checkpoint
   * inspect`, which can then tell that a state directory is missing.
   */
  async persist(stateOperators: QueryInfo['stateOperators'] = []): Promise<void> {
    const pending = this.pending
    if (pending === undefined) return
    const text = JSON.stringify({ ...pending.queryInfo, stateOperators }, null, 2)
    if (text !== pending.storedInfo) await writeFileAtomic(this.layout.queryInfoFile, text)
    // Last: with metadata the directory is a checkpoint (inspect, status, the foreign check).
    if (pending.metadata)
      await writeFileAtomic(this.layout.metadataFile, JSON.stringify({ id: this.queryId }), 'fail')
    this.pending = undefined
  }

  async close(): Promise<void> {
    await this.lock.release()
    // A first start that failed before persist leaves no directory behind (unless other files).
    if (this.pending?.metadata === true && this.createdRoot)
      await fs.rmdir(this.layout.root).catch(() => undefined)
  }
}

/** The query id of an existing checkpoint, undefined for a new (empty) directory. */
async function readMetadata(layout: CheckpointLayout): Promise<string | undefined> {
  const file = layout.metadataFile
  const text = await readIfExists(file)
  if (text === undefined) {
    const names = await fs.readdir(layout.root)
    const foreign = names.filter((n) => !n.startsWith('.') && !KNOWN_ENTRIES.has(n))
    const hasLogs = names.some((n) => n === 'offsets' || n === 'commits')
    if (foreign.length > 0 || hasLogs) {
      throw new CheckpointError(
        'SL_STATE_CHECKPOINT_FOREIGN',
        {
          path: layout.root,
          found: (hasLogs ? ['offsets/ or commits/ without metadata'] : []).concat(
            foreign.slice(0, 5),
          ),
        },
        { path: layout.root },
      )
    }
    return undefined
  }
  let meta: unknown
  try {
    meta = JSON.parse(text)
  } catch {
    meta = undefined
  }
  const id = (meta as { id?: unknown } | undefined)?.id
  if (typeof id !== 'string' || !/^[0-9a-f-]{36}$/i.test(id)) {
    throw new CheckpointError(
      'SL_STATE_CHECKPOINT_CORRUPT',
      {
        path: file,
        problem: `expected {"id":"<uuid>"}, found ${JSON.stringify(text.slice(0, 80))}`,
      },
      { path: file },
    )
  }
  return id
}

/**
 * Compares this start's identity with query-info.json (throws when they differ and a batch
 * was planned) and returns the file's text (undefined when there is none to keep). Persist then
 * writes the current form when it differs: a new file, an older file's normalised form, or a
 * moved tree's new paths.
 */
async function checkIdentity(
  layout: CheckpointLayout,
  current: QueryInfo,
  cwd: string,
  hasMetadata: boolean,
): Promise<string | undefined> {
  const file = layout.queryInfoFile
  const text = await readIfExists(file)
  // Without metadata, a query-info.json is the leftover of a start that never finished.
  if (text === undefined || !hasMetadata) return undefined
  let stored: QueryInfo
  try {
    stored = JSON.parse(text) as QueryInfo
  } catch {
    throw new CheckpointError(
      'SL_STATE_CHECKPOINT_CORRUPT',
      { path: file, problem: 'it is not valid JSON' },
      { path: file },
    )
  }
  if (typeof stored.formatVersion !== 'number' || stored.formatVersion > QUERY_INFO_FORMAT) {
    throw new CheckpointError(
      'SL_STATE_CHECKPOINT_VERSION',
      { path: file, version: stored.formatVersion, supported: QUERY_INFO_FORMAT },
      { path: file },
    )
  }
  const mismatch = compareIdentity(stored, current, cwd)
  if (mismatch !== undefined && (await hasBatches(layout))) {
    if (mismatch.code === 'SL_STATE_INPUT_MOVED') {
      throw new CheckpointError(
        'SL_STATE_INPUT_MOVED',
        { path: layout.root, index: mismatch.index, before: mismatch.before, now: mismatch.now },
        { path: layout.root },
      )
    }
    throw new CheckpointError(
      'SL_STATE_QUERY_CHANGED',
      { path: layout.root, what: mismatch.what, before: mismatch.before, now: mismatch.now },
      { path: layout.root },
    )
  }
  return text
}

/** Whether any batch was ever planned from this checkpoint (see the module comment). */
async function hasBatches(layout: CheckpointLayout): Promise<boolean> {
  for (const name of BATCH_ENTRIES) if (await containsFiles(join(layout.root, name))) return true
  return false
}

/** Whether `dir` holds a file at any depth; hidden names (temp files) do not count. */
async function containsFiles(dir: string): Promise<boolean> {
  let entries: Dirent[]
  try {
    entries = await fs.readdir(dir, { withFileTypes: true })
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return false
    throw error
  }
  for (const e of entries) {
    if (e.name.startsWith('.')) continue
    if (!e.isDirectory() || (await containsFiles(join(dir, e.name)))) return true
  }
  return false
}

async function readIfExists(file: string): Promise<string | undefined> {
  try {
    return await fs.readFile(file, 'utf8')
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined
    throw error
  }
}
