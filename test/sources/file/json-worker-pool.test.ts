import { describe, expect, it } from 'vitest'
import { once } from 'node:events'
import { startWorker, workerExecArgv } from '../../../src/sources/file/json-worker-pool.js'

describe('workerExecArgv', () => {
  it('drops the options about the main entry point, keeps the others', () => {
    expect(
      workerExecArgv([
        '--input-type=module',
        '-e',
        'import x from "y"',
        '--max-semi-space-size=64',
        '--eval=1',
        '--print',
        '2',
        '--input-type',
        'commonjs',
        '--enable-source-maps',
      ]),
    ).toEqual(['--max-semi-space-size=64', '--enable-source-maps'])
    expect(workerExecArgv([])).toEqual([])
  })

  it('starts a worker when the process has options Node refuses in workers (V8, per-process)', async () => {
    // `node --max-old-space-size=4096 app.js`: every JSON query failed with
    // ERR_WORKER_INVALID_EXEC_ARGV before these were left out.
    const code = new URL('data:text/javascript,process.exit(7)')
    for (const argv of [
      ['--max-old-space-size=4096', '--enable-source-maps'],
      ['--max-semi-space-size', '64', '--title=x'],
    ]) {
      const worker = startWorker(code, argv)
      const [exitCode] = (await once(worker, 'exit')) as [number]
      expect(exitCode).toBe(7)
    }
  })
})
