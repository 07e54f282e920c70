/**
 * Retries a file-system operation that failed for a reason that goes away by itself: a
 * descriptor limit another task is about to free (EMFILE, ENFILE), a busy or interrupted call
 * (EBUSY, EAGAIN, EINTR) or a network file system's timeout (ETIMEDOUT). Everything else (a
 * missing parent, a permission, a read-only or full file system) is the user's to fix, so it is
 * thrown at once: retrying it only hides the problem and burns CPU.
 */
import { sleep } from './sleep.js'

const TRANSIENT = new Set(['EMFILE', 'ENFILE', 'EBUSY', 'EAGAIN', 'EINTR', 'ETIMEDOUT'])

/** Backoff between attempts: 50 ms doubling to 1.6 s, about 3 s in all. */
export const TRANSIENT_RETRY_DELAYS_MS: readonly number[] = [50, 100, 200, 400, 800, 1600]

/** True for errors worth another attempt (see the module comment). @internal */
export function isTransientFileError(error: unknown): boolean {
  const code = (error as NodeJS.ErrnoException | undefined)?.code
  return typeof code === 'string' && TRANSIENT.has(code)
}

/**
 * Runs `op`, retrying transient failures after each delay of `delaysMs`; the last failure (or the
 * first one that is not transient) is thrown. An abort ends the waiting at once: the failure at
 * hand is then thrown. @internal
 */
export async function retryTransient<T>(
  op: () => Promise<T>,
  options: { readonly signal?: AbortSignal; readonly delaysMs?: readonly number[] } = {},
): Promise<T> {
  const delays = options.delaysMs ?? TRANSIENT_RETRY_DELAYS_MS
  const aborted = (): boolean => options.signal?.aborted === true
  for (let attempt = 0; ; attempt++) {
    try {
      return await op()
    } catch (error) {
      const delay = delays[attempt]
      if (delay === undefined || !isTransientFileError(error) || aborted()) throw error
      await sleep(delay, options.signal)
      if (aborted()) throw error
    }
  }
}
