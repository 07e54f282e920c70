import { defineConfig } from 'vitest/config'

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // delta-rs interop files run in `npm run test:interop` (test/interop.vitest.config.ts).
    exclude: ['**/node_modules/**', 'test/**/*.interop.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    pool: 'forks',
    allowOnly: !process.env['CI'],
    // Generated protocol code (scripts/connect-codegen.sh) is not ours to cover.
    coverage: { exclude: ['src/connect/gen/**'] },
  },
})
