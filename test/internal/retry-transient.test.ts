import { describe, expect, it } from 'vitest'
import { isTransientFileError, retryTransient } from '../../src/internal/retry-transient.js'

function fsError(code: string): NodeJS.ErrnoException {
  return Object.assign(new Error(code), { code })
}

/** An operation that fails with `codes` in turn, then returns 'ok'. */
function failing(...codes: string[]): { op: () => Promise<string>; calls: () => number } {
  let calls = 0
  return {
    op: async () => {
      const code = codes[calls++]
      if (code !== undefined) throw fsError(code)
      return 'ok'
    },
    calls: () => calls,
  }
}

describe('retryTransient', () => {
  it('retries a transient failure with backoff until the operation succeeds', async () => {
    const f = failing('EMFILE', 'EAGAIN')
    await expect(retryTransient(f.op, { delaysMs: [1, 1, 1] })).resolves.toBe('ok')
    expect(f.calls()).toBe(3)
  })

  it.each(['ENOENT', 'EACCES', 'EROFS', 'ENOSPC', 'ENOTDIR'])(
    'throws %s at the first attempt: the user has to fix it',
    async (code) => {
      const f = failing(code)
      await expect(retryTransient(f.op, { delaysMs: [1, 1] })).rejects.toMatchObject({ code })
      expect(f.calls()).toBe(1)
      expect(isTransientFileError(fsError(code))).toBe(false)
    },
  )

  it('gives up after the last delay with the last failure', async () => {
    const f = failing('EBUSY', 'EBUSY', 'EBUSY', 'EBUSY')
    await expect(retryTransient(f.op, { delaysMs: [1, 1] })).rejects.toMatchObject({
      code: 'EBUSY',
    })
    expect(f.calls()).toBe(3)
  })

  it('stops waiting as soon as the signal aborts', async () => {
    const controller = new AbortController()
    const f = failing('EMFILE', 'EMFILE')
    setTimeout(() => controller.abort(), 20)
    const started = Date.now()
    await expect(
      retryTransient(f.op, { signal: controller.signal, delaysMs: [60_000] }),
    ).rejects.toMatchObject({ code: 'EMFILE' })
    expect(Date.now() - started).toBeLessThan(2000)
    expect(f.calls()).toBe(1)
  })
})
