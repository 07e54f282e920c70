/**
 * The message catalogue: code → domain, retryable flag and a What/Why/How template with `<param>`
 * placeholders. Codes are `SL_<AREA>_<PROBLEM>`, unique, sorted within each area file, and never
 * renamed after a release (a unit test enforces this). Each area keeps its own file so that work
 * on one area never touches another's entries.
 */
import { API_MESSAGES } from './messages/api.js'
import { CLI_MESSAGES } from './messages/cli.js'
import { CONNECT_MESSAGES } from './messages/connect.js'
import { DELTA_MESSAGES } from './messages/delta.js'
import { EXEC_MESSAGES } from './messages/exec.js'
import { FILE_SYSTEM_MESSAGES } from './messages/file-system.js'
import { INTERNAL_MESSAGES } from './messages/internal.js'
import { KAFKA_MESSAGES } from './messages/kafka.js'
import { KAFKA_SINK_MESSAGES } from './messages/kafka-sink.js'
import { MONITOR_MESSAGES } from './messages/monitor.js'
import { PLAN_ANALYSIS_MESSAGES } from './messages/plan-analysis.js'
import { PLAN_MESSAGES } from './messages/plan.js'
import { SINK_MESSAGES } from './messages/sink.js'
import { SOURCE_CONNECTOR_MESSAGES } from './messages/source-connector.js'
import { SOURCE_MESSAGES } from './messages/source.js'
import { STATE_MESSAGES } from './messages/state.js'
import { STATE_STORE_MESSAGES } from './messages/state-store.js'

export const ERROR_CATALOGUE = {
  ...API_MESSAGES,
  ...CLI_MESSAGES,
  ...CONNECT_MESSAGES,
  ...DELTA_MESSAGES,
  ...EXEC_MESSAGES,
  ...FILE_SYSTEM_MESSAGES,
  ...INTERNAL_MESSAGES,
  ...KAFKA_MESSAGES,
  ...KAFKA_SINK_MESSAGES,
  ...MONITOR_MESSAGES,
  ...PLAN_MESSAGES,
  ...PLAN_ANALYSIS_MESSAGES,
  ...SINK_MESSAGES,
  ...SOURCE_MESSAGES,
  ...SOURCE_CONNECTOR_MESSAGES,
  ...STATE_MESSAGES,
  ...STATE_STORE_MESSAGES,
} as const

/** Every error code streamlake can throw. */
export type ErrorCode = keyof typeof ERROR_CATALOGUE
