/**
 * `streamlake bench`: a thin front door to the benchmark harness in bench/ (what `npm run bench`
 * runs). It finds the harness entry in package.json's `bench` script (`node <entry>.js`), checks
 * that it is built, and runs it in a child process with the flags passed through unchanged, so
 * the harness stays the one place that knows workloads and report formats.
 */
import { spawn } from 'node:child_process'
import { promises as fs } from 'node:fs'
import { join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import type { Command } from 'commander'
import { EngineError } from '../../errors/index.js'
import { exists } from '../inspect/require-directory.js'

/** The package root: dist/cli/commands/bench.js → ../../.. */
const PACKAGE_ROOT = resolve(fileURLToPath(new URL('../../../', import.meta.url)))
const DEFAULT_ENTRY = 'build/bench/passthrough.bench.js'

/** The harness entry named by the `bench` script (`… && node build/bench/x.js`). */
export async function benchEntry(root: string): Promise<string> {
  let script: string | undefined
  try {
    const pkg = JSON.parse(await fs.readFile(join(root, 'package.json'), 'utf8')) as {
      scripts?: Record<string, string>
    }
    script = pkg.scripts?.['bench']
  } catch {
    script = undefined
  }
  const m = /\bnode\s+(\S+\.js)/.exec(script ?? '')
  return join(root, m?.[1] ?? DEFAULT_ENTRY)
}

export function registerBench(program: Command): void {
  program
    .command('bench')
    .description(
      'run the benchmark harness (bench/, as `npm run bench`); flags are passed through to it',
    )
    .option('--engine <name>', 'streamlake, spark or both')
    .option('--workloads <list>', 'comma-separated, e.g. passthrough,tumbling,dedup')
    .option('--events <n>', 'events per workload')
    .option('--out <dir>', 'where the harness writes its report')
    .allowUnknownOption()
    .allowExcessArguments()
    .helpOption('-h, --help', 'display help (`npm run bench -- --help` lists every harness flag)')
    .action(async (_options: unknown, command: Command) => {
      const entry = await benchEntry(PACKAGE_ROOT)
      if (!(await exists(entry))) {
        throw new EngineError(
          'SL_CLI_BENCH_NOT_BUILT',
          { path: entry, root: PACKAGE_ROOT },
          { path: entry },
        )
      }
      const args = benchArgs(command)
      process.stderr.write(`streamlake bench: node ${entry} ${args.join(' ')}\n`)
      process.exitCode = await runChild(entry, args)
    })
}

/** The flags as the user gave them: the known four first (commander consumed them), then the rest. */
function benchArgs(command: Command): string[] {
  const opts = command.opts<Record<string, string | undefined>>()
  const args: string[] = []
  for (const key of ['engine', 'workloads', 'events', 'out']) {
    const value = opts[key]
    // The harness runs in the package root; a relative --out means the user's directory.
    if (value !== undefined) args.push(`--${key}`, key === 'out' ? resolve(value) : value)
  }
  return args.concat(command.args)
}

function runChild(entry: string, args: readonly string[]): Promise<number> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [entry, ...args], {
      cwd: PACKAGE_ROOT,
      stdio: 'inherit',
    })
    const forward = (signal: NodeJS.Signals): void => {
      child.kill(signal)
    }
    process.on('SIGINT', forward)
    process.on('SIGTERM', forward)
    child.on('error', reject)
    child.on('close', (code, signal) => {
      process.off('SIGINT', forward)
      process.off('SIGTERM', forward)
      resolve(code ?? (signal !== null ? 1 : 0))
    })
  })
}
