/**
 * `streamlake bench` delegates to the harness named by package.json's `bench` script. The
 * tests run a copy of the built CLI inside a throw-away package (dist copied, node_modules
 * linked) whose `bench` script names a tiny harness that echoes its arguments, and one whose
 * harness is not built.
 */
import { spawn } from 'node:child_process'
import { promises as fs } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { beforeAll, describe, expect, it } from 'vitest'
import { tempDir } from '../support/temp-dir.js'

const REPO = fileURLToPath(new URL('../../', import.meta.url))

async function fakePackage(benchScript: string): Promise<string> {
  const root = await tempDir('streamlake-bench-')
  await fs.cp(join(REPO, 'dist'), join(root, 'dist'), { recursive: true })
  await fs.symlink(join(REPO, 'node_modules'), join(root, 'node_modules'))
  await fs.writeFile(
    join(root, 'package.json'),
    JSON.stringify({ name: 'streamlake', type: 'module', scripts: { bench: benchScript } }),
  )
  return root
}

function run(
  root: string,
  args: readonly string[],
  cwd: string,
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [join(root, 'dist', 'cli', 'main.js'), ...args], {
      cwd,
      stdio: ['ignore', 'pipe', 'pipe'],
    })
    let stdout = ''
    let stderr = ''
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()))
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()))
    child.on('error', reject)
    child.on('close', (code) => resolve({ code, stdout, stderr }))
  })
}

let built: string
let unbuilt: string

beforeAll(async () => {
  built = await fakePackage('tsc -p tsconfig.bench.json && node build/bench/harness.js')
  await fs.mkdir(join(built, 'build', 'bench'), { recursive: true })
  await fs.writeFile(
    join(built, 'build', 'bench', 'harness.js'),
    'process.stdout.write(JSON.stringify({ cwd: process.cwd(), args: process.argv.slice(2) }))\n' +
      'process.exitCode = process.argv.includes("--fail") ? 3 : 0\n',
  )
  unbuilt = await fakePackage('tsc -p tsconfig.bench.json && node build/bench/main.js')
}, 30_000)

describe('streamlake bench', () => {
  it('runs the harness from the package root with the flags passed through', async () => {
    const cwd = await tempDir()
    const r = await run(
      built,
      ['bench', '--engine', 'streamlake', '--events', '1000', '--out', 'res', '--runs', '2'],
      cwd,
    )
    expect(r.code).toBe(0)
    const seen = JSON.parse(r.stdout) as { cwd: string; args: string[] }
    expect(seen.cwd).toBe(built)
    // A relative --out is the caller's directory, not the package root.
    expect(seen.args).toEqual([
      '--engine',
      'streamlake',
      '--events',
      '1000',
      '--out',
      join(cwd, 'res'),
      '--runs',
      '2',
    ])
  })

  it("exits with the harness's exit code", async () => {
    const r = await run(built, ['bench', '--fail'], built)
    expect(r.code).toBe(3)
  })

  it('exits 2 with what to run when the harness is not built', async () => {
    const r = await run(unbuilt, ['bench'], unbuilt)
    expect(r.code).toBe(2)
    const entry = join(unbuilt, 'build', 'bench', 'main.js')
    expect(r.stderr).toContain(
      `error [SL_CLI_BENCH_NOT_BUILT]: The benchmark harness is not built: ${entry} does not exist.`,
    )
    expect(r.stderr).toContain('run `npm run bench` once')
  })
})
