/**
 * The dashboard in a real browser (Debian's chromium driven by playwright-core): the built CLI
 * runs `streamlake demo` with a fast generator, the page loads, lists the demo's queries, its
 * charts get data points, and the numbers move between two screenshots. Also checks the scripted
 * contract: `GET /api/queries` and `GET /metrics` of the demo, and a clean stop on SIGINT.
 */
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process'
import { join } from 'node:path'
import { chromium, type Browser } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { chromiumPath, CHROMIUM_SETUP_MS } from '../support/chromium.js'
import { CLI } from '../support/run-cli.js'
import { tempDir } from '../support/temp-dir.js'

const QUERIES = ['passthrough', 'tumbling', 'dedup', 'watermark']
const NAMES = ['raw_events', 'tumbling', 'dedup', 'watermark']

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
  // Found or installed before the demo starts, so the demo's clock is not spent on apt-get.
  const executablePath = await chromiumPath()
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
    executablePath,
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
}, CHROMIUM_SETUP_MS)

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

    // The headline rate is arrival: 20 events every 400 ms is 50 rows/s (not Spark's rows per
    // gap since the previous trigger, which a no-data batch just before makes much larger).
    expect(await page.locator('[data-kpi="input-rate"] .kpi-label').textContent()).toBe(
      'Arrival rate',
    )
    await expect
      .poll(async () =>
        Number(await page.locator('[data-kpi="input-rate"] .kpi-value').textContent()),
      )
      .toBeGreaterThan(20)
    expect(
      Number(await page.locator('[data-kpi="input-rate"] .kpi-value').textContent()),
    ).toBeLessThan(120)

    // The "Input rows" tile and the query list count the same rows (this run's).
    const rowCounts = async (): Promise<[string | null, string | undefined]> => [
      await page.locator('[data-kpi="input-rows"] .kpi-value').textContent(),
      /· (\S+) rows in ·/.exec(
        (await page.locator('.query-item.selected .qi-sub').textContent()) ?? '',
      )?.[1],
    ]
    await expect
      .poll(async () => {
        const [tile, list] = await rowCounts()
        return tile !== null && tile === list
      })
      .toBe(true)

    // After a no-data batch the legend still shows the last rates, not "–".
    const rates = page.locator('[data-chart="rates"] .chart')
    const legend = await until('a no-data batch as the newest point', async () => {
      if ((await rates.getAttribute('data-last-batch-rows')) !== '0') return undefined
      const values = await rates.locator('.u-legend .u-series .u-value').allTextContents()
      return (await rates.getAttribute('data-last-batch-rows')) === '0' ? values : undefined
    })
    expect(legend.slice(1)).not.toContain('–')
    expect(legend[1]).toMatch(/rows\/s$/)

    // The watermark query drops the demo's lateness tail: the tile and the chart show it.
    await page.locator('[data-query-id]', { hasText: 'watermark' }).click()
    await expect.poll(() => page.locator('#q-name').textContent()).toBe('watermark')
    await expect
      .poll(async () => Number(await page.locator('[data-kpi="late"] .kpi-value').textContent()), {
        timeout: 30_000,
      })
      .toBeGreaterThan(0)
    expect(errors).toEqual([])
    await page.close()
  })

  it('stops cleanly on SIGINT and reports the events written', async () => {
    const exit = new Promise<number | null>((resolve) => demo.on('close', (code) => resolve(code)))
    demo.kill('SIGINT')
    expect(await exit).toBe(0)
    expect(stdout).toMatch(/stopped: the generator wrote \d+ events/)
    expect(stdout).toMatch(/raw_events: .* holds \d+ rows/)
  })
})
