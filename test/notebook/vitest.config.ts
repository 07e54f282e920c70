/**
 * The notebook suite (`npm run test:notebook`): executes notebooks/streaming_demo.ipynb headless on
 * Deno's Jupyter kernel (scripts/notebook-env.sh sets up the cached venv and the kernel) and
 * checks its outputs and the tables it wrote. The default `npm test` never sees these files.
 */
import { fileURLToPath } from 'node:url'
import { defineConfig } from 'vitest/config'

export default defineConfig({
  root: fileURLToPath(new URL('../..', import.meta.url)),
  test: {
    include: ['test/notebook/**/*.notebook.ts'],
    testTimeout: 60_000,
    // The first run creates the venv (~30 s of pip), then the notebook runs (~15 s).
    hookTimeout: 600_000,
    pool: 'forks',
    fileParallelism: false,
    allowOnly: !process.env['CI'],
  },
})
