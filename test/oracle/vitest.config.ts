/**
 * The Spark oracle suite (`npm run test:spark`): the `*.spark.ts` files under test/oracle, with
 * one PySpark process for the whole run (support/global-setup.ts). The default `npm test` never
 * sees these files (its config includes only `*.test.ts`).
 */
import { fileURLToPath } from 'node:url'
import { defineConfig } from 'vitest/config'

export default defineConfig({
  root: fileURLToPath(new URL('../..', import.meta.url)),
  test: {
    include: ['test/oracle/**/*.spark.ts'],
    // The PySpark oracle, and a Kafka broker for the Kafka scenarios (kafka.spark.ts).
    globalSetup: ['test/oracle/support/global-setup.ts', 'test/kafka/support/global-setup.ts'],
    testTimeout: 300_000,
    hookTimeout: 300_000,
    pool: 'forks',
    // Spark (local[2]) and our engine share 2 cores: one test file at a time.
    fileParallelism: false,
    allowOnly: !process.env['CI'],
  },
})
