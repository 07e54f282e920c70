/**
 * The `versionAsOf` option of Delta batch reads (time travel). Spark reads it as a Long version
 * number, so a string of digits is as good as a number; anything else (`abc`, `1.5`, `-1`) is
 * refused here, before any log file is read.
 */
import { EngineError } from '../errors/index.js'

/** The version to read, or undefined for the latest; throws SL_API_INVALID_OPTION when invalid. */
export function parseVersionAsOf(raw: string | undefined): number | undefined {
  if (raw === undefined) return undefined
  const version = /^\d+$/.test(raw) ? Number(raw) : NaN
  if (!Number.isSafeInteger(version)) {
    throw new EngineError(
      'SL_API_INVALID_OPTION',
      {
        option: 'versionAsOf',
        problem: 'must be a non-negative integer',
        value: JSON.stringify(raw),
        hint: "Pass a table version such as option('versionAsOf', 3); `streamlake table history <path>` lists them.",
      },
      { option: 'versionAsOf' },
    )
  }
  return version
}
