/**
 * The file I/O of one operator's state directory for the file state store provider: listing,
 * reading and atomically writing version files, deleting, and `_metadata/format.json`.
 * Every Node failure becomes a CheckpointError naming the path; decisions live elsewhere.
 *
 * ```
 * <dir>/_metadata/format.json   {"stateFormatVersion":2,"provider":"file","operator":"<name>"|null}
 * <dir>/<v>.delta|snapshot      state-file-codec.ts
 * ```
 */
import { promises as fs } from 'node:fs'
import { join } from 'node:path'
import { fileSystemFailure } from '../errors/file-system-error.js'
import { CheckpointError, EngineError } from '../errors/index.js'
import { writeFileAtomic } from '../internal/atomic-file.js'
import { parseJsonLine } from './checkpoint/batch-log.js'
import {
  STATE_FILE_FORMAT_VERSION,
  decodeStateFile,
  type StateFileSink,
} from './state-file-codec.js'
import {
  indexStateFiles,
  stateFileName,
  type StateFileIndex,
  type StateFileRef,
} from './state-file-plan.js'
import { makeDirectory } from '../internal/make-directory.js'

/** `_metadata/format.json`. */
export interface StateFormatMetadata {
  readonly stateFormatVersion: number
  readonly provider: string
  readonly operator: string | null
}

export class StateDirectory {
  constructor(
    readonly dir: string,
    /** How errors name the operator. */
    readonly operator: string,
  ) {}

  path(ref: StateFileRef): string {
    return join(this.dir, stateFileName(ref))
  }

  get metadataPath(): string {
    return join(this.dir, '_metadata', 'format.json')
  }

  /** The state files present (none when the directory does not exist yet). */
  async list(): Promise<StateFileIndex> {
    try {
      return indexStateFiles(await fs.readdir(this.dir))
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return indexStateFiles([])
      throw this.ioError('list', this.dir, error)
    }
  }

  /** Reads, verifies and decodes one file into `sink`. */
  async read(ref: StateFileRef, sink: StateFileSink): Promise<void> {
    const path = this.path(ref)
    const bytes = await this.io('read', path, () => fs.readFile(path))
    decodeStateFile(bytes, ref, { path, operator: this.operator }, sink)
  }

  /** Writes (or replaces) one file atomically and durably; returns its size. */
  async write(ref: StateFileRef, chunks: readonly Buffer[]): Promise<number> {
    const path = this.path(ref)
    const data = Buffer.concat(chunks)
    await this.io('write', path, () => writeFileAtomic(path, data, 'replace'))
    return data.length
  }

  /** Deletes a state file or a leftover temp file by name. */
  async remove(name: string): Promise<void> {
    const path = join(this.dir, name)
    await this.io('delete', path, () => fs.rm(path, { force: true }))
  }

  /** The metadata, undefined when absent; rejects a newer or unreadable format. */
  async readMetadata(): Promise<StateFormatMetadata | undefined> {
    const path = this.metadataPath
    let text: string
    try {
      text = await fs.readFile(path, 'utf8')
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined
      throw this.ioError('read', path, error)
    }
    const meta = parseJsonLine(text, path, 'the state format metadata') as StateFormatMetadata
    const version: unknown = meta?.stateFormatVersion
    if (!Number.isSafeInteger(version)) {
      throw new CheckpointError(
        'SL_STATE_CHECKPOINT_CORRUPT',
        { path, problem: `stateFormatVersion is ${JSON.stringify(version)}` },
        { path },
      )
    }
    if ((version as number) > STATE_FILE_FORMAT_VERSION) {
      throw new CheckpointError(
        'SL_STATE_CHECKPOINT_VERSION',
        { path, version, supported: STATE_FILE_FORMAT_VERSION },
        { path },
      )
    }
    return meta
  }

  async writeMetadata(operator: string | undefined): Promise<void> {
    const path = this.metadataPath
    const meta: StateFormatMetadata = {
      stateFormatVersion: STATE_FILE_FORMAT_VERSION,
      provider: 'file',
      operator: operator ?? null,
    }
    await this.io('write', path, async () => {
      await makeDirectory(join(this.dir, '_metadata'))
      await writeFileAtomic(path, JSON.stringify(meta) + '\n', 'replace')
    })
  }

  private async io<T>(operation: string, path: string, op: () => Promise<T>): Promise<T> {
    try {
      return await op()
    } catch (error) {
      if (error instanceof EngineError) throw error
      throw this.ioError(operation, path, error)
    }
  }

  private ioError(operation: string, path: string, error: unknown): EngineError {
    // A full disk, a read-only mount, a permission: the file-system error says what to fix.
    const failure = fileSystemFailure(error)
    if (failure !== undefined)
      return new CheckpointError(
        failure.code,
        { ...failure.params, path: failure.path ?? path },
        {
          path: failure.path ?? path,
          operator: this.operator,
          cause: error,
        },
      )
    return new CheckpointError(
      'SL_STATE_STORE_IO_FAILED',
      { operation, path, message: (error as Error).message },
      { path, operator: this.operator, cause: error },
    )
  }
}
