/**
 * Durable, atomic file publication for our own files (checkpoint logs, generator output …).
 * The content goes to a hidden temp file in the same directory, is fsynced, and is then
 * published under its final name: with `link` (never overwrites: EEXIST tells the caller that
 * someone else already wrote that name) or with `rename` (replaces). The directory is fsynced
 * afterwards so the new name survives a power loss. A reader therefore sees either nothing or
 * the whole file, and a crash at any instant leaves at most a hidden temp file behind.
 */
import { randomUUID } from 'node:crypto'
import { promises as fs } from 'node:fs'
import { basename, dirname, join } from 'node:path'
import { withErrorPath } from '../errors/file-system-error.js'
import { crashPoint } from './crash-points.js'

/** What to do when the final name already exists. */
export type ExistingFilePolicy = 'fail' | 'replace'

/** Thrown (as a plain Node error with code EEXIST) when `policy` is 'fail' and the file exists. */
export function isAlreadyExists(error: unknown): boolean {
  return (error as NodeJS.ErrnoException | undefined)?.code === 'EEXIST'
}

/** The hidden temp file an atomic write of `path` goes through (stale-temp-files.ts knows it). */
export function tempFileFor(path: string): string {
  return join(dirname(path), `.${basename(path)}.${randomUUID()}.tmp`)
}

/**
 * Creates `file` (failing if it exists), writes `data` and fsyncs it. A failed write (a full
 * disk) removes the partial file; errors name `reportedPath` (the file the user knows, when
 * `file` is a temp name).
 */
export async function writeNewFileDurably(
  file: string,
  data: string | Uint8Array,
  reportedPath: string = file,
): Promise<void> {
  const handle = await withErrorPath(reportedPath, () => fs.open(file, 'wx'))
  try {
    await withErrorPath(reportedPath, async () => {
      await handle.writeFile(data)
      await handle.sync()
    })
  } catch (error) {
    await handle.close().catch(() => undefined)
    await fs.rm(file, { force: true }).catch(() => undefined)
    throw error
  }
  await handle.close()
}

/** Writes `data` to `path` atomically and durably. */
export async function writeFileAtomic(
  path: string,
  data: string | Uint8Array,
  policy: ExistingFilePolicy = 'replace',
): Promise<void> {
  const temp = tempFileFor(path)
  await writeNewFileDurably(temp, data, path)
  crashPoint('atomic-file-temp-written')
  try {
    if (policy === 'replace') await fs.rename(temp, path)
    else await fs.link(temp, path)
  } catch (error) {
    if (policy === 'replace') await fs.rm(temp, { force: true }).catch(() => undefined)
    throw error
  } finally {
    if (policy === 'fail') await fs.rm(temp, { force: true })
  }
  await syncDirectory(dirname(path))
}

/** fsyncs a directory so that entries created or renamed in it are durable. */
export async function syncDirectory(dir: string): Promise<void> {
  let handle: fs.FileHandle | undefined
  try {
    handle = await fs.open(dir, 'r')
    await handle.sync()
  } catch (error) {
    // Some filesystems refuse fsync on directories (EINVAL/EISDIR); the rename is still atomic.
    const code = (error as NodeJS.ErrnoException).code
    if (code !== 'EINVAL' && code !== 'EISDIR' && code !== 'EPERM') throw error
  } finally {
    await handle?.close()
  }
}

/** True for names a reader must ignore: hidden (`.x`) and underscore-prefixed (`_x`) names. */
export function isHiddenName(name: string): boolean {
  return name.startsWith('.') || name.startsWith('_')
}
