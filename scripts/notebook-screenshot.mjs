// Screenshots an nbconvert HTML page of the executed notebook (see notebook-screenshot.sh):
// the whole notebook, plus close-ups of the windows comparison and the progress chart. Requests
// that leave the machine (nbconvert's page links MathJax and fonts from a CDN) are refused so
// the page renders offline and at once.
import { chromium } from 'playwright-core'
import { pathToFileURL } from 'node:url'

const [executablePath, html, outDir] = process.argv.slice(2)
const browser = await chromium.launch({ executablePath, args: ['--no-sandbox'] })
try {
  const page = await browser.newPage({ viewport: { width: 1100, height: 900 } })
  await page.route(/^https?:/, (route) => route.abort())
  await page.goto(pathToFileURL(html).href, { waitUntil: 'load' })
  await page.screenshot({ path: `${outDir}/streaming_demo.png`, fullPage: true })
  // One cell by a phrase of its source: its input and outputs together.
  const cell = (phrase) => page.locator('.jp-Cell', { hasText: phrase }).last()
  await cell('Side by side for one event type').screenshot({ path: `${outDir}/windows.png` })
  await cell('lateDataPath')
    .first()
    .screenshot({ path: `${outDir}/late-data.png` })
  await cell('progressChart(tumblingHistory').screenshot({ path: `${outDir}/progress-chart.png` })
  console.log(`screenshots in ${outDir}`)
} finally {
  await browser.close()
}
