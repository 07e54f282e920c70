/**
 * `npm run test:interop`: the `*.interop.test.ts` files, which read our tables with delta-rs
 * (STREAMLAKE_PYTHON, set by that script). The default config leaves them out, so `npm test`
 * neither needs Python nor reports them as skipped.
 */
import { fileURLToPath } from 'node:url'
import { defineConfig } from 'vitest/config'
import base from '../vitest.config.js'

export default defineConfig({
  root: fileURLToPath(new URL('..', import.meta.url)),
  test: {
    ...base.test,
    include: ['test/**/*.interop.test.ts'],
    exclude: ['**/node_modules/**'],
  },
})
