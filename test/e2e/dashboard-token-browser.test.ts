/**
 * The dashboard page in a real Chromium when the server requires a token
 * (`streamlake.ui.token`): opened once with `?token=`, the page loads, lists the session's query
 * and goes live over server-sent events, all on the cookie the server set (the page's own code
 * knows nothing of the token); a browser without the cookie gets 401, and a page served under a
 * name that is not loopback (a DNS-rebinding attack) gets 403. Needs `npm run build` (the page is
 * served from dist/dashboard).
 */
import { existsSync } from 'node:fs'
import { join } from 'node:path'
import { chromium, type Browser } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { SparkSession, type StreamingQuery } from '../../src/index.js'
import { defaultDashboardDir } from '../../src/monitor/server/dashboard-assets.js'
import type { MonitorServer } from '../../src/monitor/server/monitor-server.js'
import { MemoryStream } from '../../src/testing/index.js'
import { chromiumPath, CHROMIUM_SETUP_MS } from '../support/chromium.js'

const TOKEN = 'b3f1c0ffee0123456789abcdef'
let browser: Browser
let spark: SparkSession
let ui: MonitorServer
let query: StreamingQuery

beforeAll(async () => {
  expect(existsSync(join(defaultDashboardDir(), 'index.html')), 'run npm run build first').toBe(
    true,
  )
  const executablePath = await chromiumPath()
  spark = SparkSession.builder().getOrCreate().newSession()
  spark.conf.set('spark.ui.port', '0')
  spark.conf.set('streamlake.ui.token', TOKEN)
  ui = await spark.startUi()
  const input = new MemoryStream(spark, 'x INT')
  query = await input.toDF().writeStream.format('memory').queryName('token_query').start()
  input.addData({ x: 1 })
  await query.processAllAvailable()
  browser = await chromium.launch({
    executablePath,
    args: [
      '--no-sandbox',
      '--disable-dev-shm-usage',
      '--disable-gpu',
      '--no-first-run',
      // What a DNS-rebinding attack achieves: the attacker's name resolves to loopback.
      '--host-resolver-rules=MAP rebind.example 127.0.0.1',
    ],
  })
}, CHROMIUM_SETUP_MS)

afterAll(async () => {
  await browser?.close()
  await spark?.stop()
})

describe('dashboard with streamlake.ui.token in Chromium', () => {
  it('loads with ?token= once, then works on the cookie: query list and live events', async () => {
    const context = await browser.newContext()
    const page = await context.newPage()
    const errors: string[] = []
    page.on('pageerror', (e) => errors.push(e.message))
    const response = await page.goto(`${ui.url}/?token=${TOKEN}`)
    expect(response?.status()).toBe(200)
    expect(page.url()).toBe(`${ui.url}/`)
    await page.locator('.live[data-state="live"]').waitFor({ timeout: 15_000 })
    await expect
      .poll(async () => page.locator('[data-query-id]').allTextContents(), { timeout: 15_000 })
      .toEqual([expect.stringContaining('token_query')])
    // A reload has no token in the address: the cookie carries it.
    expect((await page.reload())?.status()).toBe(200)
    await page.locator('.live[data-state="live"]').waitFor({ timeout: 15_000 })
    expect(errors).toEqual([])
    await context.close()
  })

  it('answers a browser without the token with 401', async () => {
    const context = await browser.newContext()
    const page = await context.newPage()
    const response = await page.goto(`${ui.url}/`)
    expect(response?.status()).toBe(401)
    expect(await page.textContent('body')).toContain('SL_MONITOR_UNAUTHORIZED')
    await context.close()
  })

  it('answers a page under a rebound host name with 403, even with the token', async () => {
    const port = new URL(ui.url).port
    const context = await browser.newContext()
    const page = await context.newPage()
    const response = await page.goto(`http://rebind.example:${port}/?token=${TOKEN}`)
    expect(response?.status()).toBe(403)
    expect(await page.textContent('body')).toContain('SL_MONITOR_HOST_NOT_ALLOWED')
    const api = await page.goto(`http://rebind.example:${port}/api/queries`)
    expect(api?.status()).toBe(403)
    await context.close()
  })
})
