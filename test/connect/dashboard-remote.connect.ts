/**
 * The dashboard shows a remote query's live progress (#15 "Done when"): a session on the Spark
 * Connect server starts a query, `spark.startUi()` serves the dashboard in this process, and a
 * real Chromium (scripts/chromium-env.sh, playwright-core) sees the query listed with its batch
 * count growing and its input rows, fed by the server's listener-bus events. `/api/queries` and
 * `/metrics` list it too. The sink is Parquet, not Delta: this test is about the events, and a
 * file sink keeps every Spark batch short.
 */
import { randomUUID } from 'node:crypto'
import { promises as fs } from 'node:fs'
import { join } from 'node:path'
import { chromium, type Browser } from 'playwright-core'
import { afterAll, beforeAll, expect, inject, it } from 'vitest'
import { SparkSession } from '../../src/api/session.js'
import type { StreamingQuery } from '../../src/api/streaming-query.js'
import { chromiumPath, CHROMIUM_SETUP_MS } from '../support/chromium.js'
import { tempDir } from '../support/temp-dir.js'

let browser: Browser
let spark: SparkSession
let query: StreamingQuery
let feeder: NodeJS.Timeout | undefined
let root: string

beforeAll(async () => {
  const executablePath = await chromiumPath()
  root = await tempDir('streamlake-connect-dashboard-')
  browser = await chromium.launch({
    executablePath,
    args: ['--no-sandbox', '--disable-dev-shm-usage', '--disable-gpu', '--no-first-run'],
  })
}, CHROMIUM_SETUP_MS)

afterAll(async () => {
  clearInterval(feeder)
  await spark?.stop()
  await browser?.close()
})

async function addFile(n: number): Promise<void> {
  const dir = join(root, 'in')
  await fs.mkdir(dir, { recursive: true })
  const rows = Array.from({ length: 5 }, (_, i) => JSON.stringify({ n, i })).join('\n')
  await fs.writeFile(join(dir, `.f${n}.tmp`), `${rows}\n`)
  await fs.rename(join(dir, `.f${n}.tmp`), join(dir, `f${n}.json`))
}

it('shows a remote query with live progress in the browser', async () => {
  spark = SparkSession.builder()
    .remote(`${inject('sparkConnectUrl')}/;session_id=${randomUUID()}`)
    .config('spark.ui.port', 0)
    .getOrCreate()
  const ui = await spark.startUi()
  await addFile(0)
  query = await spark.readStream
    .format('json')
    .schema('n INT, i INT')
    .load(join(root, 'in'))
    .writeStream.format('parquet')
    .queryName('remote_dash')
    .option('checkpointLocation', join(root, 'cp'))
    .trigger({ processingTime: '1 second' })
    .start(join(root, 'out'))
  let n = 0
  feeder = setInterval(() => void addFile(++n).catch(() => undefined), 2000)

  const page = await browser.newPage({ viewport: { width: 1400, height: 1000 } })
  const errors: string[] = []
  page.on('pageerror', (e) => errors.push(e.message))
  await page.goto(ui.url)
  await page.locator('.live[data-state="live"]').waitFor({ timeout: 15_000 })
  const item = page.locator('[data-query-id]', { hasText: 'remote_dash' })
  await item.waitFor({ timeout: 30_000 })
  expect(await item.getAttribute('data-query-id')).toBe(query.id)
  await item.click()
  await expect.poll(() => page.locator('#q-name').textContent()).toBe('remote_dash')

  const batch = page.locator('[data-kpi="batch"] .kpi-value')
  const batchNumber = async (): Promise<number> => Number(await batch.textContent())
  await expect.poll(batchNumber, { timeout: 60_000 }).toBeGreaterThanOrEqual(0)
  const first = await batchNumber()
  await expect.poll(batchNumber, { timeout: 60_000 }).toBeGreaterThan(first)
  await expect
    .poll(
      async () =>
        Number(
          ((await page.locator('[data-kpi="input-rows"] .kpi-value').textContent()) ?? '').replace(
            /,/g,
            '',
          ),
        ),
      { timeout: 30_000 },
    )
    .toBeGreaterThanOrEqual(5)
  expect(await page.locator('#progress-json').textContent()).toContain('"name": "remote_dash"')

  const api = (await (await fetch(`${ui.url}/api/queries`)).json()) as {
    id: string
    name: string
    status: string
    lastProgress: { batchId: number } | null
  }[]
  const listed = api.find((q) => q.id === query.id)
  expect(listed).toMatchObject({ name: 'remote_dash', status: 'active' })
  expect(listed?.lastProgress?.batchId).toBeGreaterThan(0)
  const metrics = await (await fetch(`${ui.url}/metrics`)).text()
  expect(metrics).toMatch(
    /streamlake_query_input_rows_total\{[^}]*query_name="remote_dash"\} [1-9]/,
  )
  expect(errors).toEqual([])
  await page.close()

  clearInterval(feeder)
  await query.stop()
  expect(query.isActive).toBe(false)
})
