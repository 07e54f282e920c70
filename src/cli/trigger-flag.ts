/** The `--trigger` flag: `available-now`, `once`, `default` or `processing-time:<duration>`. */
import type { TriggerSetting } from '../api/data-stream-writer.js'
import { durationFlag, invalidFlag } from './options.js'

/** Parsed trigger; `undefined` means Spark's default trigger (as soon as possible). */
export type TriggerFlag = TriggerSetting | 'default'

export function parseTriggerFlag(raw: string, flag: string): TriggerFlag {
  if (raw === 'available-now') return { availableNow: true }
  if (raw === 'once') return { once: true }
  if (raw === 'default') return 'default'
  const m = /^processing-time:(.+)$/.exec(raw)
  if (m) return { processingTime: durationFlag('--trigger processing-time:5s')(m[1]!, flag) }
  throw invalidFlag(
    flag,
    raw,
    'must be available-now, once, default or processing-time:<duration>',
    '--trigger processing-time:5s',
  )
}
