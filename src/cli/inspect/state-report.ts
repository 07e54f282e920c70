/**
 * What `checkpoint inspect` shows of `<checkpoint>/state/<operator>/`: the operator, the state
 * format version and provider from `_metadata/format.json`, and each version file with its kind,
 * size and the put/remove counts from its header line. Only the header (line 2) of each file is
 * read, so a large snapshot costs one small read; the body's checksum is the store's business
 * when it loads the version.
 */
import { promises as fs } from 'node:fs'
import { join } from 'node:path'
import { CheckpointError } from '../../errors/index.js'
import { parseJsonLine, parseVersionLine } from '../../state/checkpoint/batch-log.js'
import { StateDirectory } from '../../state/state-directory.js'
import { STATE_FILE_FORMAT_VERSION } from '../../state/state-file-codec.js'
import { latestStateVersion } from '../../state/state-file-plan.js'

/** One `<v>.delta|snapshot` file. */
export interface StateFileReport {
  readonly version: number
  readonly kind: 'delta' | 'snapshot'
  readonly bytes: number
  readonly puts: number
  readonly removes: number
}

/** One operator's state directory. */
export interface StateOperatorReport {
  readonly operatorId: number
  readonly path: string
  /** The operator name recorded at first start (e.g. `stateStoreSave`), when recorded. */
  readonly operator: string | null
  readonly stateFormatVersion: number | null
  readonly provider: string | null
  /** Newest version any file describes; state version v is the state after batch v-1. */
  readonly latestVersion: number
  readonly files: readonly StateFileReport[]
  readonly totalBytes: number
  /** Leftover temp files of interrupted writes (harmless; cleaned up by the next run). */
  readonly tempFiles: readonly string[]
}

const HEADER_BYTES = 4096

/** Reads every operator directory under `stateRoot` (none when it does not exist). */
export async function readStateReport(stateRoot: string): Promise<StateOperatorReport[]> {
  let names: string[]
  try {
    names = await fs.readdir(stateRoot)
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return []
    throw error
  }
  const ids = names.filter((n) => /^\d+$/.test(n)).map(Number)
  ids.sort((a, b) => a - b)
  const out: StateOperatorReport[] = []
  for (const id of ids) out.push(await readOperator(join(stateRoot, String(id)), id))
  return out
}

async function readOperator(dir: string, operatorId: number): Promise<StateOperatorReport> {
  const directory = new StateDirectory(dir, `state/${operatorId}`)
  const meta = await directory.readMetadata()
  const index = await directory.list()
  const files: StateFileReport[] = []
  for (const kind of ['delta', 'snapshot'] as const) {
    for (const version of kind === 'delta' ? index.deltas : index.snapshots) {
      const path = directory.path({ version, kind })
      files.push({ version, kind, ...(await readHeader(path)) })
    }
  }
  files.sort((a, b) => a.version - b.version || a.kind.localeCompare(b.kind))
  return {
    operatorId,
    path: dir,
    operator: meta?.operator ?? null,
    stateFormatVersion: meta?.stateFormatVersion ?? null,
    provider: meta?.provider ?? null,
    latestVersion: latestStateVersion(index),
    files,
    totalBytes: files.reduce((n, f) => n + f.bytes, 0),
    tempFiles: index.temps,
  }
}

async function readHeader(path: string): Promise<{ bytes: number; puts: number; removes: number }> {
  const handle = await fs.open(path, 'r')
  try {
    const { size } = await handle.stat()
    const buffer = Buffer.alloc(Math.min(size, HEADER_BYTES))
    await handle.read(buffer, 0, buffer.length, 0)
    const lines = buffer.toString('utf8').split('\n')
    parseVersionLine(lines[0], STATE_FILE_FORMAT_VERSION, path)
    if (lines.length < 3) {
      throw new CheckpointError(
        'SL_STATE_CHECKPOINT_CORRUPT',
        { path, problem: 'line 2: the header line is missing or longer than 4 KiB' },
        { path, line: 2 },
      )
    }
    const header = parseJsonLine(lines[1], path, 'the header line', 2) as {
      puts?: unknown
      removes?: unknown
    }
    const count = (v: unknown): number => (typeof v === 'number' ? v : 0)
    return { bytes: size, puts: count(header.puts), removes: count(header.removes) }
  } finally {
    await handle.close()
  }
}
