/** Spawns the built CLI (`dist/cli/main.js`) and collects its exit status and output. */
import { spawn, type ChildProcessByStdio } from 'node:child_process'
import type { Readable } from 'node:stream'
import { fileURLToPath } from 'node:url'

export const CLI = fileURLToPath(new URL('../../dist/cli/main.js', import.meta.url))

export interface CliResult {
  readonly code: number | null
  readonly signal: NodeJS.Signals | null
  readonly stdout: string
  readonly stderr: string
}

export function runCli(
  args: readonly string[],
  options: {
    env?: Record<string, string>
    cwd?: string
    killAfterMs?: number
    timeoutMs?: number
  } = {},
): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CLI, ...args], {
      cwd: options.cwd,
      env: { ...process.env, ...options.env },
      stdio: ['ignore', 'pipe', 'pipe'],
    })
    let stdout = ''
    let stderr = ''
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()))
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()))
    const killer =
      options.killAfterMs === undefined
        ? undefined
        : setTimeout(() => child.kill('SIGKILL'), options.killAfterMs)
    const timeout = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 60_000)
    child.on('error', reject)
    child.on('close', (code, signal) => {
      clearTimeout(killer)
      clearTimeout(timeout)
      resolve({ code, signal, stdout, stderr })
    })
  })
}

/** The folders and trigger of `streamlake run <app>`. */
export interface RunAppOptions {
  readonly input: string
  readonly data: string
  readonly checkpoints: string
  /** Default `available-now`. */
  readonly trigger?: string
  readonly maxFilesPerTrigger?: number
  readonly quiet?: boolean
}

/** The arguments of `streamlake run <app>`, flags in the order the docs give them. */
export function runAppArgs(app: string, o: RunAppOptions): string[] {
  return [
    'run',
    app,
    '--input',
    o.input,
    '--data',
    o.data,
    '--checkpoints',
    o.checkpoints,
    '--trigger',
    o.trigger ?? 'available-now',
    ...(o.maxFilesPerTrigger === undefined
      ? []
      : ['--max-files-per-trigger', String(o.maxFilesPerTrigger)]),
    ...(o.quiet === true ? ['--quiet'] : []),
  ]
}

/** A CLI process left running (a processing-time query) for a test to observe and stop. */
export interface RunningCli {
  readonly child: ChildProcessByStdio<null, Readable, Readable>
  /** The exit code, once the process has closed. */
  readonly closed: Promise<number | null>
  /** Resolves once the process has printed `text` on stdout (rejects if it closes first). */
  readonly printed: (text: string) => Promise<void>
}

export function startCli(args: readonly string[]): RunningCli {
  const child = spawn(process.execPath, [CLI, ...args], { stdio: ['ignore', 'pipe', 'pipe'] })
  let stdout = ''
  child.stdout.on('data', (d: Buffer) => (stdout += d.toString()))
  child.stderr.resume()
  const closed = new Promise<number | null>((resolve) => child.on('close', resolve))
  const printed = (text: string): Promise<void> =>
    new Promise((resolve, reject) => {
      const check = (): void => {
        if (!stdout.includes(text)) return
        child.stdout.off('data', check)
        resolve()
      }
      child.stdout.on('data', check)
      check()
      void closed.then(() => reject(new Error(`the CLI closed without printing ${text}`)))
    })
  return { child, closed, printed }
}
