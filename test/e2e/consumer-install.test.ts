/**
 * What a user gets from `npm install streamlake`: the packed tarball installed into an empty
 * project. No install-script warning from our package, a LICENSE, at most 40 MB of node_modules
 * (the chart libraries of the PNG report are optional peers, not installed), the API imports by
 * name, and `demo --report` says which packages to add instead of failing mid-run.
 * Uses the dist/ that `npm test` built; npm's cache (filled by `npm ci`) serves the dependencies.
 */
import { execFile } from 'node:child_process'
import { existsSync, promises as fs } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { promisify } from 'node:util'
import { beforeAll, describe, expect, it } from 'vitest'
import { tempDir } from '../support/temp-dir.js'

const run = promisify(execFile)
const ROOT = fileURLToPath(new URL('../..', import.meta.url))
const MAX_INSTALL_BYTES = 40 * 1024 * 1024

let project: string
let installOutput: string

async function du(dir: string): Promise<number> {
  let total = 0
  for (const entry of await fs.readdir(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name)
    if (entry.isDirectory()) total += await du(path)
    else if (entry.isFile()) total += (await fs.stat(path)).size
  }
  return total
}

beforeAll(async () => {
  const dir = await tempDir()
  // --ignore-scripts: dist/ is already built; prepack would rebuild it.
  const { stdout } = await run('npm', ['pack', '--ignore-scripts', '--pack-destination', dir], {
    cwd: ROOT,
  })
  const tarball = join(dir, stdout.trim().split('\n').at(-1)!)
  project = join(dir, 'consumer')
  await fs.mkdir(project)
  await fs.writeFile(
    join(project, 'package.json'),
    JSON.stringify({ name: 'consumer', version: '1.0.0', private: true, type: 'module' }),
  )
  const r = await run(
    'npm',
    ['install', '--prefer-offline', '--no-audit', '--no-fund', '--loglevel', 'warn', tarball],
    { cwd: project, maxBuffer: 16 * 1024 * 1024 },
  )
  installOutput = r.stdout + r.stderr
}, 180_000)

describe('npm install streamlake (the packed tarball)', () => {
  it('installs without any npm warning, with its LICENSE', async () => {
    expect(installOutput).not.toMatch(/streamlake@[\d.]+ \(/)
    // Nor from our dependencies (an engine range above our Node floor, an install script).
    expect(installOutput).not.toMatch(/npm warn/i)
    const pkg = join(project, 'node_modules', 'streamlake')
    expect(await fs.readFile(join(pkg, 'LICENSE'), 'utf8')).toContain('Apache License')
  })

  it('stays at or under 40 MB, without the optional chart libraries', async () => {
    const modules = join(project, 'node_modules')
    expect(existsSync(join(modules, 'echarts'))).toBe(false)
    expect(existsSync(join(modules, '@resvg', 'resvg-js'))).toBe(false)
    const bytes = await du(modules)
    expect(bytes, `${(bytes / 2 ** 20).toFixed(1)} MiB`).toBeLessThanOrEqual(MAX_INSTALL_BYTES)
  })

  it('imports by package name and runs a query', async () => {
    const script = `
      import { SparkSession, EVENT_SCHEMA_DDL } from 'streamlake'
      import { SEED_APPS } from 'streamlake/apps'
      const spark = SparkSession.builder().getOrCreate()
      const n = await spark.createDataFrame([{ a: 1 }, { a: 2 }], 'a INT').count()
      console.log(JSON.stringify({ n, ddl: typeof EVENT_SCHEMA_DDL, apps: Object.keys(SEED_APPS).length }))
      await spark.stop()`
    const { stdout } = await run(process.execPath, ['--input-type=module', '-e', script], {
      cwd: project,
    })
    expect(JSON.parse(stdout)).toEqual({ n: 2, ddl: 'string', apps: 7 })
  })

  it('demo --report names the packages to install before anything runs', async () => {
    const bin = join(project, 'node_modules', '.bin', 'streamlake')
    const error = await run(bin, ['demo', '--report', join(project, 'report'), '--port', '0'], {
      cwd: project,
    }).then(
      () => undefined,
      (e: { code: number; stderr: string }) => e,
    )
    expect(error?.code).not.toBe(0)
    expect(error?.stderr).toContain('SL_MONITOR_REPORT_DEPENDENCY_MISSING')
    expect(error?.stderr).toContain('npm install echarts@6.1.0 @resvg/resvg-js@2.6.2')
    expect(existsSync(join(project, 'checkpoints'))).toBe(false)
    expect(existsSync(join(project, 'input'))).toBe(false)
  })
})
