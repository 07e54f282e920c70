/**
 * A directory of numbered entries `<dir>/<batchId>` as Spark's HDFSMetadataLog keeps them: each
 * entry is written once (temp file + fsync + hard link, so a second writer of the same id fails
 * and a crash never leaves a partial entry), read back whole, and purged from the oldest end.
 * The entry format (version line + body) belongs to the subclasses.
 */
import { promises as fs } from 'node:fs'
import { join } from 'node:path'
import { CheckpointError } from '../../errors/index.js'
import { isAlreadyExists, writeFileAtomic } from '../../internal/atomic-file.js'
import { makeDirectory } from '../../internal/make-directory.js'

export abstract class BatchLog<T> {
  constructor(
    readonly dir: string,
    private readonly what: string,
  ) {}

  protected abstract serialize(entry: T): string
  protected abstract deserialize(text: string, file: string): T

  /** Writes entry `batchId`; fails with a CheckpointError if it already exists. */
  async add(batchId: number, entry: T): Promise<void> {
    await makeDirectory(this.dir)
    const file = join(this.dir, String(batchId))
    try {
      await writeFileAtomic(file, this.serialize(entry), 'fail')
    } catch (error) {
      if (isAlreadyExists(error)) {
        throw new CheckpointError(
          'SL_STATE_CONCURRENT_UPDATE',
          { what: this.what, batch: batchId, path: file },
          { path: file, batchId },
        )
      }
      throw error
    }
  }

  /** All batch ids present, ascending. Names that are not plain integers (temp files) are ignored. */
  async batchIds(): Promise<number[]> {
    let names: string[]
    try {
      names = await fs.readdir(this.dir)
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return []
      throw error
    }
    return names
      .filter((n) => /^\d+$/.test(n))
      .map(Number)
      .sort((a, b) => a - b)
  }

  /** The newest entry, or undefined for an empty log. */
  async latest(): Promise<{ batchId: number; entry: T } | undefined> {
    const ids = await this.batchIds()
    const last = ids[ids.length - 1]
    return last === undefined ? undefined : { batchId: last, entry: await this.get(last) }
  }

  /** Reads entry `batchId` (a CheckpointError if missing or corrupt). */
  async get(batchId: number): Promise<T> {
    const file = join(this.dir, String(batchId))
    let text: string
    try {
      text = await fs.readFile(file, 'utf8')
    } catch (error) {
      throw new CheckpointError(
        'SL_STATE_CHECKPOINT_CORRUPT',
        {
          path: file,
          problem: `${this.what} entry ${batchId} cannot be read (${(error as Error).message})`,
        },
        { path: file, cause: error },
      )
    }
    return this.deserialize(text, file)
  }

  /** Deletes entries older than `keepFrom` (Spark's minBatchesToRetain purge). */
  async purgeBefore(keepFrom: number): Promise<void> {
    for (const id of await this.batchIds()) {
      if (id >= keepFrom) break
      await fs.rm(join(this.dir, String(id)), { force: true })
    }
  }
}

/** Parses the `v<N>` header line (line 1) shared by Spark's logs; rejects newer versions. */
export function parseVersionLine(
  line: string | undefined,
  maxSupported: number,
  file: string,
): number {
  const m = /^v(\d+)$/.exec(line ?? '')
  if (!m) {
    throw new CheckpointError(
      'SL_STATE_CHECKPOINT_CORRUPT',
      {
        path: file,
        problem: `line 1 is ${JSON.stringify(line ?? '')}, expected a version line like "v1"`,
      },
      { path: file, line: 1 },
    )
  }
  const version = Number(m[1])
  if (version > maxSupported) {
    throw new CheckpointError(
      'SL_STATE_CHECKPOINT_VERSION',
      { path: file, version, supported: maxSupported },
      { path: file },
    )
  }
  return version
}

/** JSON.parse with a checkpoint-corruption error naming the file (and the line, when known). */
export function parseJsonLine(
  line: string | undefined,
  file: string,
  what: string,
  lineNumber?: number,
): unknown {
  try {
    return JSON.parse(line ?? '')
  } catch {
    throw new CheckpointError(
      'SL_STATE_CHECKPOINT_CORRUPT',
      {
        path: file,
        problem: `${lineNumber !== undefined ? `line ${lineNumber}: ` : ''}${what} is not valid JSON: ${JSON.stringify((line ?? '').slice(0, 80))}`,
      },
      lineNumber !== undefined ? { path: file, line: lineNumber } : { path: file },
    )
  }
}
