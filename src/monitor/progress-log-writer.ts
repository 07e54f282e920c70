/**
 * Appends a query's progress to its JSON-lines log (format and readers: progress-log.ts), rotating
 * the file before an append would take it past `maxBytes` and keeping `maxFiles` files in all
 * (progress-log-files.ts), so a long-running query's log stays bounded. Each line is written with
 * one `write(2)` on an `O_APPEND` descriptor, so lines from restarts (or two writers) never
 * interleave. It is a diagnostic, not part of the exactly-once state, so it is not fsynced; a
 * write failure is reported once and never stops the query.
 */
import { appendFileSync, closeSync, fstatSync, openSync, readSync, statSync } from 'node:fs'
import { dirname } from 'node:path'
import { makeDirectorySync } from '../internal/make-directory.js'
import type { StreamingQueryProgress } from './progress.js'
import {
  DEFAULT_PROGRESS_LOG_RETENTION,
  rotateProgressLog,
  type ProgressLogRetention,
} from './progress-log-files.js'
import { progressLine } from './progress-log.js'

const NEWLINE = 0x0a

export class ProgressLogWriter {
  private failed = false
  private checkedTail = false

  constructor(
    readonly path: string,
    readonly retention: ProgressLogRetention = DEFAULT_PROGRESS_LOG_RETENTION,
  ) {}

  /**
   * Appends one line. Synchronous on purpose: the line is on disk before the next batch starts,
   * in order, without a queue to drain at shutdown; it costs one stat and one small write per
   * batch (and a rename when the file is full).
   */
  append(progress: StreamingQueryProgress): void {
    if (this.failed) return
    try {
      makeDirectorySync(dirname(this.path))
      let line = progressLine(progress)
      const size = statSync(this.path, { throwIfNoEntry: false })?.size ?? 0
      if (size > 0 && size + Buffer.byteLength(line) > this.retention.maxBytes) {
        rotateProgressLog(this.path, this.retention.maxFiles)
        // A torn last line went with the rotated file, where readers skip it.
        this.checkedTail = true
      } else if (!this.checkedTail) {
        // A torn last line from a crashed run is ended first, so that it stays one bad line
        // of its own instead of swallowing this run's first progress.
        if (endsTorn(this.path)) line = `\n${line}`
        this.checkedTail = true
      }
      appendFileSync(this.path, line)
    } catch (error) {
      this.failed = true
      process.emitWarning(
        `The progress log ${this.path} cannot be written (${(error as Error).message}); the query goes on without it.`,
        { code: 'STREAMLAKE_PROGRESS_LOG' },
      )
    }
  }
}

function endsTorn(path: string): boolean {
  let fd: number
  try {
    fd = openSync(path, 'r')
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return false
    throw error
  }
  try {
    const { size } = fstatSync(fd)
    if (size === 0) return false
    const last = Buffer.alloc(1)
    readSync(fd, last, 0, 1, size - 1)
    return last[0] !== NEWLINE
  } finally {
    closeSync(fd)
  }
}
