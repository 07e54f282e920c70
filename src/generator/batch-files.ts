/**
 * The generator's on-disk layout. `DIR/batch_<index>.json`, index zero-padded to 6 digits (more
 * digits past 999999), one JSON event per line, `\n`-terminated. Files are published atomically
 * (hidden `.batch_….tmp` temp file, fsync, link to the final name), so a reader listing DIR never
 * sees a partial file, and names starting with `.` are never batches. A new run continues after the
 * highest existing index.
 */
import { constants, promises as fs } from 'node:fs'
import { basename, dirname, join } from 'node:path'
import { fileSystemFailure } from '../errors/file-system-error.js'
import { EngineError, type ErrorCode } from '../errors/index.js'
import { makeDirectory } from '../internal/make-directory.js'
import { retryTransient } from '../internal/retry-transient.js'
import type { EncodedBatch } from './encode-batch.js'
import { parseEventLine } from './parse-event-line.js'

const BATCH_FILE = /^batch_(\d{6,})\.json$/

/**
 * The file name of batch `index`.
 *
 * @example
 * ```ts
 * import { batchFileName } from 'streamlake'
 * batchFileName(7) // 'batch_000007.json'
 * ```
 */
export function batchFileName(index: number): string {
  return `batch_${String(index).padStart(6, '0')}.json`
}

/** The batch index of a file name, or undefined when it is not a batch file. @internal */
export function parseBatchFileName(name: string): number | undefined {
  const m = BATCH_FILE.exec(name)
  return m === null ? undefined : Number(m[1])
}

/**
 * Creates `dir` if missing and checks that this process can write into it, so that an unusable
 * `--out` fails before the first batch, with the reason. Only transient failures are retried.
 * @internal
 */
export async function ensureOutputDirectory(dir: string, signal?: AbortSignal): Promise<void> {
  try {
    await retryTransient(() => makeDirectory(dir), { signal })
    await retryTransient(() => fs.access(dir, constants.W_OK | constants.X_OK), { signal })
  } catch (error) {
    throw outputDirectoryError(dir, error)
  }
}

/**
 * SL_CLI_OUTPUT_DIR_UNUSABLE for a failure to create `dir` or to write `file` into it, with the
 * reason in words (the file-system classification of `fileSystemFailure` where it applies) and
 * the syscall, errno and path that failed. @internal
 */
export function outputDirectoryError(dir: string, error: unknown, file?: string): EngineError {
  const e = error as NodeJS.ErrnoException
  const where = `${e.syscall ?? 'i/o'} ${e.path ?? file ?? dir}: ${e.code ?? 'error'}`
  const failure = fileSystemFailure(error)
  let reason: string
  if (e.code === 'ENOTDIR' || e.code === 'EEXIST')
    reason = `it (or a parent) exists and is not a directory (${where})`
  else if (e.code === 'ENOENT' && e.syscall === 'mkdir' && e.path !== undefined)
    reason = `${dirname(e.path)} exists but does not accept new directories (${where}), as virtual file systems (/proc, /sys) and dangling symbolic links do`
  else if (failure !== undefined)
    reason = `${FAILURE_REASONS[failure.code] ?? failure.code} (${where})`
  else reason = e.message ?? String(error)
  if (file !== undefined) reason = `writing ${basename(file)} failed: ${reason}`
  return new EngineError(
    'SL_CLI_OUTPUT_DIR_UNUSABLE',
    { path: dir, reason },
    { path: dir, option: 'out', cause: error },
  )
}

const FAILURE_REASONS: Readonly<Partial<Record<ErrorCode, string>>> = {
  SL_FS_PERMISSION_DENIED: 'permission denied',
  SL_FS_READ_ONLY: 'its file system is read-only',
  SL_FS_NO_SPACE:
    'no space left on its device (free space, then run again: it continues after the last complete batch)',
  SL_FS_TOO_MANY_OPEN_FILES: 'too many open files (raise ulimit -n)',
  SL_FS_IO_ERROR: 'its device reported an I/O error',
}

/** The index the next batch gets: one past the highest existing batch file, or 0. @internal */
export async function nextBatchIndex(dir: string): Promise<number> {
  let next = 0
  for (const name of await fs.readdir(dir)) {
    const index = parseBatchFileName(name)
    if (index !== undefined && index >= next) next = index + 1
  }
  return next
}

/**
 * The `count` batches before `nextIndex` that exist in `dir`, oldest first, so that duplicates in
 * a continued run can re-emit events of the previous run. Lines that are not generator events are
 * left out. @internal
 */
export async function readRecentBatches(
  dir: string,
  nextIndex: number,
  count: number,
): Promise<EncodedBatch[]> {
  const batches: EncodedBatch[] = []
  for (let index = Math.max(0, nextIndex - count); index < nextIndex; index++) {
    let text: string
    try {
      text = await fs.readFile(join(dir, batchFileName(index)), 'utf8')
    } catch {
      continue
    }
    const lines = text.split('\n').filter((line) => parseEventLine(line) !== undefined)
    const bytes = Buffer.from(lines.map((line) => line + '\n').join(''), 'utf8')
    const lineStarts = new Int32Array(lines.length + 1)
    let offset = 0
    lines.forEach((line, i) => {
      lineStarts[i] = offset
      offset += Buffer.byteLength(line) + 1
    })
    lineStarts[lines.length] = offset
    batches.push({ bytes, lineStarts })
  }
  return batches
}
