/**
 * Reads the newest entry of a query's JSON-lines progress log, `<checkpoint>/progress.jsonl`
 * (one Spark-shaped `StreamingQueryProgress` per line, appended after each micro-batch). The log
 * is optional: absent means "no progress recorded", not an error. Only the file's tail is read,
 * and a torn last line (the process died while appending) falls back to the line before it.
 */
import { promises as fs } from 'node:fs'
import { join } from 'node:path'
import type { StreamingQueryProgress } from '../../monitor/progress.js'

/** The progress log's file name inside a checkpoint directory. */
export const PROGRESS_LOG_FILE = 'progress.jsonl'

const TAIL_BYTES = 256 * 1024

/** The last complete progress entry of the checkpoint `dir`, or undefined. */
export async function readLastProgress(dir: string): Promise<StreamingQueryProgress | undefined> {
  const path = join(dir, PROGRESS_LOG_FILE)
  let handle
  try {
    handle = await fs.open(path, 'r')
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined
    throw error
  }
  try {
    const { size } = await handle.stat()
    const length = Math.min(size, TAIL_BYTES)
    const buffer = Buffer.alloc(length)
    await handle.read(buffer, 0, length, size - length)
    const lines = buffer.toString('utf8').split('\n')
    for (let i = lines.length - 1; i >= 0; i--) {
      const line = lines[i]!.trim()
      if (line.length === 0) continue
      try {
        const value = JSON.parse(line) as unknown
        if (isProgress(value)) return value
      } catch {
        // a torn or partial line: try the one before it
      }
    }
    return undefined
  } finally {
    await handle.close()
  }
}

function isProgress(value: unknown): value is StreamingQueryProgress {
  if (typeof value !== 'object' || value === null) return false
  const v = value as Record<string, unknown>
  return typeof v['batchId'] === 'number' && typeof v['timestamp'] === 'string'
}
