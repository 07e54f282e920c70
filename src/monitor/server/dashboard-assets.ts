/**
 * The built dashboard page (`dist/dashboard/`, made by `npm run build` with Vite from
 * `dashboard/`) and how it is served: fixed content types, no directory listing, no path that
 * leaves the folder.
 */
import { existsSync, promises as fs } from 'node:fs'
import { dirname, extname, join, normalize, sep } from 'node:path'
import { fileURLToPath } from 'node:url'

const CONTENT_TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.json': 'application/json',
  '.map': 'application/json',
}

/** `<package root>/dist/dashboard`, found from this module's own location (src/ or dist/). */
export function defaultDashboardDir(): string {
  let dir = dirname(fileURLToPath(import.meta.url))
  while (!existsSync(join(dir, 'package.json'))) {
    const parent = dirname(dir)
    if (parent === dir) break
    dir = parent
  }
  return join(dir, 'dist', 'dashboard')
}

/** A file of the dashboard, or undefined when `urlPath` is not one. */
export async function readAsset(
  root: string,
  urlPath: string,
): Promise<{ body: Buffer; contentType: string } | undefined> {
  const relative = urlPath === '/' || urlPath === '' ? 'index.html' : urlPath.replace(/^\/+/, '')
  let decoded: string
  try {
    decoded = decodeURIComponent(relative)
  } catch {
    return undefined // bad percent-encoding names no file (the request guard answers 400 first)
  }
  const full = normalize(join(root, decoded))
  if (full !== root && !full.startsWith(root + sep)) return undefined
  const contentType = CONTENT_TYPES[extname(full)]
  if (contentType === undefined) return undefined
  try {
    return { body: await fs.readFile(full), contentType }
  } catch {
    return undefined
  }
}
