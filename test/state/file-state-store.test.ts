import { promises as fs } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { CheckpointError, EngineError, InternalError } from '../../src/errors/index.js'
import { FileStateStoreProvider } from '../../src/state/file-state-store.js'
import type { StateStoreProvider } from '../../src/state/state-store.js'
import { tempDir } from '../support/temp-dir.js'
import { describeStateStoreConformance } from './state-store.case.js'

async function harness(snapshotInterval?: number) {
  const dir = join(await tempDir('sl-state-'), 'state', '0')
  return {
    durable: true,
    provider: () => new FileStateStoreProvider(dir, { snapshotInterval, name: 'stateStoreSave' }),
  }
}

describeStateStoreConformance('FileStateStoreProvider (snapshot every 3)', () => harness(3))
describeStateStoreConformance('FileStateStoreProvider (default snapshots)', () => harness())
describeStateStoreConformance(
  'FileStateStoreProvider (snapshot interval changing at each restart)',
  async () => {
    const dir = join(await tempDir('sl-state-'), 'state', '0')
    let restarts = 0
    return {
      durable: true,
      provider: () => new FileStateStoreProvider(dir, { snapshotInterval: 1 + (restarts++ % 3) }),
    }
  },
)

/** Commits versions 1..count; version v puts k<v> = [v] and removes k<v-3>. */
async function commitVersions(p: StateStoreProvider, count: number, from = 0): Promise<void> {
  for (let v = from; v < from + count; v++) {
    const s = await p.open(v)
    s.put(`k${v + 1}`, [v + 1])
    s.remove(`k${v - 2}`)
    await s.commit()
  }
}

async function setup(snapshotInterval = 5, versions = 0) {
  const dir = join(await tempDir('sl-state-'), 'state', '0')
  const provider = () => new FileStateStoreProvider(dir, { snapshotInterval, name: 'op' })
  const p = provider()
  await commitVersions(p, versions)
  await p.close()
  return { dir, provider }
}

async function listing(dir: string): Promise<string[]> {
  return (await fs.readdir(dir))
    .filter((n) => n !== '_metadata')
    .sort((a, b) => parseInt(a) - parseInt(b) || a.localeCompare(b))
}

async function openError(p: StateStoreProvider, version: number): Promise<EngineError> {
  const error: unknown = await p.open(version).then(
    () => undefined,
    (e: unknown) => e,
  )
  expect(error).toBeInstanceOf(EngineError)
  return error as EngineError
}

