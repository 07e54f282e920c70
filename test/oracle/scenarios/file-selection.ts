/**
 * spark-semantics S23: which files each micro-batch reads — maxFilesPerTrigger, latestFirst,
 * maxBytesPerTrigger, Trigger.Once (ignores the limits), AvailableNow, the default trigger, and
 * names starting with `.` or `_` (never read). Files have distinct, increasing mtimes.
 */
import { defineScenarios, type InputFile } from '../support/scenario.js'

const line = (f: number, i: number) => `{"file":${f},"row":${i},"pad":"${'x'.repeat(8)}"}`
const three: InputFile[] = [1, 2, 3].map((f) => ({ name: `f${f}.json`, lines: [line(f, 0)] }))
const fiveOfVaryingSize: InputFile[] = [3, 3, 1, 2, 4].map((n, f) => ({
  name: `g${f}.json`,
  lines: Array.from({ length: n }, (_, i) => line(f, i)),
}))
const SCHEMA = 'file INT, row INT, pad STRING'

export const fileSelectionScenarios = defineScenarios(
  {
    name: 'S23 maxFilesPerTrigger=2, default trigger',
    input: { files: three },
    schema: SCHEMA,
    readOptions: { maxFilesPerTrigger: 2 },
    trigger: 'default',
  },
  {
    name: 'S23 maxFilesPerTrigger=2, latestFirst',
    input: { files: three },
    schema: SCHEMA,
    readOptions: { maxFilesPerTrigger: 2, latestFirst: true },
    trigger: 'default',
  },
  {
    name: 'S23 maxFilesPerTrigger=2, Trigger.Once reads everything in one batch',
    input: { files: three },
    schema: SCHEMA,
    readOptions: { maxFilesPerTrigger: 2 },
    trigger: 'once',
  },
  {
    name: 'S23 maxFilesPerTrigger=1, Trigger.AvailableNow',
    input: { files: three },
    schema: SCHEMA,
  },
  {
    // sizes: 3, 3, 1, 2, 4 lines of 40 bytes → b0 {g0,g1}, b1 {g2,g3}, b2 {g4}
    name: 'S23 maxBytesPerTrigger=250',
    input: { files: fiveOfVaryingSize },
    schema: SCHEMA,
    readOptions: { maxBytesPerTrigger: 250, maxFilesPerTrigger: null },
  },
  {
    name: 'S23 hidden (. and _) files are never read',
    input: {
      files: [
        { name: '.hidden.json', lines: [line(8, 0)] },
        ...three,
        { name: '_temporary.json', lines: [line(9, 0)] },
      ],
    },
    schema: SCHEMA,
  },
)
