/**
 * Records when each version of a Delta table becomes visible, engine-independently: an inotify
 * watch (fs.watch) on `_delta_log` plus a fast poll for the next version's file, whichever sees
 * `NNNNNNNNNNNNNNNNNNNN.json` first. Both engines publish a commit atomically (streamlake by
 * hard link, Spark by rename), so the file's appearance is the moment readers can see the
 * version. Each commit's `txn.version` (the writing query's batch id) is read afterwards.
 */
import { watch, promises as fs, type FSWatcher } from 'node:fs'
import { join } from 'node:path'

export interface SeenCommit {
  readonly version: number
  /** Epoch ms (fractional) when the commit file was first seen. */
  readonly seenAtMs: number
  /** The streaming batch id of the commit's txn action, once read. */
  txnVersion?: number
  /** Rows the commit added (sum of its add actions' stats.numRecords), once read. */
  addedRows?: number
}

const COMMIT_FILE = /^(\d{20})\.json$/
export const epochMs = (): number => performance.timeOrigin + performance.now()

export function commitFileName(version: number): string {
  return `${String(version).padStart(20, '0')}.json`
}

export class DeltaCommitWatcher {
  readonly commits = new Map<number, SeenCommit>()
  private watcher: FSWatcher | undefined
  private timer: NodeJS.Timeout | undefined
  private stopped = false
  private readonly logDir: string
  private readonly pending: Promise<void>[] = []

  constructor(
    table: string,
    private readonly pollMs = 10,
  ) {
    this.logDir = join(table, '_delta_log')
  }

  start(): void {
    this.schedule()
  }

  async stop(): Promise<void> {
    this.stopped = true
    clearTimeout(this.timer)
    this.watcher?.close()
    await Promise.all(this.pending)
  }

  get firstSeenAtMs(): number | undefined {
    return this.commits.get(0)?.seenAtMs
  }

  /** The commit whose txn.version is `batchId`, if seen and read. */
  commitOfBatch(batchId: number): SeenCommit | undefined {
    for (const c of this.commits.values()) if (c.txnVersion === batchId) return c
    return undefined
  }

  /** Waits until the reads of every seen commit have finished. */
  async settled(): Promise<void> {
    await Promise.all(this.pending)
  }

  private schedule(): void {
    if (this.stopped) return
    this.timer = setTimeout(() => void this.poll(), this.pollMs)
  }

  private async poll(): Promise<void> {
    if (this.watcher === undefined) {
      try {
        this.watcher = watch(this.logDir, (_event, name) => {
          const m = name === null ? null : COMMIT_FILE.exec(name)
          if (m) this.seen(Number(m[1]), epochMs())
        })
      } catch {
        // _delta_log does not exist yet: the first commit has not happened.
      }
    }
    for (;;) {
      const next = this.commits.size === 0 ? 0 : Math.max(...this.commits.keys()) + 1
      const exists = await fs
        .access(join(this.logDir, commitFileName(next)))
        .then(() => true)
        .catch(() => false)
      if (!exists) break
      this.seen(next, epochMs())
    }
    this.schedule()
  }

  private seen(version: number, at: number): void {
    if (this.commits.has(version)) return
    const commit: SeenCommit = { version, seenAtMs: at }
    this.commits.set(version, commit)
    this.pending.push(this.read(commit))
  }

  private async read(commit: SeenCommit): Promise<void> {
    const text = await fs.readFile(join(this.logDir, commitFileName(commit.version)), 'utf8')
    let rows = 0
    for (const line of text.split('\n')) {
      if (line.trim() === '') continue
      const action = JSON.parse(line) as {
        txn?: { version: number }
        add?: { stats?: string }
      }
      if (action.txn) commit.txnVersion = action.txn.version
      if (action.add?.stats !== undefined)
        rows += (JSON.parse(action.add.stats) as { numRecords?: number }).numRecords ?? 0
    }
    commit.addedRows = rows
  }
}
