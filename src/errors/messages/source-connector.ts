import { defineMessages } from './catalogue-entry.js'

/** Source codes of the connectors and their factory (the parsers' codes are in source.ts). */
export const SOURCE_CONNECTOR_MESSAGES = defineMessages({
  SL_SOURCE_FILE_UNREADABLE: {
    domain: 'external',
    retryable: true,
    template:
      'Cannot read the input file <path>: <problem>. Check that it exists and is readable; it was admitted into a batch and must stay until the batch is committed.',
  },
  SL_SOURCE_LOG_ENTRY_MISSING: {
    domain: 'user',
    retryable: false,
    template:
      'The source log entry <entry> is missing from <path>. The checkpoint is incomplete; restore it or use a new checkpointLocation.',
  },
  SL_SOURCE_PATH_NOT_FOUND: {
    domain: 'user',
    retryable: false,
    template:
      'The input path <path> does not exist or is not a directory. Create it (streamlake generate --out <path> writes events there) or fix the path given to load().',
  },
  SL_SOURCE_PATH_REQUIRED: {
    domain: 'user',
    retryable: false,
    template: 'The <format> source needs a path. Pass it to load("<dir>").',
  },
  SL_SOURCE_SCHEMA_REQUIRED: {
    domain: 'user',
    retryable: false,
    template:
      'A streaming <format> source needs a schema (reading <path>), as in Spark. Call .schema("event_id STRING, timestamp TIMESTAMP, ...") on readStream before load().',
  },
  SL_SOURCE_TABLE_NOT_FOUND: {
    domain: 'user',
    retryable: false,
    template:
      'There is no Delta table at <path> (<reason>). Check the path; a streaming query creates its table when its first batch commits.',
  },
  SL_SOURCE_UNKNOWN_FORMAT: {
    domain: 'user',
    retryable: false,
    template: 'Unknown source format <format>. Supported formats: <known>.',
  },
})
