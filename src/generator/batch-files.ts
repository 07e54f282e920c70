/**
 * The generator's on-disk layout. `DIR/batch_<index>.json`, index zero-padded to 6 digits (more
 * digits past 999999), one JSON event per line, `\n`-terminated. Files are published atomically
 * (hidden `.batch_….tmp` temp file, fsync, link to the final name), so a reader listing DIR never
 * sees a partial file, and names starting with `.` are never batches. A new run continues after the
 * highest existing index.
 */
import { promises as fs } from 'node:fs'
import { join } from 'node:path'
import { EngineError } from '../errors/index.js'
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

/** Creates `dir` if missing and checks that it is a directory. @internal */
export async function ensureOutputDirectory(dir: string): Promise<void> {
  try {
    await fs.mkdir(dir, { recursive: true })
    const stat = await fs.stat(dir)
    if (!stat.isDirectory()) throw Object.assign(new Error('not a directory'), { code: 'ENOTDIR' })
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code
    const reason =
      code === 'ENOTDIR' || code === 'EEXIST'
        ? 'it (or a parent) exists and is not a directory'
        : code === 'EACCES' || code === 'EPERM'
          ? 'permission denied'
          : (error as Error).message
    throw new EngineError(
      'SL_CLI_OUTPUT_DIR_UNUSABLE',
      { path: dir, reason },
      { path: dir, option: 'out', cause: error },
    )
  }
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
