/**
 * The Spark Connect suite (`npm run test:connect`): the `*.connect.ts` files under test/connect,
 * run against one local Spark Connect server for the whole run (support/global-setup.ts starts
 * it with scripts/spark-connect-server.sh). The default `npm test` never sees these files.
 */
import { fileURLToPath } from 'node:url'
import { defineConfig } from 'vitest/config'

export default defineConfig({
  root: fileURLToPath(new URL('../..', import.meta.url)),
  test: {
    include: ['test/connect/**/*.connect.ts'],
    // The Connect server, a Kafka broker for kafka.connect.ts, and the PySpark oracle: the
    // Parquet scenarios of oracle-scenarios.connect.ts read input files Spark writes through it.
    globalSetup: [
      'test/connect/support/global-setup.ts',
      'test/kafka/support/global-setup.ts',
      'test/oracle/support/global-setup.ts',
    ],
    testTimeout: 180_000,
    hookTimeout: 300_000,
    pool: 'forks',
    // Spark (local[2]) and our engine share 2 cores: one test file at a time.
    fileParallelism: false,
    allowOnly: !process.env['CI'],
  },
})
