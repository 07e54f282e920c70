/**
 * streamlake: Spark Structured Streaming in TypeScript. The public surface is exactly what this
 * file (and `streamlake/testing`, `streamlake/apps`) exports.
 * @module
 */
export { Column, type ColumnOrValue } from './api/column.js'
export { DataFrame, treeString } from './api/dataframe.js'
export { DataFrameReader } from './api/data-frame-reader.js'
export { DataFrameWriter } from './api/data-frame-writer.js'
export { DataStreamReader } from './api/data-stream-reader.js'
export { DeltaMergeBuilder, type MergeAssignments } from './api/delta-merge-builder.js'
export { DeltaOptimizeBuilder } from './api/delta-optimize-builder.js'
export { DeltaTable } from './api/delta-table.js'
export {
  display,
  JUPYTER_DISPLAY,
  progressChart,
  type Displayable,
  type MimeBundle,
  type ProgressChart,
  type ProgressChartOptions,
} from './api/display/index.js'
export {
  DataStreamWriter,
  type ForeachBatchFunction,
  type TriggerSetting,
} from './api/data-stream-writer.js'
export {
  abs,
  asc,
  CaseWhen,
  coalesce,
  col,
  column,
  current_date,
  current_timestamp,
  date_format,
  desc,
  from_json,
  lit,
  lower,
  struct,
  to_json,
  to_timestamp,
  upper,
  when,
  window_time,
} from './api/functions.js'
export {
  approx_count_distinct,
  avg,
  collect_list,
  collect_set,
  count,
  first,
  last,
  max,
  mean,
  min,
  session_window,
  sum,
  window,
} from './api/aggregate-functions.js'
export { GroupedData } from './api/grouped-data.js'
export type { RowObject } from './api/row-conversion.js'
export { RuntimeConfig } from './api/runtime-config.js'
export { SparkSession, SparkSessionBuilder } from './api/session.js'
export type { StreamingQuery } from './api/streaming-query.js'
export {
  StreamingQueryManager,
  type StreamingQueryListener,
} from './api/streaming-query-manager.js'
export { Timestamp } from './api/timestamp.js'
export { Decimal } from './types/decimal-value.js'
export { EVENT_SCHEMA_DDL } from './apps/event-schema.js'
export {
  AnalysisError,
  CheckpointError,
  DeltaConflictError,
  EngineError,
  ERROR_CATALOGUE,
  InternalError,
  MultipleErrors,
  SinkError,
  SourceError,
  type ErrorCode,
  type ErrorDomain,
} from './errors/index.js'
export { generateEvents, type GeneratorOptions, type GeneratorResult } from './generator/index.js'
export type {
  QueryIdleEvent,
  QueryProgressEvent,
  QueryStartedEvent,
  QueryTerminatedEvent,
} from './monitor/events.js'
export { readProgressLog } from './monitor/progress-log.js'
export type { MonitorServer } from './monitor/server/monitor-server.js'
export {
  prettyJson,
  type SinkProgress,
  type SourceProgress,
  type StateOperatorProgress,
  type StreamingQueryProgress,
  type StreamingQueryStatus,
} from './monitor/progress.js'
export {
  DataTypes,
  parseDdlSchema,
  schemaFromJson,
  schemaToJson,
  simpleString,
  structField,
  structType,
  type ArrayType,
  type AtomicType,
  type DataType,
  type DecimalType,
  type MapType,
  type StructField,
  type StructType,
} from './types/index.js'
