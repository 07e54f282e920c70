/**
 * The `engineInfo` written into every commitInfo (`streamlake/<version>`), like Spark's
 * `Apache-Spark/4.0.0 Delta-Lake/4.0.0`. The version comes from the package manifest, which sits
 * two levels above this file both in `src/delta/` and in `dist/delta/`.
 */
import { createRequire } from 'node:module'

function packageVersion(): string {
  try {
    const require = createRequire(import.meta.url)
    const manifest = require('../../package.json') as { version?: unknown }
    return typeof manifest.version === 'string' ? manifest.version : '0.0.0'
  } catch {
    return '0.0.0'
  }
}

/** `streamlake/<package version>`. */
export const ENGINE_INFO = `streamlake/${packageVersion()}`
