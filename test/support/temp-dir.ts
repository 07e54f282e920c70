import { promises as fs } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

/** A fresh temporary directory (left for the OS to clean; tests never share one). */
export async function tempDir(prefix = 'streamlake-test-'): Promise<string> {
  return fs.mkdtemp(join(tmpdir(), prefix))
}
