/**
 * Executes a notebook headless the way a user's JupyterLab would run it: Deno's kernel from
 * scripts/notebook-env.sh (cached venv + kernel registered under .cache/notebook), run by
 * scripts/execute-notebook.py with the notebook's folder as the kernel's working directory, and
 * STREAMLAKE_NOTEBOOK_WORK pointing the notebook at a fresh temporary folder. A cell that throws
 * stops the run and fails it.
 */
import { execFile } from 'node:child_process'
import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { promisify } from 'node:util'

const run = promisify(execFile)
const REPO = fileURLToPath(new URL('../../..', import.meta.url))

export interface NotebookOutput {
  readonly output_type: 'stream' | 'execute_result' | 'display_data' | 'error'
  readonly text?: string | string[]
  readonly data?: Record<string, string | string[]>
  readonly ename?: string
  readonly evalue?: string
}

export interface NotebookCell {
  readonly cell_type: 'code' | 'markdown'
  readonly execution_count?: number | null
  readonly source: string | string[]
  readonly outputs?: NotebookOutput[]
}

export interface ExecutedNotebook {
  readonly cells: NotebookCell[]
  /** Seconds the execution took (kernel start included). */
  readonly seconds: number
}

/** The environment scripts/notebook-env.sh exports (PATH with the venv, JUPYTER_PATH, …). */
export async function notebookEnv(): Promise<NodeJS.ProcessEnv> {
  const { stdout, stderr } = await run(join(REPO, 'scripts/notebook-env.sh'), [], {
    cwd: REPO,
    timeout: 580_000,
  })
  if (stderr) process.stderr.write(stderr)
  const env: NodeJS.ProcessEnv = { ...process.env }
  for (const line of stdout.split('\n')) {
    const m = /^export (\w+)='([^']*)'(:"\$PATH")?$/.exec(line)
    if (!m) continue
    env[m[1]!] = m[3] ? `${m[2]}:${process.env['PATH'] ?? ''}` : m[2]
  }
  return env
}

export async function executeNotebook(
  notebook: string,
  outDir: string,
  workDir: string,
): Promise<ExecutedNotebook> {
  const env = { ...(await notebookEnv()), STREAMLAKE_NOTEBOOK_WORK: workDir }
  const started = Date.now()
  try {
    // Not `jupyter nbconvert --execute`: nbclient drops the outputs Deno's kernel sends after
    // reporting a cell idle (scripts/execute-notebook.py says more).
    await run(
      'python',
      [
        join(REPO, 'scripts/execute-notebook.py'),
        join(REPO, notebook),
        join(outDir, 'executed.ipynb'),
        '--timeout',
        '300',
      ],
      { env, cwd: REPO, timeout: 400_000, maxBuffer: 64 * 1024 * 1024 },
    )
  } catch (error) {
    const e = error as { stderr?: string; message: string }
    throw new Error(`the notebook failed to execute:\n${e.stderr ?? e.message}`)
  }
  const seconds = (Date.now() - started) / 1000
  const nb = JSON.parse(await readFile(join(outDir, 'executed.ipynb'), 'utf8')) as {
    cells: NotebookCell[]
  }
  return { cells: nb.cells, seconds }
}

export const text = (v: string | string[] | undefined): string =>
  Array.isArray(v) ? v.join('') : (v ?? '')

/** The `{"section": …}` facts the notebook shows (one display each), by section. */
export function facts(nb: ExecutedNotebook): Map<string, Record<string, unknown>> {
  const out = new Map<string, Record<string, unknown>>()
  for (const cell of nb.cells)
    for (const o of cell.outputs ?? []) {
      if (o.output_type !== 'display_data') continue
      const line = text(o.data?.['text/plain'])
      if (!line.startsWith('{"section":')) continue
      const fact = JSON.parse(line) as Record<string, unknown>
      out.set(fact['section'] as string, fact)
    }
  return out
}
