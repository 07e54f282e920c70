import type { TriggerSetting } from '../api/data-stream-writer.js'

/** Where a seed app reads and writes, and how it is triggered (the `streamlake run` flags). */
export interface SeedAppOptions {
  readonly input: string
  readonly data: string
  readonly checkpoints: string
  readonly trigger?: TriggerSetting
  readonly maxFilesPerTrigger?: number
}
