import { existsSync, promises as fs, statSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { makeDirectory, makeDirectorySync } from '../../src/internal/make-directory.js'

let root: string

beforeEach(async () => {
  root = await fs.mkdtemp(join(tmpdir(), 'sl-make-directory-'))
})

afterEach(async () => {
  await fs.rm(root, { recursive: true, force: true })
})

const procfs = existsSync('/proc/self') ? it : it.skip

describe.each([
  ['makeDirectory', makeDirectory],
  ['makeDirectorySync', async (dir: string) => makeDirectorySync(dir)],
])('%s', (_name, make) => {
  it('creates every missing level and accepts an existing directory', async () => {
    const dir = join(root, 'a', 'b', 'c')
    await make(dir)
    expect(statSync(dir).isDirectory()).toBe(true)
    await make(dir)
    await make(root)
  })

  it('throws ENOTDIR naming the file when a level is a file', async () => {
    await fs.writeFile(join(root, 'file'), 'x')
    await expect(make(join(root, 'file'))).rejects.toMatchObject({
      code: 'ENOTDIR',
      path: join(root, 'file'),
    })
    await expect(make(join(root, 'file', 'below'))).rejects.toMatchObject({ code: 'ENOTDIR' })
  })

  procfs(
    'fails at once, with ENOENT from mkdir, under a parent that refuses children',
    async () => {
      // Node's recursive mkdir never settles here (it spins on ENOENT/EEXIST).
      const started = Date.now()
      await expect(make('/proc/nope/deeper')).rejects.toMatchObject({
        code: 'ENOENT',
        syscall: 'mkdir',
        path: '/proc/nope',
      })
      expect(Date.now() - started).toBeLessThan(1000)
    },
  )

  it('fails at once behind a dangling symbolic link', async () => {
    await fs.symlink(join(root, 'gone'), join(root, 'link'))
    await expect(make(join(root, 'link', 'out'))).rejects.toMatchObject({ code: 'ENOENT' })
  })
})

describe('makeDirectory with concurrent callers', () => {
  it('lets every caller succeed when they race to create the same levels', async () => {
    const dir = join(root, 'x', 'y', 'z')
    await Promise.all(Array.from({ length: 8 }, () => makeDirectory(dir)))
    expect(statSync(dir).isDirectory()).toBe(true)
  })
})
