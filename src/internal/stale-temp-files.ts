/**
 * Leftover temp files of interrupted atomic writes. Every durable file streamlake publishes
 * (checkpoint logs and metadata: atomic-file.ts; Delta commits and checkpoints: delta/log-store.ts)
 * is first written to a hidden `.<final name>.<uuid>.tmp` next to it, and the temp name is gone
 * once the write is published. A process killed in between leaves the temp file; nothing ever
 * reads it, so it only takes space. A temp file lives as long as one write, so one older than a
 * minute (MIN_TEMP_FILE_AGE_MS, whatever the configured retention) is certainly abandoned, even
 * when another process is writing into the same folder.
 */
import { promises as fs, type Dirent } from 'node:fs'
import { join } from 'node:path'

/** `.<name>.<uuid>.tmp`, as atomic-file.ts and log-store.ts (and Spark's HDFSLogStore) name them. */
const TEMP_NAME = /^\..+\.[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\.tmp$/

/** The youngest a temp file may be to count as abandoned. */
export const MIN_TEMP_FILE_AGE_MS = 60_000

/** True for the name of an atomic write's temp file. @internal */
export function isTempFileName(name: string): boolean {
  return TEMP_NAME.test(name)
}

/**
 * Deletes the temp files under `dir` (down to `maxDepth` levels of subfolders) last modified
 * more than `max(retentionMs, MIN_TEMP_FILE_AGE_MS)` before `now`; returns their paths. A missing
 * folder has none; a file that vanishes meanwhile is skipped. @internal
 */
export async function removeStaleTempFiles(
  dir: string,
  retentionMs: number,
  options: { readonly maxDepth?: number; readonly now?: number } = {},
): Promise<string[]> {
  const cutoff = (options.now ?? Date.now()) - Math.max(retentionMs, MIN_TEMP_FILE_AGE_MS)
  const removed: string[] = []
  const walk = async (current: string, depth: number): Promise<void> => {
    let entries: Dirent[]
    try {
      entries = await fs.readdir(current, { withFileTypes: true })
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code
      if (code === 'ENOENT' || code === 'ENOTDIR') return
      throw error
    }
    for (const entry of entries) {
      const path = join(current, entry.name)
      if (entry.isDirectory()) {
        if (depth < (options.maxDepth ?? 0)) await walk(path, depth + 1)
      } else if (entry.isFile() && isTempFileName(entry.name)) {
        const stat = await fs.stat(path).catch(() => undefined)
        if (stat === undefined || stat.mtimeMs >= cutoff) continue
        await fs.rm(path, { force: true })
        removed.push(path)
      }
    }
  }
  await walk(dir, 0)
  return removed
}
