import { describe, expect, it } from 'vitest'
import { workerExecArgv } from '../../../src/sources/file/json-worker-pool.js'

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
})
