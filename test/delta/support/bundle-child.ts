import { execFileSync } from 'node:child_process'
import { mkdir, mkdtemp } from 'node:fs/promises'
import path from 'node:path'
import { build } from 'esbuild'

const REPO = path.resolve(__dirname, '../../..')
const PACKAGES = ['apache-arrow', 'parquet-wasm', 'hyparquet', 'hyparquet-compressors']

/**
 * Bundles a TypeScript entry into a temp .mjs that plain `node` can run (Node 20 cannot strip
 * types). Dependencies stay external, rewritten to the URLs Node's ESM resolver gives them from
 * the repository.
 */
export async function bundleForNode(entry: string): Promise<string> {
  const script = `for (const p of ${JSON.stringify(PACKAGES)}) console.log(import.meta.resolve(p))`
  const urls = execFileSync(process.execPath, ['--input-type=module', '-e', script], {
    cwd: REPO,
    encoding: 'utf8',
  })
    .trim()
    .split('\n')
  const resolved = new Map(PACKAGES.map((p, i) => [p, urls[i]!]))
  // Inside the repository (git-ignored .cache/), so that bare imports the list above does not
  // name (a new dependency, a package subpath) still resolve through its node_modules.
  const parent = path.join(REPO, '.cache', 'test-children')
  await mkdir(parent, { recursive: true })
  const outfile = path.join(await mkdtemp(path.join(parent, 'sl-child-')), 'child.mjs')
  await build({
    entryPoints: [entry],
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    outfile,
    logLevel: 'silent',
    plugins: [
      {
        name: 'external-deps',
        setup(b) {
          b.onResolve({ filter: /^[^./]/ }, (args) => {
            const url = resolved.get(args.path)
            return url ? { path: url, external: true } : { path: args.path, external: true }
          })
        },
      },
    ],
  })
  return outfile
}
