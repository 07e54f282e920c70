/**
 * The error model (STYLE.md 2.4): every error streamlake throws is an {@link EngineError} with a
 * stable code from the closed catalogue in `messages.ts`, a domain saying who can fix it, a
 * retryable flag, an optional cause and enumerable context fields.
 */
import { fileSystemFailure } from './file-system-error.js'
import { ERROR_CATALOGUE, type ErrorCode } from './messages.js'

/** Who can fix the problem: the user, a failing dependency, or us (a bug). */
export type ErrorDomain = 'user' | 'external' | 'internal'

/** Context attached to an error; appears in logs, JSON and the CLI banner. */
export interface ErrorContext {
  queryId?: string
  batchId?: number
  operator?: string
  path?: string
  option?: string
  line?: number
}

/** Options for constructing an {@link EngineError}. */
export interface EngineErrorOptions extends ErrorContext {
  cause?: unknown
}

/**
 * Base class of every error streamlake throws.
 *
 * @example
 * ```ts
 * import { EngineError } from 'streamlake'
 * try {
 *   // ... start a query
 * } catch (e) {
 *   if (e instanceof EngineError && e.domain === 'user') console.error(`${e.code}: ${e.message}`)
 * }
 * ```
 */
export class EngineError extends Error {
  readonly code: ErrorCode
  readonly domain: ErrorDomain
  readonly retryable: boolean
  declare queryId?: string
  declare batchId?: number
  declare operator?: string
  declare path?: string
  declare option?: string
  declare line?: number

  constructor(code: ErrorCode, params: Record<string, unknown>, options: EngineErrorOptions = {}) {
    const entry = ERROR_CATALOGUE[code]
    super(formatMessage(entry.template, params), { cause: options.cause })
    this.name = new.target.name
    this.code = code
    this.domain = entry.domain
    this.retryable = entry.retryable
    for (const key of ['queryId', 'batchId', 'operator', 'path', 'option', 'line'] as const) {
      if (options[key] !== undefined) Object.assign(this, { [key]: options[key] })
    }
  }

  /** JSON shape used by the HTTP API and progress logs. */
  toJSON(): Record<string, unknown> {
    const context: Record<string, unknown> = {}
    for (const [k, v] of Object.entries(this) as [string, unknown][]) context[k] = v
    return {
      ...context,
      name: this.name,
      code: this.code,
      message: this.message,
      domain: this.domain,
    }
  }
}

/** Plan-time problem in the user's query (unresolved column, unsupported output mode …). */
export class AnalysisError extends EngineError {}
/** A source could not read or parse its input. */
export class SourceError extends EngineError {}
/** A sink could not write its output. */
export class SinkError extends EngineError {}
/** The checkpoint directory is missing, corrupt, foreign or in use. */
export class CheckpointError extends EngineError {}
/** A Delta commit lost a race in a way that may succeed on retry. */
export class DeltaConflictError extends EngineError {}
/** Our own bug. */
export class InternalError extends EngineError {}

/** Several independent failures (for example several listeners threw). */
export class MultipleErrors extends AggregateError {
  constructor(errors: readonly unknown[], message: string) {
    super(errors, message)
    this.name = 'MultipleErrors'
  }
}

/** Substitutes `<name>` placeholders; values are rendered with String() (arrays joined by ", "). */
export function formatMessage(template: string, params: Record<string, unknown>): string {
  return template.replace(/<([a-zA-Z0-9_]+)>/g, (whole, name: string) => {
    if (!(name in params)) return whole
    const value = params[name]
    return Array.isArray(value) ? value.map(String).join(', ') : String(value)
  })
}

/** Wraps any thrown value as an EngineError once; EngineErrors pass through unchanged. */
export function asEngineError(error: unknown, context: EngineErrorOptions = {}): EngineError {
  if (error instanceof EngineError) {
    for (const [k, v] of Object.entries(context) as [string, unknown][]) {
      if (
        v !== undefined &&
        k !== 'cause' &&
        (error as unknown as Record<string, unknown>)[k] === undefined
      ) {
        Object.assign(error, { [k]: v })
      }
    }
    return error
  }
  const fs = fileSystemFailure(error)
  if (fs !== undefined)
    return new EngineError(fs.code, fs.params, {
      ...context,
      ...(fs.path !== undefined ? { path: fs.path } : {}),
      cause: error,
    })
  const message = error instanceof Error ? error.message : String(error)
  return new InternalError('SL_INTERNAL_UNEXPECTED', { message }, { ...context, cause: error })
}
