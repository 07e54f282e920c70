/**
 * How a DataFrame displays itself: a batch DataFrame runs and shows its first rows (HTML table in
 * a notebook, `show()`'s ASCII table as text); a streaming one cannot run on its own, so it shows
 * its schema and says how to start it.
 */
import type { DataFrame } from '../dataframe.js'
import { treeString } from '../dataframe.js'
import { formatTable } from '../../internal/format-table.js'
import { escapeHtml } from './html-escape.js'
import type { MimeBundle } from './jupyter-display.js'
import { tableHtml } from './table-html.js'

/** Rows a displayed DataFrame shows, as `show()`. */
export const DISPLAY_ROWS = 20

export async function dataFrameBundle(df: DataFrame, n = DISPLAY_ROWS): Promise<MimeBundle> {
  if (df.isStreaming) {
    const tree = treeString(await df.resolveSchema())
    const note = 'streaming DataFrame: start it with .writeStream…start() to see rows'
    return {
      'text/plain': `${note}\n${tree}`,
      'text/html': `<p>${escapeHtml(note)}</p><pre>${escapeHtml(tree)}</pre>`,
    }
  }
  const { schema, rows } = await df.collectRows()
  const tz = df.sparkSession.conf.timeZone
  const shown = rows.slice(0, n)
  let text = formatTable(schema, shown, tz)
  if (rows.length > n) text += `only showing top ${n} row${n === 1 ? '' : 's'}\n`
  return { 'text/plain': text, 'text/html': tableHtml(schema, shown, tz, rows.length) }
}
