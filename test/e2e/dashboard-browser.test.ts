/**
 * The dashboard in a real browser (Debian's chromium driven by playwright-core): the built CLI
 * runs `streamlake demo` with a fast generator, the page loads, lists the demo's queries, its
 * charts get data points, and the numbers move between two screenshots. Also checks the scripted
 * contract: `GET /api/queries` and `GET /metrics` of the demo, and a clean stop on SIGINT.
 */
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process'
import { existsSync } from 'node:fs'
import { join } from 'node:path'
import { chromium, type Browser } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { CLI } from '../support/run-cli.js'
import { tempDir } from '../support/temp-dir.js'

const CHROMIUM = process.env['STREAMLAKE_CHROMIUM'] ?? '/usr/bin/chromium'
const QUERIES = ['passthrough', 'tumbling', 'dedup']
const NAMES = ['raw_events', 'tumbling', 'dedup']

let demo: ChildProcessWithoutNullStreams
let stdout = ''
let url: string
let browser: Browser
let dir: string

async function until<T>(
  what: string,
  probe: () => Promise<T | undefined>,
  ms = 30_000,
): Promise<T> {
  const end = Date.now() + ms
  for (;;) {
    const v = await probe().catch(() => undefined)
    if (v !== undefined) return v
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}; demo output:\n${stdout}`)
    await new Promise((r) => setTimeout(r, 200))
  }
}

interface ApiQuery {
  id: string
  name: string
  status: string
  lastProgress: { batchId: number } | null
}

beforeAll(async () => {
  if (!existsSync(CHROMIUM))
    throw new Error(
      `Chromium is missing at ${CHROMIUM}: install it (apt-get install -y chromium) or set STREAMLAKE_CHROMIUM.`,
    )
  dir = await tempDir()
  demo = spawn(
    process.execPath,
    [
      CLI,
      'demo',
      ...['--input', join(dir, 'input'), '--data', join(dir, 'data')],
      ...['--checkpoints', join(dir, 'checkpoints'), '--port', '0'],
      ...['--interval', '400ms', '--events-per-batch', '20', '--duration', '90s'],
      ...['--queries', QUERIES.join(',')],
    ],
    { stdio: ['pipe', 'pipe', 'pipe'] },
  )
  demo.stdout.on('data', (d: Buffer) => (stdout += d.toString()))
  demo.stderr.on('data', (d: Buffer) => (stdout += d.toString()))
  url = await until(
    'the dashboard address',
    async () => /dashboard\s+(http:\/\/\S+)/.exec(stdout)?.[1],
  )
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--no-sandbox',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-default-apps',
      '--disable-sync',
      '--no-first-run',
      '--disable-dev-shm-usage',
      '--disable-gpu',
    ],
  })
})

afterAll(async () => {
  await browser?.close()
  if (demo && demo.exitCode === null) demo.kill('SIGKILL')
})

describe('dashboard in Chromium', () => {
  it('serves the scripted contract: /api/queries with id, name, status, lastProgress; /metrics', async () => {
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/)
    const queries = await until('a batch of every demo query', async () => {
      const list = (await (await fetch(`${url}/api/queries`)).json()) as ApiQuery[]
      return list.length === NAMES.length && list.every((q) => q.lastProgress !== null)
        ? list
        : undefined
    })
    expect(queries.map((q) => q.name).sort()).toEqual([...NAMES].sort())
    for (const q of queries) {
      expect(q.status).toBe('active')
      expect(q.id).toMatch(/^[0-9a-f-]{36}$/)
    }
    const metrics = await (await fetch(`${url}/metrics`)).text()
    for (const name of NAMES) expect(metrics).toContain(`query_name="${name}"`)
    expect(metrics).toMatch(
      /streamlake_query_input_rows_total\{[^}]*query_name="raw_events"\} [1-9]/,
    )
  })

  it('lists the queries, draws charts with data points, and updates live', async () => {
    const page = await browser.newPage({ viewport: { width: 1400, height: 1000 } })
    const errors: string[] = []
    page.on('pageerror', (e) => errors.push(e.message))
    await page.goto(url)
    await page.locator('.live[data-state="live"]').waitFor({ timeout: 15_000 })
    await expect
      .poll(async () => page.locator('[data-query-id]').allTextContents(), { timeout: 15_000 })
      .toEqual(expect.arrayContaining(NAMES.map((n) => expect.stringContaining(n) as unknown)))
    await page.locator('[data-query-id]', { hasText: 'tumbling' }).click()
    await expect.poll(() => page.locator('#q-name').textContent()).toBe('tumbling')
    // uPlot drew canvases, and the charts hold points.
    for (const chart of ['rates', 'durations', 'eventTime', 'state', 'rows']) {
      const el = page.locator(`[data-chart="${chart}"] .chart`)
      await expect.poll(() => el.getAttribute('data-points'), { timeout: 15_000 }).not.toBe('0')
      expect(Number(await el.getAttribute('data-points')), chart).toBeGreaterThan(0)
      expect(await el.locator('canvas').count(), chart).toBeGreaterThan(0)
    }
    await expect.poll(() => page.locator('#table-history tbody tr').count()).toBeGreaterThan(0)
    const batch = page.locator('[data-kpi="batch"] .kpi-value')
    const first = Number(await batch.textContent())
    const shot1 = await page.screenshot({ path: join(dir, 'dashboard-1.png') })
    await expect
      .poll(async () => Number(await batch.textContent()), { timeout: 20_000 })
      .toBeGreaterThan(first)
    const points = Number(
      await page.locator('[data-chart="rows"] .chart').getAttribute('data-points'),
    )
    const shot2 = await page.screenshot({ path: join(dir, 'dashboard-2.png') })
    expect(shot2.equals(shot1)).toBe(false)
    expect(points).toBeGreaterThan(1)
    expect(await page.locator('#progress-json').textContent()).toContain('"name": "tumbling"')
    expect(errors).toEqual([])
    await page.close()
  })

  it('stops cleanly on SIGINT and reports the events written', async () => {
    const exit = new Promise<number | null>((resolve) => demo.on('close', (code) => resolve(code)))
    demo.kill('SIGINT')
    expect(await exit).toBe(0)
    expect(stdout).toMatch(/stopped: .* holds \d+ events/)
  })
})
