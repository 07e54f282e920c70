/**
 * The Kafka suite (`npm run test:kafka`): the `*.kafka.ts` files under test/kafka, run against one
 * real Kafka broker for the whole run (support/global-setup.ts starts it with
 * scripts/kafka-broker.sh). Each test uses topics of its own. The default `npm test` never sees
 * these files.
 */
import { fileURLToPath } from 'node:url'
import { defineConfig } from 'vitest/config'

export default defineConfig({
  root: fileURLToPath(new URL('../..', import.meta.url)),
  test: {
    include: ['test/kafka/**/*.kafka.ts'],
    globalSetup: ['test/kafka/support/global-setup.ts'],
    testTimeout: 120_000,
    hookTimeout: 300_000,
    pool: 'forks',
    // The broker and our engine share 2 cores: one test file at a time.
    fileParallelism: false,
    allowOnly: !process.env['CI'],
  },
})
