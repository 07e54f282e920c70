/**
 * What `checkpoint inspect` shows of `<checkpoint>/state/<operator>/`: the operator, the state
 * format version and provider from `_metadata/format.json`, and each version file with its kind,
 * size and the put/remove counts from its header line. Only the header (line 2) of each file is
 * read, so a large snapshot costs one small read; the body's checksum is the store's business
 * when it loads the version (state-restart-check.ts asks the store for the version a restart
 * needs). A damaged header or metadata file is reported on its file, not thrown: the rest of the
 * checkpoint stays inspectable.
 */
import { promises as fs } from 'node:fs'
import { join } from 'node:path'
import { CheckpointError, EngineError } from '../../errors/index.js'
import { parseJsonLine } from '../../state/checkpoint/batch-log.js'
import { StateDirectory, type StateFormatMetadata } from '../../state/state-directory.js'
import {
  checkStateFileHeader,
  parseStateFileVersion,
  type StateFileHeader,
} from '../../state/state-file-codec.js'
import { latestStateVersion, type StateFileRef } from '../../state/state-file-plan.js'

/** A file that cannot be used as it is, with the error the engine would report for it. */
export interface StateProblem {
  readonly code: string
  readonly message: string
}

/** One `<v>.delta|snapshot` file. */
export interface StateFileReport {
  readonly version: number
  readonly kind: 'delta' | 'snapshot'
  readonly bytes: number
  readonly puts: number
  readonly removes: number
  /** A damaged header (then `puts` and `removes` are 0). */
  readonly problem: StateProblem | null
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
  /** `_metadata/format.json` is damaged or of a newer format. */
  readonly problem: StateProblem | null
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
  let meta: StateFormatMetadata | undefined
  let problem: StateProblem | null = null
  try {
    meta = await directory.readMetadata()
  } catch (error) {
    problem = asProblem(error)
  }
  const index = await directory.list()
  const files: StateFileReport[] = []
  for (const kind of ['delta', 'snapshot'] as const) {
    for (const version of kind === 'delta' ? index.deltas : index.snapshots) {
      const path = directory.path({ version, kind })
      files.push({ version, kind, ...(await readHeader(path, { version, kind })) })
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
    problem,
  }
}

function asProblem(error: unknown): StateProblem {
  if (error instanceof EngineError) return { code: error.code, message: error.message }
  throw error
}

async function readHeader(
  path: string,
  ref: StateFileRef,
): Promise<{ bytes: number; puts: number; removes: number; problem: StateProblem | null }> {
  const handle = await fs.open(path, 'r')
  let bytes = 0
  try {
    bytes = (await handle.stat()).size
    const buffer = Buffer.alloc(Math.min(bytes, HEADER_BYTES))
    await handle.read(buffer, 0, buffer.length, 0)
    const header = parseHeader(buffer.toString('utf8'), path, ref)
    return { bytes, puts: header.puts, removes: header.removes, problem: null }
  } catch (error) {
    return { bytes, puts: 0, removes: 0, problem: asProblem(error) }
  } finally {
    await handle.close()
  }
}

/** Lines 1 and 2, checked as the store checks them before it reads the body. */
function parseHeader(start: string, path: string, ref: StateFileRef): StateFileHeader {
  const lines = start.split('\n')
  parseStateFileVersion(lines[0], path)
  if (lines.length < 3) {
    throw new CheckpointError(
      'SL_STATE_CHECKPOINT_CORRUPT',
      { path, problem: 'line 2: the header line is missing or longer than 4 KiB' },
      { path, line: 2 },
    )
  }
  return checkStateFileHeader(parseJsonLine(lines[1], path, 'the header line', 2), ref, path)
}
