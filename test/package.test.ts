/**
 * The public package (STYLE.md 2.6.9): the built entry points import, the exports map is as
 * documented, runtime dependencies stay on the allow-list, dev dependencies are pinned exactly.
 */
import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'

const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as {
  exports: Record<string, unknown>
  dependencies: Record<string, string>
  devDependencies: Record<string, string>
  bin: Record<string, string>
  type: string
}

describe('package', () => {
  it('is ESM with the documented entry points and a streamlake bin', () => {
    expect(pkg.type).toBe('module')
    expect(Object.keys(pkg.exports)).toEqual(['.', './testing', './package.json'])
    expect(pkg.bin).toEqual({ streamlake: './dist/cli/main.js' })
  })

  it('keeps runtime dependencies on the allow-list, every version pinned', () => {
    const allowed = [
      '@hono/node-server',
      '@resvg/resvg-js',
      'apache-arrow',
      'commander',
      'echarts',
      'hono',
      'hyparquet',
      'hyparquet-compressors',
      'parquet-wasm',
      'prom-client',
    ]
    expect(Object.keys(pkg.dependencies).sort()).toEqual(allowed)
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
})
