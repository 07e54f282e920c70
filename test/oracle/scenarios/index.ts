/**
 * Every differential scenario; `stateless.spark.ts` runs them. To add one: write a file here
 * exporting `defineScenarios(...)` (PySpark query as an expression string, or a function in
 * oracle/scenarios/<file>.py) and add it to this list.
 */
import type { Scenario } from '../support/scenario.js'
import { csvSourceScenarios } from './csv-source.js'
import { parquetSourceScenarios } from './parquet-source.js'
import { fileSelectionScenarios } from './file-selection.js'
import { functionScenarios } from './functions.js'
import { jsonInputEncodingScenarios } from './json-input-encoding.js'
import { jsonParseModeScenarios } from './json-parse-modes.js'
import { passthroughScenarios } from './passthrough.js'
import { seedStatefulScenarios } from './seed-stateful.js'
import { workedScenarios } from './worked-scenarios.js'
import { pushdownScenarios } from './filter-pushdown.js'
import { seedJoinScenarios } from './seed-join.js'
import { edgeCaseScenarios } from './edge-cases.js'
import { filterPushdownScenarios, statelessQueryScenarios } from './stateless-query.js'

export const STATELESS_SCENARIOS: readonly Scenario[] = [
  ...passthroughScenarios,
  ...statelessQueryScenarios,
  ...filterPushdownScenarios,
  ...jsonParseModeScenarios,
  ...jsonInputEncodingScenarios,
  ...fileSelectionScenarios,
  ...seedStatefulScenarios,
  ...workedScenarios,
  ...pushdownScenarios,
  ...seedJoinScenarios,
  ...functionScenarios,
  ...edgeCaseScenarios,
  ...csvSourceScenarios,
  ...parquetSourceScenarios,
]
