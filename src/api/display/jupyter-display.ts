/**
 * The Jupyter rich-display protocol as Deno's kernel speaks it: an object with a method under
 * `Symbol.for('Jupyter.display')` returning a MIME bundle is rendered by the notebook — as a
 * cell's last expression or through `Deno.jupyter.display(obj)`. The kernel awaits the method,
 * so a DataFrame can run its batch plan there. Nothing here depends on Deno: in Node the symbol is
 * just an unused method, and {@link display} prints the bundle's `text/plain` instead.
 */

import type { StreamingQuery } from '../streaming-query.js'
import { queryBundle } from './query-summary.js'
import { isRecordList, recordsBundle } from './records-bundle.js'

/**
 * The key Deno's Jupyter kernel looks up on a displayed object; give your own objects a method
 * under it to render them in a notebook.
 *
 * @example
 * ```ts
 * import { JUPYTER_DISPLAY, type MimeBundle } from 'streamlake'
 * const badge = {
 *   [JUPYTER_DISPLAY]: (): MimeBundle => ({ 'text/plain': 'ok', 'text/html': '<b>ok</b>' }),
 * }
 * ```
 */
export const JUPYTER_DISPLAY: unique symbol = Symbol.for('Jupyter.display') as never

/**
 * What a displayable object gives the notebook: MIME type → content. `text/plain` is the
 * terminal fallback and what a notebook shows where HTML/SVG is not trusted.
 */
export interface MimeBundle {
  readonly 'text/plain': string
  readonly 'text/html'?: string
  readonly 'image/svg+xml'?: string
  readonly 'application/json'?: unknown
}

/** An object that renders itself in a notebook. */
export interface Displayable {
  [JUPYTER_DISPLAY](): MimeBundle | Promise<MimeBundle>
}

export function isDisplayable(value: unknown): value is Displayable {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as Partial<Displayable>)[JUPYTER_DISPLAY] === 'function'
  )
}

/** The part of Deno's global the kernel adds; absent outside `deno jupyter`. */
interface DenoJupyterGlobal {
  readonly Deno?: { readonly jupyter?: { display(obj: unknown): Promise<void> } }
}

/** True inside Deno's Jupyter kernel (where `Deno.jupyter` exists). */
export function inJupyter(): boolean {
  try {
    return typeof (globalThis as DenoJupyterGlobal).Deno?.jupyter?.display === 'function'
  } catch {
    // Outside `deno jupyter`, reading Deno.jupyter throws in some Deno versions.
    return false
  }
}

/**
 * Shows a DataFrame, a streaming query, a progress chart or any {@link Displayable}: as rich
 * output in a Jupyter notebook run by Deno's kernel, as text on stdout anywhere else (a terminal,
 * a script, Node). An array of plain objects (e.g. `await df.collect()`) shows as a table; other
 * values as JSON.
 *
 * @example
 * ```ts
 * import { SparkSession, display } from 'streamlake'
 * const spark = SparkSession.builder().getOrCreate()
 * await display(spark.read.format('delta').load('./data/tumbling_aggregates'))
 * ```
 */
export async function display(value: unknown): Promise<void> {
  const bundle: MimeBundle = isDisplayable(value)
    ? await value[JUPYTER_DISPLAY]()
    : isStreamingQuery(value)
      ? queryBundle(value) // a query without the display method (a Spark Connect one)
      : isRecordList(value)
        ? recordsBundle(value)
        : { 'text/plain': jsonText(value) }
  if (inJupyter()) {
    const raw = { [JUPYTER_DISPLAY]: () => bundle }
    await (globalThis as DenoJupyterGlobal).Deno!.jupyter!.display(raw)
    return
  }
  const text = bundle['text/plain']
  process.stdout.write(text.endsWith('\n') ? text : `${text}\n`)
}

function isStreamingQuery(value: unknown): value is StreamingQuery {
  const q = value as Partial<StreamingQuery> | null
  return (
    typeof q === 'object' &&
    q !== null &&
    typeof q.id === 'string' &&
    typeof q.runId === 'string' &&
    Array.isArray(q.recentProgress) &&
    typeof q.exception === 'function'
  )
}

function jsonText(value: unknown): string {
  if (typeof value === 'string') return value
  return JSON.stringify(value, null, 2) ?? String(value)
}
