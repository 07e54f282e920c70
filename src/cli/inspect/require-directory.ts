/**
 * The first check of every inspecting command: the path it was given exists and is a
 * directory. Doing it up front gives one clear error naming the path instead of an ENOENT or
 * ENOTDIR from deep inside a reader.
 */
import { promises as fs } from 'node:fs'
import { resolve } from 'node:path'
import { EngineError } from '../../errors/index.js'

/**
 * Resolves `path` and checks that it is a directory; `what` names it in errors
 * ("checkpoint directory", "Delta table directory") and `hint` says what to pass instead.
 *
 * @example
 * ```ts
 * const dir = await requireDirectory('./checkpoints/tumbling', 'checkpoint directory', 'Run the query first.')
 * ```
 */
export async function requireDirectory(path: string, what: string, hint: string): Promise<string> {
  const abs = resolve(path)
  let stat
  try {
    stat = await fs.stat(abs)
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') {
      throw new EngineError('SL_CLI_PATH_NOT_FOUND', { what, path: abs, hint }, { path: abs })
    }
    throw error
  }
  if (!stat.isDirectory()) {
    throw new EngineError('SL_CLI_NOT_A_DIRECTORY', { what, path: abs, hint }, { path: abs })
  }
  return abs
}

/** True when `path` exists (any kind); other stat failures propagate. */
export async function exists(path: string): Promise<boolean> {
  try {
    await fs.stat(path)
    return true
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return false
    throw error
  }
}
