import type { EngineError } from '../errors/index.js'
import { asEngineError } from '../errors/index.js'

/** The CLI error banner: `error [CODE]: message`, a hint for user errors, a stack for bugs. */
export function renderError(thrown: unknown): string {
  // A file-system error (ENOSPC, EROFS, EACCES …) thrown before any query ran becomes its
  // user-facing code here; anything else unknown stays "unexpected".
  const error: EngineError = asEngineError(thrown)
  const where = [
    error.path !== undefined ? `path: ${error.path}` : undefined,
    error.line !== undefined ? `line: ${error.line}` : undefined,
    error.option !== undefined ? `option: ${error.option}` : undefined,
    error.batchId !== undefined ? `batch: ${error.batchId}` : undefined,
  ].filter((x) => x !== undefined)
  let out = `error [${error.code}]: ${error.message}\n`
  if (where.length > 0) out += `  (${where.join(', ')})\n`
  if (error.domain === 'internal') {
    // The stack of what was thrown, not of the wrapper.
    const stack = thrown instanceof Error && thrown !== error ? thrown.stack : error.stack
    out += `this is a bug, please report it\n${stack ?? ''}\n`
  } else if (error.cause instanceof Error) out += `  caused by: ${error.cause.message}\n`
  return out
}
