/**
 * `spark.conf`: string settings with Spark's names. Known keys are validated when set.
 *
 * @example
 * ```ts
 * import { SparkSession } from 'streamlake'
 * const spark = SparkSession.builder().config('spark.sql.session.timeZone', 'UTC').getOrCreate()
 * spark.conf.set('spark.sql.streaming.multipleWatermarkPolicy', 'max')
 * ```
 */
import { EngineError } from '../errors/index.js'

const DEFAULTS: Readonly<Record<string, string>> = {
  'spark.sql.session.timeZone': Intl.DateTimeFormat().resolvedOptions().timeZone,
  'spark.sql.streaming.multipleWatermarkPolicy': 'min',
  'spark.sql.streaming.pollingDelay': '10',
  'spark.sql.columnNameOfCorruptRecord': '_corrupt_record',
  'spark.sql.sources.partitionOverwriteMode': 'STATIC',
  'spark.sql.sources.default': 'parquet',
}

/**
 * Settings with a closed set of values (compared upper-case), checked when set; the value is kept
 * as given, as Spark's `spark.conf.get` returns it.
 */
const CHOICES: Readonly<Record<string, readonly string[]>> = {
  'spark.sql.sources.partitionOverwriteMode': ['STATIC', 'DYNAMIC'],
}

export class RuntimeConfig {
  private readonly values = new Map<string, string>()

  constructor(initial: Readonly<Record<string, string>> = {}) {
    for (const [k, v] of Object.entries(initial)) this.set(k, v)
  }

  get(key: string, defaultValue?: string): string | undefined {
    return this.values.get(key) ?? DEFAULTS[key] ?? defaultValue
  }

  set(key: string, value: string | number | boolean): void {
    const v = String(value)
    if (
      key === 'spark.sql.streaming.multipleWatermarkPolicy' &&
      !['min', 'max'].includes(v.toLowerCase())
    ) {
      throw new EngineError(
        'SL_API_INVALID_OPTION',
        { option: key, problem: 'must be min or max', value: v, hint: '' },
        { option: key },
      )
    }
    if (key === 'spark.sql.ansi.enabled' && !['true', 'false'].includes(v.toLowerCase())) {
      throw new EngineError(
        'SL_API_INVALID_OPTION',
        { option: key, problem: 'must be true or false', value: v, hint: '' },
        { option: key },
      )
    }
    const choices = CHOICES[key]
    if (choices !== undefined) {
      if (!choices.includes(v.toUpperCase()))
        throw new EngineError(
          'SL_API_INVALID_OPTION',
          { option: key, problem: `must be one of ${choices.join(', ')}`, value: v, hint: '' },
          { option: key },
        )
      this.values.set(key, v)
      return
    }
    if (key === 'spark.sql.session.timeZone') {
      try {
        new Intl.DateTimeFormat('en-US', { timeZone: v })
      } catch {
        throw new EngineError(
          'SL_API_INVALID_OPTION',
          {
            option: key,
            problem: 'is not a known time zone',
            value: v,
            hint: 'Use a region id such as UTC or Europe/Paris.',
          },
          { option: key },
        )
      }
    }
    this.values.set(
      key,
      key === 'spark.sql.streaming.multipleWatermarkPolicy' ? v.toLowerCase() : v,
    )
  }

  unset(key: string): void {
    this.values.delete(key)
  }

  getAll(): Record<string, string> {
    return { ...DEFAULTS, ...Object.fromEntries(this.values) }
  }

  /**
   * @internal `spark.sql.ansi.enabled` (Spark 4's default true): with false, casts and arithmetic
   * follow Spark's legacy rules (null or wrap-around instead of an error). A query reads it once,
   * when it starts, as Spark fixes it in the plan.
   */
  get ansi(): boolean {
    return this.get('spark.sql.ansi.enabled', 'true')!.toLowerCase() !== 'false'
  }

  /** @internal */
  get timeZone(): string {
    return this.get('spark.sql.session.timeZone')!
  }
}
