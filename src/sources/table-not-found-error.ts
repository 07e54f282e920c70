/**
 * SL_SOURCE_TABLE_NOT_FOUND for a path that holds no Delta table, saying truthfully what is
 * there: nothing, a folder without `_delta_log`, or a `_delta_log` holding no commits (a writer
 * that stopped before its first commit, or a folder made by hand).
 */
import { promises as fs } from 'node:fs'
import { join, resolve } from 'node:path'
import { SourceError } from '../errors/index.js'

/** The error for `path`, where the caller found no commit and no checkpoint in `_delta_log`. */
export async function tableNotFoundError(path: string): Promise<SourceError> {
  const abs = resolve(path)
  const reason = await missingTableReason(abs)
  return new SourceError('SL_SOURCE_TABLE_NOT_FOUND', { path: abs, reason }, { path: abs })
}

async function missingTableReason(abs: string): Promise<string> {
  const [table, log] = await Promise.all([kindOf(abs), kindOf(join(abs, '_delta_log'))])
  if (table === 'missing') return 'the path does not exist'
  if (table === 'file') return 'the path is a file, not a folder'
  if (log === 'missing') return 'no _delta_log folder'
  if (log === 'file') return '_delta_log is a file, not a folder'
  return 'its _delta_log folder is there but holds no commits'
}

async function kindOf(path: string): Promise<'missing' | 'file' | 'directory'> {
  try {
    return (await fs.stat(path)).isDirectory() ? 'directory' : 'file'
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code
    if (code === 'ENOENT' || code === 'ENOTDIR') return 'missing'
    throw error
  }
}
