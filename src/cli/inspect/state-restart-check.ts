/**
 * Whether the state a restart needs is there and intact, asked of the engine's own state store:
 * for each stateful operator (recorded in query-info.json, or found under `state/`), the file
 * state store provider opens the version the restart's first batch opens, exactly as the engine
 * will — listing, `_metadata/format.json`, the snapshot and deltas, their checksums. A failure
 * is what the restart will stop with (#14: `checkpoint inspect` said "start batch 7" when a
 * state file was missing or damaged). Read-only: opening a version writes nothing. It loads the
 * state into memory for the moment of the check, as a restart does.
 */
import { join } from 'node:path'
import { EngineError } from '../../errors/index.js'
import { FileStateStoreProvider } from '../../state/file-state-store.js'

/** A stateful operator of the query. */
export interface StateOperatorRef {
  readonly operatorId: number
  /** The operator name (e.g. `stateStoreSave`), when recorded. */
  readonly operator: string | null
}

/** The error the restart's first batch stops with, and where. */
export interface StateRestartFailure {
  readonly operatorId: number
  readonly operator: string | null
  readonly version: number
  readonly code: string
  readonly message: string
  readonly path: string | null
}

/** The first operator whose state version `version` cannot be opened, if any. */
export async function checkStateForRestart(
  stateRoot: string,
  operators: readonly StateOperatorRef[],
  version: number,
): Promise<StateRestartFailure | undefined> {
  for (const op of operators) {
    const provider = new FileStateStoreProvider(join(stateRoot, String(op.operatorId)), {
      ...(op.operator !== null ? { name: op.operator } : {}),
    })
    try {
      await provider.open(version)
    } catch (error) {
      if (!(error instanceof EngineError)) throw error
      return {
        operatorId: op.operatorId,
        operator: op.operator,
        version,
        code: error.code,
        message: error.message,
        path: error.path ?? null,
      }
    } finally {
      await provider.close()
    }
  }
  return undefined
}
