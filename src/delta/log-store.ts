/**
 * The thin filesystem layer under the Delta log. Everything protocol-related lives elsewhere; this
 * file only knows how to list, read and publish files atomically on a local POSIX filesystem
 * (delta-notes §2.2):
 * - new log entries: hidden temp file in `_delta_log`, fsync, `link` to the final name (fails with
 *   EEXIST when another writer won), unlink the temp file, fsync the directory. Never `rename`
 *   (overwrites) and never create-then-write (a crash would leave a corrupt version forever).
 * - replaceable files (`_last_checkpoint`, checkpoints): temp file, fsync, `rename`.
 */
import { promises as fs, type Dirent } from 'node:fs'
import path from 'node:path'
import { EngineError } from '../errors/index.js'
import { syncDirectory, tempFileFor, writeNewFileDurably } from '../internal/atomic-file.js'
import { crashPoint } from '../internal/crash-points.js'
import { makeDirectory } from '../internal/make-directory.js'

/** Size and modification time of a log file. */
export interface ListedFile {
  name: string
  size: number
  modificationTime: number
}

/** Filesystem access for one table's `_delta_log`. */
export class LogStore {
  readonly logDir: string

  constructor(readonly tablePath: string) {
    this.logDir = path.join(tablePath, '_delta_log')
  }

  /** Regular files of `_delta_log` (subdirectories are ignored); empty when it does not exist. */
  async list(): Promise<string[]> {
    let entries: Dirent[]
    try {
      entries = await fs.readdir(this.logDir, { withFileTypes: true })
    } catch (e) {
      if (isCode(e, 'ENOENT') || isCode(e, 'ENOTDIR')) return []
      throw e
    }
    return entries.filter((e) => e.isFile()).map((e) => e.name)
  }

  /** Size and modification time of one log file. */
  async stat(name: string): Promise<ListedFile> {
    const s = await fs.stat(path.join(this.logDir, name))
    return { name, size: s.size, modificationTime: Math.floor(s.mtimeMs) }
  }

  /** Reads a log file as UTF-8 text. */
  async readText(name: string): Promise<string> {
    return fs.readFile(path.join(this.logDir, name), 'utf8')
  }

  /** Reads a log file as bytes. */
  async readBytes(name: string): Promise<Uint8Array> {
    return fs.readFile(path.join(this.logDir, name))
  }

  /**
   * Publishes `content` as `name` only if no file of that name exists. Returns false when another
   * writer already created it.
   */
  async putIfAbsent(name: string, content: string | Uint8Array): Promise<boolean> {
    await makeDirectory(this.logDir)
    const temp = tempFileFor(path.join(this.logDir, name))
    await writeNewFileDurably(temp, content)
    crashPoint('delta-log-temp-written')
    try {
      await fs.link(temp, path.join(this.logDir, name))
    } catch (e) {
      if (isCode(e, 'EEXIST')) return false
      if (
        isCode(e, 'EPERM') ||
        isCode(e, 'ENOTSUP') ||
        isCode(e, 'EXDEV') ||
        isCode(e, 'EOPNOTSUPP')
      ) {
        throw new EngineError(
          'SL_DELTA_HARD_LINK_UNSUPPORTED',
          { path: this.tablePath, errorCode: (e as NodeJS.ErrnoException).code },
          { path: this.tablePath, cause: e },
        )
      }
      throw e
    } finally {
      await fs.rm(temp, { force: true })
    }
    await syncDirectory(this.logDir)
    return true
  }

  /** Writes `name` through a temp file and rename, replacing any previous content. */
  async replace(name: string, content: string | Uint8Array): Promise<void> {
    await makeDirectory(this.logDir)
    const temp = tempFileFor(path.join(this.logDir, name))
    try {
      await writeNewFileDurably(temp, content)
      await fs.rename(temp, path.join(this.logDir, name))
    } catch (e) {
      await fs.rm(temp, { force: true })
      throw e
    }
    await syncDirectory(this.logDir)
  }
}

/** True when `e` is a Node system error with this code. */
export function isCode(e: unknown, code: string): boolean {
  return typeof e === 'object' && e !== null && (e as NodeJS.ErrnoException).code === code
}