describe('FileStateStoreProvider', () => {
  it('writes a delta per version, a snapshot every interval and the format metadata', async () => {
    const { dir } = await setup(5, 11)
    expect(await listing(dir)).toEqual(
      '1.delta 2.delta 3.delta 4.delta 5.delta 5.snapshot 6.delta 7.delta 8.delta 9.delta 10.delta 10.snapshot 11.delta'.split(
        ' ',
      ),
    )
    const delta = await fs.readFile(join(dir, '4.delta'), 'utf8')
    const [v, header, ...blocks] = delta.split('\n')
    expect(v).toBe('v2')
    expect(JSON.parse(header!)).toMatchObject({
      encoding: 'json-blocks',
      kind: 'delta',
      version: 4,
      puts: 1,
      removes: 1,
    })
    expect(blocks).toEqual(['["put","k4",[4]]', '["remove","k1"]', ''])
    expect(JSON.parse(await fs.readFile(join(dir, '_metadata', 'format.json'), 'utf8'))).toEqual({
      stateFormatVersion: 2,
      provider: 'file',
      operator: 'op',
    })
  })

  it('serves the version it just committed from memory and rebuilds others from files', async () => {
    const { provider } = await setup(5, 0)
    const p = provider()
    await commitVersions(p, 12)
    expect(p.cacheMisses).toBe(1)
    expect(p.cacheHits).toBe(11)
    const old = await p.open(7)
    expect([...old.entries()].map(([k]) => k).sort()).toEqual(['k5', 'k6', 'k7'])
    expect(p.cacheMisses).toBe(2)
    await p.close()
  })

  it('replays a delta that changes one key several times in the order of the changes', async () => {
    const { provider } = await setup()
    const p = provider()
    const s = await p.open(0)
    s.put('a', [1])
    s.put('b', [1])
    await s.commit()
    const t = await p.open(1)
    t.remove('a')
    t.put('a', [2])
    t.put('c', [3])
    t.remove('c')
    t.remove('b')
    t.put('b', [4])
    t.remove('b')
    await t.commit()
    await p.close()
    const restarted = provider()
    const reopened = await restarted.open(2)
    expect(Object.fromEntries(reopened.entries())).toEqual({ a: [2] })
    expect(restarted.cacheMisses).toBe(1)
    await restarted.close()
  })

  it('writes only the changed keys of a batch over a large state', async () => {
    const { provider } = await setup()
    const p = provider()
    const s = await p.open(0)
    for (let i = 0; i < 50_000; i++) s.put(`key-${i}`, [i, i * 2])
    const first = await s.commit()
    const t = await p.open(1)
    for (let i = 0; i < 100; i++) t.put(`key-${i * 7}`, [i, -1])
    t.remove('key-1')
    const m = await t.commit()
    expect(m.numRowsTotal).toBe(49_999)
    expect(m.stateOnCurrentVersionSizeBytes).toBeLessThan(
      first.stateOnCurrentVersionSizeBytes / 100,
    )
    expect(m.memoryUsedBytes).toBeGreaterThan(49_999 * 80)
    expect(m.memoryUsedBytes).toBeLessThan(49_999 * 200)
    await p.close()
  })

  it('reports memory that follows the rows and drops to 0 for an empty state', async () => {
    const { provider } = await setup()
    const p = provider()
    let s = await p.open(0)
    s.put('a', [1, 'x'.repeat(100)])
    s.put('b', [2])
    const m1 = await s.commit()
    s = await p.open(1)
    s.remove('a')
    const m2 = await s.commit()
    expect(m2.memoryUsedBytes).toBeLessThan(m1.memoryUsedBytes - 200)
    s = await p.open(2)
    s.remove('b')
    expect((await s.commit()).memoryUsedBytes).toBe(0)
    await p.close()
  })

  it('rebuilds the same memory estimate after a restart', async () => {
    const { dir, provider } = await setup(5, 0)
    const p = provider()
    await commitVersions(p, 8)
    const s = await p.open(8)
    s.put('z', [1.5, 'abc'])
    const before = await s.commit()
    await p.close()
    const q = new FileStateStoreProvider(dir, { snapshotInterval: 5, name: 'op' })
    const t = await q.open(9)
    t.put('z', [1.5, 'abc'])
    expect((await t.commit()).memoryUsedBytes).toBe(before.memoryUsedBytes)
    await q.close()
  })

  it('deletes the files of newer versions when an older version is committed again', async () => {
    const { dir, provider } = await setup(3, 8)
    const p = provider()
    const s = await p.open(4)
    s.put('again', [1])
    await s.commit()
    await p.close()
    expect(await listing(dir)).toEqual([
      '1.delta',
      '2.delta',
      '3.delta',
      '3.snapshot',
      '4.delta',
      '5.delta',
    ])
    const q = provider()
    expect((await q.open(5)).get('again')).toEqual([1])
    expect((await openError(q, 6)).code).toBe('SL_STATE_STORE_FILE_MISSING')
    await q.close()
  })

  describe('cleanup', () => {
    it('keeps exactly the files the last `retain` versions need', async () => {
      const { dir, provider } = await setup(5, 23)
      await fs.writeFile(join(dir, '.7.delta.0000.tmp'), 'partial')
      const p = provider()
      await p.cleanup(23, 10)
      expect(await listing(dir)).toEqual([
        '10.delta',
        '10.snapshot',
        ...['11', '12', '13', '14', '15'].map((v) => `${v}.delta`),
        '15.snapshot',
        ...['16', '17', '18', '19', '20'].map((v) => `${v}.delta`),
        '20.snapshot',
        '21.delta',
        '22.delta',
        '23.delta',
      ])
      for (let v = 13; v <= 23; v++) expect((await p.open(v)).get(`k${v}`)).toEqual([v])
      expect((await openError(p, 9)).code).toBe('SL_STATE_STORE_FILE_MISSING')
      await p.close()
    })

    it('deletes nothing while no snapshot precedes the retained versions', async () => {
      const { dir, provider } = await setup(10, 12)
      const p = provider()
      await p.cleanup(12, 5)
      expect(await listing(dir)).toHaveLength(13)
      await p.close()
    })
  })

  describe('errors', () => {
    it('names a missing delta', async () => {
      const { dir, provider } = await setup(10, 6)
      await fs.rm(join(dir, '4.delta'))
      const e = await openError(provider(), 6)
      expect(e).toBeInstanceOf(CheckpointError)
      expect(e.code).toBe('SL_STATE_STORE_FILE_MISSING')
      expect(e.path).toBe(join(dir, '4.delta'))
      expect(e.message).toContain(join(dir, '4.delta'))
      expect(e.message).toContain('newest state version on disk is 6')
    })

    it('detects a modified byte, a truncation and a renamed file', async () => {
      const { dir, provider } = await setup(10, 4)
      const path = join(dir, '3.delta')
      const good = await fs.readFile(path)
      const flipped = Buffer.from(good)
      flipped[flipped.length - 4] = flipped[flipped.length - 4]! ^ 1
      for (const bad of [flipped, good.subarray(0, good.length - 3), good.subarray(0, 5)]) {
        await fs.writeFile(path, bad)
        const e = await openError(provider(), 4)
        expect(e).toBeInstanceOf(CheckpointError)
        expect(e.code).toBe('SL_STATE_CHECKPOINT_CORRUPT')
        expect(e.path).toBe(path)
        expect(e.message).toContain(path)
      }
      await fs.writeFile(path, await fs.readFile(join(dir, '2.delta')))
      const e = await openError(provider(), 4)
      expect(e.message).toContain('the file name says delta version 3')
    })

    it('reports a damaged version line or encoding as a corrupt file; only newer metadata is a newer format', async () => {
      const { dir, provider } = await setup(10, 3)
      const path = join(dir, '2.delta')
      const text = await fs.readFile(path, 'utf8')
      // '2' with one bit flipped: the directory's format.json still says 2 (#14).
      await fs.writeFile(path, text.replace(/^v2\n/, 'v3\n'))
      let e = await openError(provider(), 3)
      expect(e.code).toBe('SL_STATE_CHECKPOINT_CORRUPT')
      expect(e.path).toBe(path)
      expect(e.message).toContain(`${path} is corrupt: line 1 is "v3"`)
      expect(e.message).not.toMatch(/upgrade|newer streamlake/)
      await fs.writeFile(path, text.replace('"json-blocks"', '"json-blocjs"'))
      e = await openError(provider(), 3)
      expect(e.code).toBe('SL_STATE_CHECKPOINT_CORRUPT')
      expect(e.message).toContain(`the header's encoding is "json-blocjs"`)
      await fs.writeFile(path, text)
      const meta = join(dir, '_metadata', 'format.json')
      await fs.writeFile(meta, '{"stateFormatVersion":3,"provider":"file","operator":"op"}\n')
      e = await openError(provider(), 3)
      expect(e.code).toBe('SL_STATE_CHECKPOINT_VERSION')
      expect(e.path).toBe(meta)
    })

    it('rejects a state directory written by another operator', async () => {
      const { dir } = await setup(10, 2)
      const e = await openError(new FileStateStoreProvider(dir, { name: 'dedupe' }), 2)
      expect(e.code).toBe('SL_STATE_QUERY_CHANGED')
      expect(e.message).toContain('was op and is now dedupe')
    })

    it('refuses misuse with internal errors', async () => {
      const { provider } = await setup(10, 1)
      const p = provider()
      expect((await openError(p, -1)).code).toBe('SL_STATE_STORE_INVALID_VERSION')
      expect((await openError(p, 1.5)).code).toBe('SL_STATE_STORE_INVALID_VERSION')
      // Opening a store undoes an uncommitted earlier one (a batch that failed without abort).
      const a = await p.open(1)
      a.put('x', [1])
      const b = await p.open(1)
      expect(b.get('x')).toBeUndefined()
      expect(() => a.get('x')).toThrow(expect.objectContaining({ code: 'SL_STATE_STORE_STALE' }))
      expect(() => a.put('x', [1])).toThrow(
        expect.objectContaining({ code: 'SL_STATE_STORE_STALE' }),
      )
      await expect(a.commit()).rejects.toMatchObject({ code: 'SL_STATE_STORE_STALE' })
      b.put('y', [2])
      await b.commit()
      expect(() => b.get('y')).toThrow(
        expect.objectContaining({ code: 'SL_STATE_STORE_ALREADY_COMMITTED' }),
      )
      await expect(b.commit()).rejects.toMatchObject({ code: 'SL_STATE_STORE_ALREADY_COMMITTED' })
      expect((await p.open(2)).get('y')).toEqual([2])
      const c = await p.open(2)
      await p.open(0)
      await expect(c.commit()).rejects.toBeInstanceOf(InternalError)
      expect(() => c.get('y')).toThrow(expect.objectContaining({ code: 'SL_STATE_STORE_STALE' }))
      await p.close()
      await expect(p.open(2)).rejects.toMatchObject({ code: 'SL_STATE_STORE_CLOSED' })
    })

    it('fails a commit of an unserialisable value and keeps the store usable', async () => {
      const { provider } = await setup(10, 0)
      const p = provider()
      const s = await p.open(0)
      s.put('ok', [1])
      s.put('bad', [10n])
      await expect(s.commit()).rejects.toMatchObject({
        code: 'SL_STATE_STORE_VALUE_NOT_SERIALIZABLE',
        message: expect.stringContaining('"bad"') as string,
      })
      s.remove('bad')
      expect((await s.commit()).numRowsTotal).toBe(1)
      await p.close()
    })

    it('wraps I/O failures with the path (a file where the state directory should be: SL_FS_NOT_A_DIRECTORY)', async () => {
      const root = await tempDir('sl-state-')
      const p = new FileStateStoreProvider(join(root, 'parent', 'state'))
      const s = await p.open(0)
      await fs.writeFile(join(root, 'parent'), 'not a directory')
      s.put('a', [1])
      await expect(s.commit()).rejects.toMatchObject({
        code: 'SL_FS_NOT_A_DIRECTORY',
        domain: 'user',
        message: expect.stringContaining(join(root, 'parent', 'state')) as string,
      })
      const q = new FileStateStoreProvider(join(root, 'parent', 'state'))
      await expect(q.open(1)).rejects.toMatchObject({ code: 'SL_FS_NOT_A_DIRECTORY' })
    })

    it('reports a delta write that fails after commit at flush and at every later call', async () => {
      const root = await tempDir('sl-state-')
      const dir = join(root, 'state')
      const p = new FileStateStoreProvider(dir, { name: 'op' })
      const s = await p.open(0)
      s.put('a', [1])
      await s.commit()
      await p.flush()
      // Version 2's delta cannot be written: its temp file's name is taken by a directory.
      const t = await p.open(1)
      t.put('b', [2])
      await fs.mkdir(join(dir, '2.delta'), { recursive: true })
      const m = await t.commit()
      expect(m.numRowsTotal).toBe(2)
      const failure = {
        code: 'SL_STATE_STORE_IO_FAILED',
        path: expect.stringContaining(dir) as string,
      }
      await expect(p.flush()).rejects.toMatchObject(failure)
      await expect(p.open(2)).rejects.toMatchObject(failure)
      await expect(p.flush()).rejects.toMatchObject(failure)
      // A new provider (the restarted query) sees version 1, the last durable one.
      await fs.rm(join(dir, '2.delta'), { recursive: true })
      const q = new FileStateStoreProvider(dir, { name: 'op' })
      expect(Object.fromEntries((await q.open(1)).entries())).toEqual({ a: [1] })
      await expect(q.open(2)).rejects.toMatchObject({ code: 'SL_STATE_STORE_FILE_MISSING' })
      await q.close()
    })
  })
})
