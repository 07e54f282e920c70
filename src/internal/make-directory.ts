/**
 * `mkdir -p` that always ends. Node's `mkdir(dir, { recursive: true })` never settles when a
 * parent exists but refuses the child with ENOENT (procfs and sysfs do, and so does a dangling
 * symbolic link): it steps back on ENOENT, gets EEXIST for the parent, steps forward again, and
 * spins at ~2,000 mkdir/s with no error (seen with `streamlake generate --out /proc/nope`; the
 * same loop is reported for other runtimes, e.g. oven-sh/bun#40600). Here the missing levels are
 * found once, from the deepest existing ancestor, and each is created once: at most one mkdir per
 * path component, and the first error that is not "someone else created it" is thrown as is
 * (with its path and syscall) for the caller to explain.
 */
import { mkdirSync, promises as fs, statSync } from 'node:fs'
import { dirname, resolve } from 'node:path'

/**
 * Creates `dir` and its missing parents; a no-op when it is a directory already. Resolves true
 * when this call created `dir` itself. @internal
 */
export async function makeDirectory(dir: string): Promise<boolean> {
  const missing: string[] = []
  for (let current = resolve(dir); ;) {
    const stat = await fs.stat(current).catch((error: unknown) => {
      if (!isMissing(error) || dirname(current) === current) throw error
      return undefined
    })
    if (stat !== undefined) {
      if (!stat.isDirectory()) throw notADirectory(current)
      break
    }
    missing.push(current)
    current = dirname(current)
  }
  let created = false
  for (const level of missing.reverse()) {
    try {
      await fs.mkdir(level)
      created = true
    } catch (error) {
      // Created meanwhile by another process: fine when it is a directory.
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error
      if (!(await fs.stat(level)).isDirectory()) throw notADirectory(level)
      created = false
    }
  }
  return created
}

/** `makeDirectory`, synchronously (for writers that are synchronous by design). @internal */
export function makeDirectorySync(dir: string): void {
  const missing: string[] = []
  for (let current = resolve(dir); ;) {
    const stat = statSync(current, { throwIfNoEntry: false })
    if (stat !== undefined) {
      if (!stat.isDirectory()) throw notADirectory(current)
      break
    }
    if (dirname(current) === current) break
    missing.push(current)
    current = dirname(current)
  }
  for (const level of missing.reverse()) {
    try {
      mkdirSync(level)
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error
      if (!statSync(level).isDirectory()) throw notADirectory(level)
    }
  }
}

function isMissing(error: unknown): boolean {
  return (error as NodeJS.ErrnoException | undefined)?.code === 'ENOENT'
}

function notADirectory(path: string): NodeJS.ErrnoException {
  return Object.assign(new Error(`ENOTDIR: not a directory, mkdir '${path}'`), {
    code: 'ENOTDIR',
    errno: -20,
    syscall: 'mkdir',
    path,
  })
}
