#!/usr/bin/env bash
# Regenerates docs/notebook/*.png: executes notebooks/streaming_demo.ipynb headless (as
# `npm run test:notebook` does: scripts/execute-notebook.py, in a temporary folder), renders the
# executed notebook to HTML with nbconvert, and screenshots it in headless Chromium
# (scripts/chromium-env.sh finds or installs it; playwright-core drives it).
# Usage: npm run build && scripts/notebook-screenshot.sh
set -euo pipefail
cd "$(dirname "$0")/.."
eval "$(scripts/notebook-env.sh)"
CHROMIUM=$(scripts/chromium-env.sh)
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
STREAMLAKE_NOTEBOOK_WORK="$TMP/work" python scripts/execute-notebook.py \
  notebooks/streaming_demo.ipynb "$TMP/executed.ipynb"
jupyter nbconvert --to html --output-dir "$TMP" --output executed.html "$TMP/executed.ipynb"
mkdir -p docs/notebook
# The whole notebook, plus close-ups of three cells. Requests leaving the machine (the page links
# MathJax and fonts from a CDN) are refused so that it renders offline and at once.
node --input-type=module - "$CHROMIUM" "$TMP/executed.html" docs/notebook <<'JS'
import { chromium } from 'playwright-core'
import { pathToFileURL } from 'node:url'

const [executablePath, html, outDir] = process.argv.slice(-3)
const browser = await chromium.launch({ executablePath, args: ['--no-sandbox'] })
try {
  const page = await browser.newPage({ viewport: { width: 1100, height: 900 } })
  await page.route(/^https?:/, (route) => route.abort())
  await page.goto(pathToFileURL(html).href, { waitUntil: 'load' })
  await page.screenshot({ path: `${outDir}/streaming_demo.png`, fullPage: true })
  // One cell by a phrase of its source: its input and outputs together.
  const cell = (phrase) => page.locator('.jp-Cell', { hasText: phrase }).last()
  await cell('Side by side for one event type').screenshot({ path: `${outDir}/windows.png` })
  await cell("'watermarked_aggregates', { lateDataPath").screenshot({ path: `${outDir}/late-data.png` })
  await cell('progressChart(tumblingHistory').screenshot({ path: `${outDir}/progress-chart.png` })
  console.log(`screenshots in ${outDir}`)
} finally {
  await browser.close()
}
JS
