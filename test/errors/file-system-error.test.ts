import { describe, expect, it } from 'vitest'
import { fileSystemFailure, withErrorPath } from '../../src/errors/file-system-error.js'
import { asEngineError } from '../../src/errors/index.js'
import { renderError } from '../../src/cli/render-error.js'

/** What Node throws: an Error with code, syscall and (usually) path. */
function nodeError(code: string, syscall: string, path?: string): NodeJS.ErrnoException {
  const e: NodeJS.ErrnoException = new Error(`${code}: failure, ${syscall}`)
  e.code = code
  e.syscall = syscall
  if (path !== undefined) e.path = path
  return e
}

describe('file-system errors', () => {
  it.each([
    ['ENOSPC', 'SL_FS_NO_SPACE', 'external'],
    ['EDQUOT', 'SL_FS_NO_SPACE', 'external'],
    ['EROFS', 'SL_FS_READ_ONLY', 'external'],
    ['EACCES', 'SL_FS_PERMISSION_DENIED', 'user'],
    ['EPERM', 'SL_FS_PERMISSION_DENIED', 'user'],
    ['EMFILE', 'SL_FS_TOO_MANY_OPEN_FILES', 'external'],
    ['EIO', 'SL_FS_IO_ERROR', 'external'],
  ])('%s becomes %s naming the path, not an unexpected bug', (errno, code, domain) => {
    const error = asEngineError(nodeError(errno, 'open', '/data/cp/commits/3'), { batchId: 3 })
    expect(error.code).toBe(code)
    expect(error.domain).toBe(domain)
    expect(error.path).toBe('/data/cp/commits/3')
    expect(error.batchId).toBe(3)
    expect(error.message).toContain('/data/cp/commits/3')
    expect(error.message).not.toMatch(/bug/)
    const banner = renderError(nodeError(errno, 'open', '/data/cp/commits/3'))
    expect(banner).toContain(`error [${code}]`)
    expect(banner).not.toMatch(/\n\s+at /)
  })

  it('a directory that cannot be created (mkdir under /proc, a file as parent) is a user error', () => {
    const error = asEngineError(nodeError('ENOENT', 'mkdir', '/proc/nope'))
    expect(error.code).toBe('SL_FS_CANNOT_CREATE_DIRECTORY')
    expect(error.domain).toBe('user')
    expect(error.message).toContain('/proc/nope')
    const file = asEngineError(nodeError('ENOTDIR', 'stat', '/data/a-file/t/_delta_log'))
    expect(file.code).toBe('SL_FS_NOT_A_DIRECTORY')
    expect(file.domain).toBe('user')
    expect(fileSystemFailure(nodeError('ENOENT', 'open', '/in/x.json'))).toBeUndefined()
  })

  it('leaves other errors unexpected', () => {
    expect(fileSystemFailure(nodeError('ENOENT', 'open', '/x'))).toBeUndefined()
    expect(fileSystemFailure(new Error('boom'))).toBeUndefined()
    expect(asEngineError(new TypeError('x is undefined')).code).toBe('SL_INTERNAL_UNEXPECTED')
  })

  it('names the file a handle write was for (Node reports no path there)', async () => {
    const failing = withErrorPath('/data/t/_delta_log/00000000000000000004.json', () =>
      Promise.reject(nodeError('ENOSPC', 'write')),
    )
    const error = await failing.catch((e: unknown) => asEngineError(e))
    expect(error.code).toBe('SL_FS_NO_SPACE')
    expect(error.path).toBe('/data/t/_delta_log/00000000000000000004.json')
  })
})
