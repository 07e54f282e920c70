import { mkdtemp, rm } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { afterAll } from 'vitest'

const created: string[] = []

/** A fresh empty directory for a table, removed after the test file. */
export async function tempTablePath(prefix = 'sl-delta-'): Promise<string> {
  const dir = await mkdtemp(path.join(os.tmpdir(), prefix))
  created.push(dir)
  return path.join(dir, 'table')
}

afterAll(async () => {
  await Promise.all(created.map((d) => rm(d, { recursive: true, force: true })))
})
