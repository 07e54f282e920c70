/**
 * The files of one progress log and its rotation. On disk, for a log at `<dir>/<name>.jsonl`:
 *
 *     <name>.jsonl       the file being appended to
 *     <name>.jsonl.<n>   rotated files; n only grows, so a higher n holds newer lines (the
 *                        highest n holds the lines just before those of <name>.jsonl)
 *
 * Reading the rotated files by ascending n and then `<name>.jsonl` gives every line once, in
 * write order. Rotation is one `rename(2)` of `<name>.jsonl` to the next n (atomic: a line is
 * always in exactly one file, whenever the process dies), followed by deleting the oldest rotated
 * files beyond the retention; a crash between the two leaves one file too many, which the next
 * rotation deletes. Rotated names do not end in `.jsonl`, so a folder scan for logs
 * (`streamlake status --progress-dir`) never takes one for a log of its own.
 */
import { promises as fs, readdirSync, renameSync, unlinkSync } from 'node:fs'
import { basename, dirname, join } from 'node:path'

/** How much of a progress log is kept. @internal */
export interface ProgressLogRetention {
  /** A file is rotated before an append would take it past this size. */
  readonly maxBytes: number
  /** Files kept, the one being appended to included (so at most maxBytes × maxFiles on disk). */
  readonly maxFiles: number
}

/** 10 MiB × 5 files: about 6 hours of one batch per second (~2 KB a line), 50 MiB at most. */
export const DEFAULT_PROGRESS_LOG_RETENTION: ProgressLogRetention = {
  maxBytes: 10 * 1024 * 1024,
  maxFiles: 5,
}

/** A rotated file of the log at `path`. @internal */
export interface RotatedFile {
  readonly path: string
  readonly n: number
}

/** The rotated files of the log at `path` among the names of its folder, oldest first. */
function rotatedAmong(path: string, names: readonly string[]): RotatedFile[] {
  const prefix = `${basename(path)}.`
  const out: RotatedFile[] = []
  for (const name of names) {
    if (!name.startsWith(prefix)) continue
    const suffix = name.slice(prefix.length)
    if (/^[1-9]\d*$/.test(suffix)) out.push({ path: join(dirname(path), name), n: Number(suffix) })
  }
  return out.sort((a, b) => a.n - b.n)
}

/** The rotated files of the log at `path`, oldest first (none when the folder is missing). */
export function rotatedFilesSync(path: string): RotatedFile[] {
  try {
    return rotatedAmong(path, readdirSync(dirname(path)))
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return []
    throw error
  }
}

/** `rotatedFilesSync`, asynchronously. @internal */
export async function rotatedFiles(path: string): Promise<RotatedFile[]> {
  try {
    return rotatedAmong(path, await fs.readdir(dirname(path)))
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return []
    throw error
  }
}

/**
 * Moves the log at `path` aside as its newest rotated file and deletes rotated files beyond
 * `maxFiles - 1`, oldest first; the next append starts a new file at `path`. @internal
 */
export function rotateProgressLog(path: string, maxFiles: number): void {
  const rotated = rotatedFilesSync(path)
  const next = (rotated.at(-1)?.n ?? 0) + 1
  renameSync(path, `${path}.${next}`)
  const keep = Math.max(0, maxFiles - 1)
  const all = [...rotated, { path: `${path}.${next}`, n: next }]
  for (const old of all.slice(0, Math.max(0, all.length - keep))) {
    try {
      unlinkSync(old.path)
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error
    }
  }
}
