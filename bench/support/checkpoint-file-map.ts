/**
 * Which micro-batch read which input file, from a streaming checkpoint in Spark's layout (both
 * engines write it): `sources/0/<k>` (and Spark's compacted `<k>.compact`) list the files of
 * file-source log entry k, one JSON line each with `path` and `batchId` = k; `offsets/<N>` is the
 * write-ahead log of query batch N, whose third line is source 0's offset `{"logOffset":k}`.
 * A file of log entry k is read by the first query batch N with logOffset ≥ k (no-data batches
 * repeat the previous offset). Files are read incrementally and cached, because Spark deletes
 * offsets older than its last 100 batches while the query runs.
 */
import { promises as fs } from 'node:fs'
import { basename, join } from 'node:path'

export class CheckpointFileMap {
  /** input file name → file-source log entry */
  private readonly logEntryOfFile = new Map<string, number>()
  /** query batch id → source 0's logOffset */
  private readonly logOffsetOfBatch = new Map<number, number>()
  private readonly readNames = new Set<string>()

  constructor(private readonly checkpoint: string) {}

  /** Reads the log files not read before. */
  async refresh(): Promise<void> {
    await this.readDir(join(this.checkpoint, 'sources', '0'), /^\d+(\.compact)?$/, (text) => {
      for (const line of text.split('\n').slice(1)) {
        if (line.trim() === '') continue
        const e = JSON.parse(line) as { path: string; batchId: number }
        this.logEntryOfFile.set(basename(decodeURIComponent(e.path)), e.batchId)
      }
    })
    await this.readDir(join(this.checkpoint, 'offsets'), /^\d+$/, (text, name) => {
      const offset = text.split('\n')[2]
      if (offset === undefined || offset.trim() === '') return
      const parsed = JSON.parse(offset) as { logOffset?: number }
      if (typeof parsed.logOffset === 'number')
        this.logOffsetOfBatch.set(Number(name), parsed.logOffset)
    })
  }

  /** Input files the source has admitted so far (names). */
  get admittedFiles(): ReadonlySet<string> {
    return new Set(this.logEntryOfFile.keys())
  }

  /** The query batch that read `file` (a name or path), if known yet. */
  batchOfFile(file: string): number | undefined {
    const entry = this.logEntryOfFile.get(basename(file))
    if (entry === undefined) return undefined
    let best: number | undefined
    for (const [batch, offset] of this.logOffsetOfBatch)
      if (offset >= entry && (best === undefined || batch < best)) best = batch
    return best
  }

  private async readDir(
    dir: string,
    pattern: RegExp,
    parse: (text: string, name: string) => void,
  ): Promise<void> {
    const names = await fs.readdir(dir).catch(() => [] as string[])
    for (const name of names) {
      const key = `${dir}/${name}`
      if (!pattern.test(name) || this.readNames.has(key)) continue
      const text = await fs.readFile(join(dir, name), 'utf8').catch(() => undefined)
      // A log file is written atomically, but a reader can race a deletion: skip, retry later.
      if (text === undefined) continue
      try {
        parse(text, name)
        this.readNames.add(key)
      } catch {
        // Not complete yet (should not happen with atomic writes): read it again next time.
      }
    }
  }
}
