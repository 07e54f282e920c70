export {
  AnalysisError,
  CheckpointError,
  DeltaConflictError,
  EngineError,
  InternalError,
  MultipleErrors,
  SinkError,
  SourceError,
  asEngineError,
  formatMessage,
  type EngineErrorOptions,
  type ErrorContext,
  type ErrorDomain,
} from './engine-error.js'
export { ERROR_CATALOGUE, type ErrorCode } from './messages.js'
