/**
 * The typed flag table (STYLE.md 2.9): one table per command maps each config key to its flag
 * description, argument, default and parser, or to `null` for keys with no flag. The same table
 * registers the flags on commander, parses the raw strings into a typed config (commander only
 * splits argv; every conversion and its error happens here), and can drive a generated reference.
 * Flag names are the kebab-case of the keys: `eventsPerBatch` ↔ `--events-per-batch`.
 */
import type { Command } from 'commander'
import { EngineError } from '../errors/index.js'
import { lexDuration, type DurationSyntax } from '../internal/time/duration-lexer.js'

/** One flag. Without `argument` it is a boolean switch (true when given). */
export interface FlagDefinition<T> {
  readonly description: string
  /** Argument placeholder such as `<n>`; omit for a boolean switch. */
  readonly argument?: string
  /** Value used when the flag is absent; shown in help. */
  readonly default?: T
  /** How help shows the default when `String(default)` is not readable (e.g. `5s` for 5000 ms). */
  readonly defaultText?: string
  /** Why the flag must be given (marks it required). */
  readonly required?: string
  /** Converts the raw text; throw {@link invalidFlag} on bad input. */
  readonly parse?: (raw: string, flag: string) => T
  /** A valid use shown in error messages, e.g. `--interval 5s`. */
  readonly example?: string
}

/** A flag table for config type `C`: every key of `C` is listed, `null` when it has no flag. */
export type FlagTable<C> = { readonly [K in keyof C]-?: FlagDefinition<NonNullable<C[K]>> | null }

/**
 * The flag of a config key.
 *
 * @example
 * ```ts
 * flagName('eventsPerBatch') // '--events-per-batch'
 * ```
 */
export function flagName(key: string): string {
  return `--${key.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`
}

/** The example shown for a flag: its own, else its default, else its argument placeholder. */
export function flagExample<T>(key: string, definition: FlagDefinition<T>): string {
  if (definition.example !== undefined) return definition.example
  if (definition.argument === undefined) return flagName(key)
  const value =
    definition.defaultText ??
    (definition.default !== undefined ? String(definition.default) : definition.argument)
  return `${flagName(key)} ${value}`
}

/**
 * Registers every flag of `table` on `command`.
 *
 * @example
 * ```ts
 * addFlags(program.command('generate'), GENERATE_FLAGS)
 * ```
 */
export function addFlags<C>(command: Command, table: FlagTable<C>): Command {
  for (const [key, definition] of Object.entries<FlagDefinition<unknown> | null>(table)) {
    if (definition === null) continue
    const usage =
      definition.argument === undefined ? flagName(key) : `${flagName(key)} ${definition.argument}`
    let description = definition.description
    if (definition.required !== undefined) description += ' (required)'
    else if (definition.default !== undefined && definition.argument !== undefined) {
      description += ` (default: ${definition.defaultText ?? String(definition.default)})`
    }
    command.option(usage, description)
  }
  return command
}

/**
 * Turns commander's raw option values into the typed config: defaults for absent flags,
 * `SL_CLI_MISSING_FLAG` for absent required ones, and each flag's parser for the rest.
 *
 * @example
 * ```ts
 * const config = parseFlags(GENERATE_FLAGS, command.opts())
 * ```
 */
export function parseFlags<C>(table: FlagTable<C>, raw: Record<string, unknown>): C {
  const config: Record<string, unknown> = {}
  for (const [key, definition] of Object.entries<FlagDefinition<unknown> | null>(table)) {
    if (definition === null) continue
    const value = raw[key]
    if (value === undefined) {
      if (definition.required !== undefined) {
        throw new EngineError(
          'SL_CLI_MISSING_FLAG',
          { flag: flagName(key), why: definition.required, example: flagExample(key, definition) },
          { option: flagName(key) },
        )
      }
      config[key] = definition.default
    } else if (definition.argument === undefined) {
      config[key] = value === true
    } else {
      config[key] =
        definition.parse === undefined ? value : definition.parse(String(value), flagName(key))
    }
  }
  return config as C
}

/** The error a flag parser throws: `Flag <flag> <problem> (got <value>). Example: <example>`. */
export function invalidFlag(
  flag: string,
  raw: string,
  problem: string,
  example: string,
): EngineError {
  return new EngineError(
    'SL_CLI_INVALID_FLAG',
    { flag, problem, value: JSON.stringify(raw), example },
    { option: flag },
  )
}

/**
 * Parser for integer flags (syntax only; ranges belong to the option's own validation).
 *
 * @example
 * ```ts
 * const batches: FlagDefinition<number> = { description: '…', argument: '<n>', parse: integerFlag('--batches 10') }
 * ```
 */
export function integerFlag(example: string): (raw: string, flag: string) => number {
  return (raw, flag) => {
    const value = Number(raw)
    if (!/^[+-]?\d+$/.test(raw.trim()) || !Number.isSafeInteger(value)) {
      throw invalidFlag(flag, raw, 'must be a whole number', example)
    }
    return value
  }
}

/** Parser for decimal-number flags (syntax only). */
export function numberFlag(example: string): (raw: string, flag: string) => number {
  return (raw, flag) => {
    const value = Number(raw)
    if (raw.trim() === '' || !Number.isFinite(value))
      throw invalidFlag(flag, raw, 'must be a number', example)
    return value
  }
}

// The unit words of duration flags; white space between number and unit is optional.
const DURATION_SYNTAX: DurationSyntax = { prefix: false, signs: false, spaceBeforeUnit: false }
const UNIT_MS: ReadonlyMap<string, number> = new Map([
  ...['ms', 'millisecond', 'milliseconds'].map((u) => [u, 1] as const),
  ...['s', 'sec', 'secs', 'second', 'seconds'].map((u) => [u, 1000] as const),
  ...['m', 'min', 'mins', 'minute', 'minutes'].map((u) => [u, 60_000] as const),
  ...['h', 'hour', 'hours'].map((u) => [u, 3_600_000] as const),
])

/**
 * Parser for duration flags: one number and a unit (`500ms`, `5s`, `1.5m`, `2h`, `10 seconds`),
 * returning whole milliseconds. The text is lexed as Spark interval strings are
 * (internal/time/duration-lexer.ts), with the CLI's short units and no sign.
 *
 * @example
 * ```ts
 * durationFlag('--interval 5s')('10 seconds', '--interval') // 10000
 * ```
 */
export function durationFlag(example: string): (raw: string, flag: string) => number {
  return (raw, flag) => {
    const invalid = (): never => {
      throw invalidFlag(
        flag,
        raw,
        'must be a duration in whole milliseconds with a unit (ms, s, m, h)',
        example,
      )
    }
    const terms = [...lexDuration(raw.trim(), DURATION_SYNTAX, invalid)]
    const term = terms.length === 1 ? terms[0]! : invalid()
    const unitMs = UNIT_MS.get(term.unit) ?? invalid()
    // nanos × unitMs stays below 2^53, so a fraction that is whole milliseconds divides exactly.
    const ms = term.whole * unitMs + (Math.max(term.nanos, 0) * unitMs) / 1e9
    if (!Number.isSafeInteger(ms)) invalid()
    return ms
  }
}
