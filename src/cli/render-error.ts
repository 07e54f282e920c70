import { EngineError } from '../errors/index.js'

/** The CLI error banner: `error [CODE]: message`, a hint for user errors, a stack for bugs. */
export function renderError(error: unknown): string {
  if (error instanceof EngineError) {
    const where = [
      error.path !== undefined ? `path: ${error.path}` : undefined,
      error.line !== undefined ? `line: ${error.line}` : undefined,
      error.option !== undefined ? `option: ${error.option}` : undefined,
      error.batchId !== undefined ? `batch: ${error.batchId}` : undefined,
    ].filter((x) => x !== undefined)
    let out = `error [${error.code}]: ${error.message}\n`
    if (where.length > 0) out += `  (${where.join(', ')})\n`
    if (error.domain === 'internal')
      out += `this is a bug, please report it\n${error.stack ?? ''}\n`
    else if (error.cause instanceof Error) out += `  caused by: ${error.cause.message}\n`
    return out
  }
  const e = error instanceof Error ? error : new Error(String(error))
  return `error [SL_INTERNAL_UNEXPECTED]: ${e.message}\nthis is a bug, please report it\n${e.stack ?? ''}\n`
}
