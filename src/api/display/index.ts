/**
 * Rich display for notebooks: DataFrames and streaming queries render themselves as HTML in
 * Deno's Jupyter kernel, progress renders as an inline SVG chart, and `display()` falls back to
 * text in a terminal.
 */
export { display, inJupyter, isDisplayable, JUPYTER_DISPLAY } from './jupyter-display.js'
export type { Displayable, MimeBundle } from './jupyter-display.js'
export { progressChart, type ProgressChart, type ProgressChartOptions } from './progress-chart.js'
export { queryBundle } from './query-summary.js'
export { tableHtml } from './table-html.js'
