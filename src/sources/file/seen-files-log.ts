/**
 * The file source's metadata log, `sources/<i>/<k>` (Spark's FileStreamSourceLog format):
 * ```
 * v1
 * {"path":"file:///abs/input/batch_000000.json","timestamp":1764000000000,"batchId":0}
 * ...one line per file admitted in log batch k
 * ```
 * Entry k is written while planning, before `offsets/<N>`; the source offset is `{"logOffset":k}`.
 * Files in any entry are "seen" and never admitted again.
 */
import { pathToFileURL, fileURLToPath } from 'node:url'
import { BatchLog, parseJsonLine, parseVersionLine } from '../../state/checkpoint/batch-log.js'

export interface SeenFile {
  /** Absolute filesystem path. */
  readonly path: string
  /** Modification time in ms. */
  readonly timestamp: number
  readonly batchId: number
}

export class SeenFilesLog extends BatchLog<readonly SeenFile[]> {
  constructor(dir: string) {
    super(dir, 'file source')
  }

  protected serialize(files: readonly SeenFile[]): string {
    return [
      'v1',
      ...files.map((f) =>
        JSON.stringify({
          path: pathToFileURL(f.path).href,
          timestamp: f.timestamp,
          batchId: f.batchId,
        }),
      ),
    ].join('\n')
  }

  protected deserialize(text: string, file: string): readonly SeenFile[] {
    const lines = text.split('\n')
    parseVersionLine(lines[0], 1, file)
    return lines
      .map((l, i) => ({ l, n: i + 1 }))
      .slice(1)
      .filter(({ l }) => l.length > 0)
      .map(({ l, n }) => {
        const o = parseJsonLine(l, file, 'a file entry', n) as {
          path: string
          timestamp: number
          batchId: number
        }
        const path = o.path.startsWith('file:') ? fileURLToPath(o.path) : o.path
        return { path, timestamp: o.timestamp, batchId: o.batchId }
      })
  }
}
