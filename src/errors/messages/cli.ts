import { defineMessages } from './catalogue-entry.js'

export const CLI_MESSAGES = defineMessages({
  SL_CLI_BENCH_NOT_BUILT: {
    domain: 'user',
    retryable: false,
    template:
      'The benchmark harness is not built: <path> does not exist. It is compiled from bench/ in a source checkout: run `npm run bench` once (or `npx tsc -p tsconfig.bench.json`) in <root>, then retry.',
  },
  SL_CLI_INVALID_FLAG: {
    domain: 'user',
    retryable: false,
    template: 'Flag <flag> <problem> (got <value>). Example: <example>',
  },
  SL_CLI_MISSING_FLAG: {
    domain: 'user',
    retryable: false,
    template: 'Flag <flag> is required: <why>. Example: <example>',
  },
  SL_CLI_NOT_A_CHECKPOINT: {
    domain: 'user',
    retryable: false,
    template:
      "The directory <path> is not a query checkpoint: <reason>. Pass one query's checkpoint directory (it holds metadata, offsets/ and commits/), e.g. ./checkpoints/tumbling; `streamlake status --checkpoints <root>` lists the queries under a root.",
  },
  SL_CLI_NOT_A_DIRECTORY: {
    domain: 'user',
    retryable: false,
    template: 'The <what> <path> is a file, not a directory. <hint>',
  },
  SL_CLI_OUTPUT_DIR_UNUSABLE: {
    domain: 'user',
    retryable: false,
    template:
      'Output directory <path> cannot be used: <reason>. Pass a writable directory path (it is created if missing), e.g. --out ./data/events.',
  },
  SL_CLI_OUTPUT_FILE_EXISTS: {
    domain: 'external',
    retryable: true,
    template:
      'Batch file <path> already exists although it was free when the run started: another process is writing batches into the same directory. Give each generator its own output directory.',
  },
  SL_CLI_PATH_NOT_FOUND: {
    domain: 'user',
    retryable: false,
    template: 'The <what> <path> does not exist. <hint>',
  },
})
