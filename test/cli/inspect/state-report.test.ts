import { promises as fs } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { readStateReport } from '../../../src/cli/inspect/state-report.js'
import { FileStateStoreProvider } from '../../../src/state/file-state-store.js'
import { tempDir } from '../../support/temp-dir.js'

describe('readStateReport', () => {
  it('reports a damaged header on its file as corruption, and still reports the rest', async () => {
    const root = join(await tempDir(), 'state')
    const provider = new FileStateStoreProvider(join(root, '0'), { name: 'op' })
    for (let v = 0; v < 2; v++) {
      const store = await provider.open(v)
      store.put(`k${v}`, [v])
      await store.commit()
    }
    await provider.close()
    const file = join(root, '0', '1.delta')
    const text = await fs.readFile(file, 'utf8')
    await fs.writeFile(file, text.replace(/^v2\n/, 'v3\n'))
    const [op] = await readStateReport(root)
    expect(op).toMatchObject({ operator: 'op', latestVersion: 2, problem: null })
    expect(op!.files).toEqual([
      expect.objectContaining({
        version: 1,
        puts: 0,
        problem: expect.objectContaining({ code: 'SL_STATE_CHECKPOINT_CORRUPT' }) as unknown,
      }),
      expect.objectContaining({ version: 2, puts: 1, problem: null }),
    ])
    expect(op!.files[0]!.problem!.message).toContain(`${file} is corrupt: line 1 is "v3"`)
  })
})
