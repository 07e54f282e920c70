import { existsSync, promises as fs } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import {
  isTempFileName,
  MIN_TEMP_FILE_AGE_MS,
  removeStaleTempFiles,
} from '../../src/internal/stale-temp-files.js'

let root: string
const UUID = '0f3c2b1a-1234-4abc-8def-0123456789ab'

beforeEach(async () => {
  root = await fs.mkdtemp(join(tmpdir(), 'sl-stale-temp-'))
})

afterEach(async () => {
  await fs.rm(root, { recursive: true, force: true })
})

async function file(path: string, ageMs: number): Promise<string> {
  await fs.mkdir(join(path, '..'), { recursive: true })
  await fs.writeFile(path, 'x')
  const t = (Date.now() - ageMs) / 1000
  await fs.utimes(path, t, t)
  return path
}

describe('removeStaleTempFiles', () => {
  it('knows the temp names of atomic writes and nothing else', () => {
    expect(isTempFileName(`.00000000000000000003.json.${UUID}.tmp`)).toBe(true)
    expect(isTempFileName(`.metadata.${UUID}.tmp`)).toBe(true)
    for (const name of ['metadata', `metadata.${UUID}.tmp`, `.x.tmp`, `.batch_000001.json.tmp`])
      expect(isTempFileName(name), name).toBe(false)
  })

  it('deletes temp files older than the retention, down to maxDepth, and keeps the rest', async () => {
    const HOUR = 3_600_000
    const old = await file(join(root, 'offsets', `.7.${UUID}.tmp`), 2 * HOUR)
    const oldDeep = await file(join(root, 'sources', '0', `.1.${UUID}.tmp`), 2 * HOUR)
    const tooDeep = await file(join(root, 'a', 'b', 'c', `.1.${UUID}.tmp`), 2 * HOUR)
    const young = await file(join(root, 'commits', `.3.${UUID}.tmp`), HOUR / 2)
    const other = await file(join(root, 'offsets', '7'), 2 * HOUR)
    const removed = await removeStaleTempFiles(root, HOUR, { maxDepth: 2 })
    expect(removed.sort()).toEqual([old, oldDeep].sort())
    for (const kept of [tooDeep, young, other]) expect(existsSync(kept), kept).toBe(true)
  })

  it('never deletes a temp file younger than a minute, whatever the retention', async () => {
    const fresh = await file(join(root, `.x.${UUID}.tmp`), MIN_TEMP_FILE_AGE_MS / 2)
    expect(await removeStaleTempFiles(root, 0)).toEqual([])
    expect(existsSync(fresh)).toBe(true)
    expect(await removeStaleTempFiles(join(root, 'missing'), 0)).toEqual([])
  })
})
