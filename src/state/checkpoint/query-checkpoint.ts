/**
 * Opens a query's checkpoint directory: creates it on first start (metadata with a new query
 * id), otherwise validates that it is a checkpoint (not some other folder), that it is not
 * corrupt, and that it belongs to this query (same sources and sink). Then takes the lock.
 */
import { randomUUID } from 'node:crypto'
import { promises as fs } from 'node:fs'
import { isAbsolute, relative } from 'node:path'
import { CheckpointError } from '../../errors/index.js'
import { writeFileAtomic } from '../../internal/atomic-file.js'
import { CheckpointLock } from './checkpoint-lock.js'
import { CommitLog } from './commit-log.js'
import { CheckpointLayout } from './layout.js'
import { OffsetLog } from './offset-log.js'

/** What identifies a query across restarts; a change here makes the checkpoint unusable. */
export interface QueryIdentity {
  readonly sources: readonly { readonly format: string; readonly path: string | null }[]
  readonly sink: { readonly format: string; readonly path: string | null }
}

const KNOWN_ENTRIES = new Set([
  'metadata',
  'query-info.json',
  'lock',
  'offsets',
  'commits',
  'sources',
  'state',
])
const QUERY_INFO_FORMAT = 1

export class QueryCheckpoint {
  readonly offsets: OffsetLog
  readonly commits: CommitLog

  private constructor(
    readonly layout: CheckpointLayout,
    readonly queryId: string,
    private readonly lock: CheckpointLock,
  ) {
    this.offsets = new OffsetLog(layout.offsetsDir)
    this.commits = new CommitLog(layout.commitsDir)
  }

  static async open(
    root: string,
    identity: QueryIdentity,
    runId: string,
    queryName: string | null,
  ): Promise<QueryCheckpoint> {
    const layout = new CheckpointLayout(root)
    await fs.mkdir(layout.root, { recursive: true })
    const queryId = await readOrCreateMetadata(layout)
    await checkIdentity(layout, identity)
    const lock = await CheckpointLock.acquire(layout.lockFile, runId, queryName)
    return new QueryCheckpoint(layout, queryId, lock)
  }

  async close(): Promise<void> {
    await this.lock.release()
  }
}

async function readOrCreateMetadata(layout: CheckpointLayout): Promise<string> {
  const file = layout.metadataFile
  let text: string | undefined
  try {
    text = await fs.readFile(file, 'utf8')
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error
  }
  if (text === undefined) {
    const foreign = (await fs.readdir(layout.root)).filter(
      (n) => !n.startsWith('.') && !KNOWN_ENTRIES.has(n),
    )
    const hasLogs = (await fs.readdir(layout.root)).some((n) => n === 'offsets' || n === 'commits')
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
    const id = randomUUID()
    await writeFileAtomic(file, JSON.stringify({ id }), 'fail')
    return id
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

type IdentityPath = QueryIdentity['sink']
/** An identity path as stored in query-info.json: also relative to the checkpoint root. */
interface StoredPath {
  readonly format: string
  readonly path: string | null
  readonly relativePath?: string
}

/**
 * The same source or sink: the same format and path — or the same path relative to the
 * checkpoint, so that a checkpoint moved together with its table (a copied directory tree, a
 * frozen fixture) is still recognised. Spark itself does not check identities at all.
 */
function samePlace(stored: StoredPath, now: StoredPath): boolean {
  if (stored.format !== now.format) return false
  if ((stored.path ?? '') === (now.path ?? '')) return true
  return stored.relativePath !== undefined && stored.relativePath === now.relativePath
}

async function checkIdentity(layout: CheckpointLayout, identity: QueryIdentity): Promise<void> {
  const file = layout.queryInfoFile
  let text: string | undefined
  try {
    text = await fs.readFile(file, 'utf8')
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error
  }
  const withRelative = (x: IdentityPath): StoredPath =>
    x.path !== null && isAbsolute(x.path)
      ? { ...x, relativePath: relative(layout.root, x.path) }
      : x
  const current = {
    formatVersion: QUERY_INFO_FORMAT,
    engine: 'streamlake',
    sources: identity.sources.map(withRelative),
    sink: withRelative(identity.sink),
  }
  if (text === undefined) {
    await writeFileAtomic(file, JSON.stringify(current, null, 2))
    return
  }
  let stored: typeof current
  try {
    stored = JSON.parse(text) as typeof current
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
  const describe = (x: { format: string; path: string | null }): string =>
    `${x.format}:${x.path ?? ''}`
  const before = (stored.sources ?? []).map(describe)
  const now = identity.sources.map(describe)
  const sourcesMatch =
    before.length === now.length &&
    (stored.sources ?? []).every((x, i) => samePlace(x, current.sources[i]!))
  if (!sourcesMatch) {
    throw new CheckpointError(
      'SL_STATE_QUERY_CHANGED',
      { path: layout.root, what: 'sources', before: before.join(' + '), now: now.join(' + ') },
      { path: layout.root },
    )
  }
  if (stored.sink && !samePlace(stored.sink, current.sink)) {
    throw new CheckpointError(
      'SL_STATE_QUERY_CHANGED',
      {
        path: layout.root,
        what: 'sink',
        before: describe(stored.sink),
        now: describe(identity.sink),
      },
      { path: layout.root },
    )
  }
}
