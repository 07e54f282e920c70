import { defineMessages } from './catalogue-entry.js'

export const CLI_MESSAGES = defineMessages({
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
})
