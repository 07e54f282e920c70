/**
 * The layering of STYLE.md 2.1 as eslint.config.js enforces it: each case lints one import in a
 * file of the folder that must not make it. A flat config keeps only the last matching setting of
 * a rule, which once left delta's engine ban silently replaced by the general "no cli" block.
 */
import { ESLint } from 'eslint'
import { describe, expect, it } from 'vitest'

const eslint = new ESLint({ cwd: new URL('..', import.meta.url).pathname })

/** The no-restricted-imports messages for `source` linted as the file `filePath`. */
async function restricted(filePath: string, source: string): Promise<string[]> {
  const [result] = await eslint.lintText(`${source}\nexport const used = imported\n`, { filePath })
  return result!.messages.filter((m) => m.ruleId === 'no-restricted-imports').map((m) => m.message)
}

describe('import boundaries', () => {
  it.each([
    [
      'src/internal/format-table.ts',
      "import { castValue as imported } from '../exec/expr/cast-value.js'",
    ],
    [
      'src/internal/time/interval.ts',
      "import { compilePlan as imported } from '../../exec/compile-plan.js'",
    ],
    ['src/internal/format-table.ts', "import { DeltaLog as imported } from '../delta/index.js'"],
    [
      'src/delta/table-properties.ts',
      "import { castValue as imported } from '../exec/expr/cast-value.js'",
    ],
    [
      'src/delta/table-properties.ts',
      "import { DataFrame as imported } from '../api/dataframe.js'",
    ],
    [
      'src/delta/table-properties.ts',
      "import { durationFlag as imported } from '../cli/options.js'",
    ],
    ['src/exec/compile-plan.ts', "import { durationFlag as imported } from '../cli/options.js'"],
    [
      'src/plan/analyzer.ts',
      "import { planToRelation as imported } from '../connect/plan-to-relation.js'",
    ],
    [
      'src/connect/plan-to-relation.ts',
      "import { compilePlan as imported } from '../exec/compile-plan.js'",
    ],
  ])('%s may not %s', async (file, source) => {
    expect(await restricted(file, source)).toHaveLength(1)
  })

  it.each([
    [
      'src/internal/format-table.ts',
      "import { castToString as imported } from './cast-to-string.js'",
    ],
    [
      'src/delta/table-properties.ts',
      "import { tryParseInterval as imported } from '../internal/time/interval.js'",
    ],
    ['src/cli/trigger-flag.ts', "import { durationFlag as imported } from './options.js'"],
  ])('%s may %s', async (file, source) => {
    expect(await restricted(file, source)).toEqual([])
  })
})
