/**
 * Node's file-system errors (`ENOSPC`, `EROFS`, `EACCES` …) as user-facing EngineErrors naming the
 * path and the fix, instead of "unexpected error, this is a bug". Used by `asEngineError`, so any
 * such error that reaches a query's termination or the CLI is translated, wherever it was thrown.
 */
import type { ErrorCode } from './messages.js'

/** errno code → catalogue code. */
const CODES: Readonly<Record<string, ErrorCode>> = {
  ENOSPC: 'SL_FS_NO_SPACE',
  EDQUOT: 'SL_FS_NO_SPACE',
  EROFS: 'SL_FS_READ_ONLY',
  EACCES: 'SL_FS_PERMISSION_DENIED',
  EPERM: 'SL_FS_PERMISSION_DENIED',
  EMFILE: 'SL_FS_TOO_MANY_OPEN_FILES',
  ENFILE: 'SL_FS_TOO_MANY_OPEN_FILES',
  EIO: 'SL_FS_IO_ERROR',
  ENOTDIR: 'SL_FS_NOT_A_DIRECTORY',
}

/** What the catalogue needs of a file-system error, or undefined for any other error. */
export interface FileSystemFailure {
  readonly code: ErrorCode
  readonly params: { path: string; syscall: string; errno: string }
  readonly path: string | undefined
}

/**
 * Classifies `error` when it is one of the file-system errors a user can fix.
 * @internal
 */
export function fileSystemFailure(error: unknown): FileSystemFailure | undefined {
  const e = error as NodeJS.ErrnoException | undefined
  if (e === null || typeof e !== 'object' || typeof e.code !== 'string') return undefined
  // mkdir's ENOENT (see internal/make-directory.ts): a parent that cannot hold directories.
  const code =
    e.syscall === 'mkdir' && e.code === 'ENOENT' ? 'SL_FS_CANNOT_CREATE_DIRECTORY' : CODES[e.code]
  if (code === undefined) return undefined
  const path = e.path ?? (e as { dest?: string }).dest
  return {
    code,
    params: {
      path: path ?? 'a file (the system did not say which)',
      syscall: e.syscall ?? 'i/o',
      errno: e.code,
    },
    path,
  }
}

/**
 * Runs `op`; a file-system error it throws names `path` (writes through a file handle report no
 * path at all, and an atomic write's open reports its hidden temp name), so the message names
 * the file the user knows.
 * @internal
 */
export async function withErrorPath<T>(path: string, op: () => Promise<T>): Promise<T> {
  try {
    return await op()
  } catch (error) {
    const e = error as NodeJS.ErrnoException | undefined
    if (e !== null && typeof e === 'object' && typeof e.code === 'string') e.path = path
    throw error
  }
}
