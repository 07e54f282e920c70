import { promises as fs } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { checkStateForRestart } from '../../../src/cli/inspect/state-restart-check.js'
import { FileStateStoreProvider } from '../../../src/state/file-state-store.js'
import { tempDir } from '../../support/temp-dir.js'

/** `state/0` of an operator named `op` after `versions` committed batches. */
async function stateRoot(versions: number): Promise<string> {
  const root = join(await tempDir(), 'state')
  const provider = new FileStateStoreProvider(join(root, '0'), { name: 'op' })
  for (let v = 0; v < versions; v++) {
    const store = await provider.open(v)
    store.put(`k${v}`, [v])
    await store.commit()
  }
  await provider.close()
  return root
}

const op = [{ operatorId: 0, operator: 'op' }]

describe('checkStateForRestart', () => {
  it('finds nothing wrong with the state a restart opens', async () => {
    const root = await stateRoot(3)
    expect(await checkStateForRestart(root, op, 3)).toBeUndefined()
    expect(await checkStateForRestart(root, op, 2)).toBeUndefined()
  })

  it('names the missing file, a missing directory and a damaged file with the engine’s codes', async () => {
    const root = await stateRoot(3)
    await fs.rm(join(root, '0', '3.delta'))
    expect(await checkStateForRestart(root, op, 3)).toMatchObject({
      operatorId: 0,
      version: 3,
      code: 'SL_STATE_STORE_FILE_MISSING',
      path: join(root, '0', '3.delta'),
    })
    // An operator recorded in query-info.json whose directory is gone.
    expect(
      await checkStateForRestart(root, [...op, { operatorId: 1, operator: 'dedupe' }], 2),
    ).toMatchObject({ operatorId: 1, code: 'SL_STATE_STORE_FILE_MISSING' })
    const file = join(root, '0', '2.delta')
    const bytes = await fs.readFile(file)
    bytes[bytes.length - 2] = bytes[bytes.length - 2]! ^ 4
    await fs.writeFile(file, bytes)
    const damaged = await checkStateForRestart(root, op, 2)
    expect(damaged).toMatchObject({ code: 'SL_STATE_CHECKPOINT_CORRUPT', path: file })
    expect(damaged!.message).toContain('checksum')
  })
})
