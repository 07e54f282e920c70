/**
 * Lists the data files under a path as Spark's file source does: recursively, skipping names
 * starting with `.` or `_` at every level (temp files of atomic writers, `_SUCCESS`, …).
 * Files already known are not stat'ed again (their mtime is in the seen-file log). Under a
 * streaming file sink's output (`_spark_metadata`) the files are those its log lists
 * (`sinkLogFiles`), as Spark's readers.
 */
import { promises as fs, type Dirent } from 'node:fs'
import { join, resolve } from 'node:path'
import { SourceError } from '../../errors/index.js'
import { isHiddenName } from '../../internal/atomic-file.js'
import { FileSinkLog, localPathOf } from '../../sinks/file/file-sink-log.js'

export interface ListedFile {
  readonly path: string
  readonly mtimeMs: number
  readonly size: number
}

/**
 * The files a batch read of `path` reads: every data file under a directory in path order, or
 * the one file. A directory a streaming file sink writes (it has `_spark_metadata`) holds the
 * files its log lists only, as Spark's MetadataLogFileIndex: part files of a crashed attempt are
 * not output. A missing path is SL_SOURCE_PATH_NOT_FOUND.
 */
export async function batchInputFiles(path: string): Promise<string[]> {
  const root = resolve(path)
  const st = await fs.stat(root).catch(() => undefined)
  if (!st) throw new SourceError('SL_SOURCE_PATH_NOT_FOUND', { path: root }, { path: root })
  if (!st.isDirectory()) return [root]
  const logged = await sinkLogFiles(root, new Set())
  return (logged ?? (await listDataFiles(root, new Set()))).map((f) => f.path).sort()
}

/**
 * The files the `_spark_metadata` log under `root` lists (not in `skip`), with the size and
 * modification time it records; undefined when `root` has no such log.
 */
export async function sinkLogFiles(
  root: string,
  skip: ReadonlySet<string>,
): Promise<ListedFile[] | undefined> {
  if (!(await FileSinkLog.exists(root))) return undefined
  const out: ListedFile[] = []
  for (const status of await new FileSinkLog(root).allFiles()) {
    const path = localPathOf(status)
    if (!skip.has(path)) out.push({ path, mtimeMs: status.modificationTime, size: status.size })
  }
  return out
}

export async function listDataFiles(
  root: string,
  skip: ReadonlySet<string>,
): Promise<ListedFile[]> {
  const out: ListedFile[] = []
  await walk(root)
  return out

  async function walk(dir: string): Promise<void> {
    let entries: Dirent[]
    try {
      entries = await fs.readdir(dir, { withFileTypes: true })
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code
      if (code === 'ENOENT' && dir !== root) return // removed while listing
      throw error
    }
    for (const e of entries) {
      if (isHiddenName(e.name)) continue
      const path = join(dir, e.name)
      if (e.isDirectory()) await walk(path)
      else if (e.isFile() && !skip.has(path)) {
        try {
          const st = await fs.stat(path)
          out.push({ path, mtimeMs: Math.floor(st.mtimeMs), size: st.size })
        } catch (error) {
          if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error
        }
      }
    }
  }
}

/**
 * A file a batch read lists (or a file sink's log names) that is gone when read: Spark's
 * FileNotFoundException, unless `ignoreMissingFiles` skips it.
 */
export function missingInputFile(path: string): SourceError {
  return new SourceError(
    'SL_SOURCE_FILE_UNREADABLE',
    {
      path,
      problem:
        'it does not exist (deleted after listing, or listed by the _spark_metadata log and deleted since; set option ignoreMissingFiles=true to skip such files)',
    },
    { path, option: 'ignoreMissingFiles' },
  )
}
