import { defineConfig } from 'vitest/config'

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    pool: 'forks',
    allowOnly: !process.env['CI'],
    // Generated protocol code (scripts/connect-codegen.sh) is not ours to cover.
    coverage: { exclude: ['src/connect/gen/**'] },
  },
})
