/**
 * Serving the dashboard page: the built files with their content types, nothing outside the
 * folder, and a clear error when the page was never built.
 */
import { promises as fs } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { ListenerBus } from '../../../src/monitor/listener-bus.js'
import { readAsset } from '../../../src/monitor/server/dashboard-assets.js'
import { MonitorServer } from '../../../src/monitor/server/monitor-server.js'
import { tempDir } from '../../support/temp-dir.js'

describe('dashboard assets', () => {
  it('serves index.html at / and assets with their content type, never files outside', async () => {
    const dir = await tempDir()
    const root = join(dir, 'dashboard')
    await fs.mkdir(join(root, 'assets'), { recursive: true })
    await fs.writeFile(join(root, 'index.html'), '<!doctype html><title>t</title>')
    await fs.writeFile(join(root, 'assets', 'app.js'), 'export {}')
    await fs.writeFile(join(dir, 'secret.json'), '{}')
    const server = await MonitorServer.start(new ListenerBus(), { port: 0, dashboardDir: root })
    try {
      const page = await fetch(`${server.url}/`)
      expect(page.headers.get('content-type')).toBe('text/html; charset=utf-8')
      expect(await page.text()).toContain('<title>t</title>')
      const js = await fetch(`${server.url}/assets/app.js`)
      expect(js.headers.get('content-type')).toBe('text/javascript; charset=utf-8')
      expect(js.headers.get('cache-control')).toContain('immutable')
      const escape = await fetch(`${server.url}/%2e%2e/secret.json`)
      expect(escape.status).toBe(404)
      expect(await escape.json()).toMatchObject({ code: 'SL_MONITOR_NOT_FOUND' })
    } finally {
      await server.close()
    }
    expect(await readAsset(root, '/../secret.json')).toBeUndefined()
    expect(await readAsset(root, '/assets/nope.js')).toBeUndefined()
  })

  it('answers / with SL_MONITOR_DASHBOARD_NOT_BUILT when the page is missing', async () => {
    const server = await MonitorServer.start(new ListenerBus(), {
      port: 0,
      dashboardDir: join(await tempDir(), 'none'),
    })
    try {
      const res = await fetch(`${server.url}/`)
      expect(res.status).toBe(500)
      const body = (await res.json()) as { code: string; domain: string; message: string }
      expect(body).toMatchObject({ code: 'SL_MONITOR_DASHBOARD_NOT_BUILT', domain: 'internal' })
      expect(body.message).toContain('npm run build')
    } finally {
      await server.close()
    }
  })

  it('the real build holds the page and its bundled chart library', async () => {
    const { defaultDashboardDir } = await import('../../../src/monitor/server/dashboard-assets.js')
    const root = defaultDashboardDir()
    const html = await fs.readFile(join(root, 'index.html'), 'utf8')
    const scripts = [...html.matchAll(/src="(\/assets\/[^"]+\.js)"/g)].map((m) => m[1]!)
    expect(scripts.length).toBe(1)
    const js = await fs.readFile(join(root, scripts[0]!), 'utf8')
    expect(js).toContain('uplot') // uPlot's class names, bundled from node_modules
    expect(html).not.toMatch(/(src|href)=["']https?:/) // no CDN
  })
})
