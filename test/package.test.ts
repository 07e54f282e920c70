/**
 * The public package (STYLE.md 2.6.9): the built entry points import, the exports map is as
 * documented, runtime dependencies stay on the allow-list, dev dependencies are pinned exactly.
 */
import { execFileSync, spawnSync } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'

const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as {
  exports: Record<string, unknown>
  dependencies: Record<string, string>
  devDependencies: Record<string, string>
  peerDependenciesMeta: Record<string, unknown>
  bin: Record<string, string>
  type: string
}

describe('package', () => {
  it('is ESM with the documented entry points and a streamlake bin', () => {
    expect(pkg.type).toBe('module')
    expect(Object.keys(pkg.exports)).toEqual(['.', './testing', './apps', './package.json'])
    expect(pkg.bin).toEqual({ streamlake: './dist/cli/main.js' })
  })

  it('keeps runtime dependencies on the allow-list, every version pinned', () => {
    const allowed = [
      // Spark Connect (src/connect): gRPC over node:http2 without @grpc/grpc-js, whose protobufjs
      // dependency runs an install script in every consumer's install.
      '@bufbuild/protobuf',
      '@connectrpc/connect',
      '@connectrpc/connect-node',
      '@hono/node-server',
      'apache-arrow',
      'commander',
      'hono',
      'hyparquet',
      'hyparquet-compressors',
      'parquet-wasm',
      'prom-client',
    ]
    expect(Object.keys(pkg.dependencies).sort()).toEqual(allowed)
    // The PNG report's chart libraries (~70 MB) are optional peers: never installed for users.
    // So is the Kafka client: only Kafka users install it (its helpers declare Node >= 22.19 and
    // would make npm warn in every Node 20 install).
    expect(pkg.peerDependenciesMeta).toEqual({
      '@platformatic/kafka': { optional: true },
      '@resvg/resvg-js': { optional: true },
      echarts: { optional: true },
    })
    for (const v of [...Object.values(pkg.dependencies), ...Object.values(pkg.devDependencies)])
      expect(v).toMatch(/^\d+\.\d+\.\d+$/)
  })

  it('the built entry points load and export the public API', async () => {
    const main = (await import(new URL('../dist/index.js', import.meta.url).href)) as Record<
      string,
      unknown
    >
    for (const name of [
      'SparkSession',
      'DataFrame',
      'col',
      'lit',
      'EngineError',
      'DataTypes',
      'parseDdlSchema',
      'generateEvents',
      'Timestamp',
    ]) {
      expect(main[name], name).toBeDefined()
    }
    const testing = (await import(
      new URL('../dist/testing/index.js', import.meta.url).href
    )) as Record<string, unknown>
    for (const name of ['MemoryStream', 'ManualClock', 'testStream', 'addData', 'checkAnswer'])
      expect(testing[name], name).toBeDefined()
  })

  it('an embedded session loads neither the Spark Connect client nor the dashboard server', () => {
    // Both are loaded on first use (a remote action, startUi()): the gRPC client, its generated
    // code and the HTTP/Prometheus stack were most of the package's import time and memory.
    const hooks = `export async function load(url, context, next) {
      if (url.includes('node_modules') || url.includes('/dist/')) process.stderr.write('loaded ' + url + '\\n')
      return next(url, context)
    }`
    const script = `
      import { register } from 'node:module'
      register('data:text/javascript,' + encodeURIComponent(${JSON.stringify(hooks)}))
      const { SparkSession, col } = await import('streamlake')
      const spark = SparkSession.builder().appName('lazy').getOrCreate()
      const df = spark.createDataFrame([{ id: 1 }], 'id INT').filter(col('id').gt(0))
      console.log(await df.count())`
    const run = spawnSync(process.execPath, ['--input-type=module', '-e', script], {
      cwd: fileURLToPath(new URL('..', import.meta.url)),
      encoding: 'utf8',
    })
    expect(run.status, run.stderr).toBe(0)
    expect(run.stdout.trim()).toBe('1')
    const loaded = run.stderr.split('\n').filter((l) => l.startsWith('loaded '))
    // The hook sees the package's own modules, so an empty list cannot pass by accident.
    expect(loaded.some((l) => l.includes('/dist/api/session.js'))).toBe(true)
    const heavy = loaded.filter((l) =>
      /\/dist\/connect\/(?!connection-string)|\/dist\/monitor\/server\/|node_modules\/(@connectrpc|@bufbuild|hono|@hono|prom-client)\//.test(
        l,
      ),
    )
    expect(heavy).toEqual([])
  })

  it('the seed apps and EVENT_SCHEMA_DDL import by package name, as their docs show', () => {
    // A package importing itself by name goes through its exports map, as a consumer does.
    const script = `
      import { EVENT_SCHEMA_DDL } from 'streamlake'
      import * as apps from 'streamlake/apps'
      console.log(JSON.stringify({
        ddl: EVENT_SCHEMA_DDL,
        appsDdl: apps.EVENT_SCHEMA_DDL,
        seedApps: Object.keys(apps.SEED_APPS),
        functions: Object.keys(apps).filter((k) => typeof apps[k] === 'function').sort(),
      }))`
    const out = JSON.parse(
      execFileSync(process.execPath, ['--input-type=module', '-e', script], {
        cwd: fileURLToPath(new URL('..', import.meta.url)),
        encoding: 'utf8',
      }),
    ) as { ddl: unknown; appsDdl: unknown; seedApps: string[]; functions: string[] }
    // src/apps/event-schema.ts's @example and the generator's event fields.
    expect(out.ddl).toMatch(/^event_id STRING NOT NULL, timestamp TIMESTAMP, user_id INT,/)
    expect(out.appsDdl).toBe(out.ddl)
    // The seven apps of docs/apps/README.md, in its order.
    expect(out.seedApps).toEqual([
      'passthrough',
      'tumbling',
      'sliding',
      'watermark',
      'dedup',
      'join',
      'sessions',
    ])
    expect(out.functions).toEqual([
      'startDedup',
      'startJoin',
      'startPassthrough',
      'startSeedApp',
      'startSessions',
      'startSliding',
      'startTumbling',
      'startWatermark',
    ])
  })
})
