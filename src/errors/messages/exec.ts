import { defineMessages } from './catalogue-entry.js'

export const EXEC_MESSAGES = defineMessages({
  SL_EXEC_DIVIDE_BY_ZERO: {
    domain: 'user',
    retryable: false,
    template:
      'Division by zero in <expression>. Spark 4 runs with ANSI mode on, so this fails the query; guard the divisor with when(...) or filter the rows first.',
  },
  SL_EXEC_QUERY_FAILED: {
    domain: 'user',
    retryable: false,
    template: 'Query <query> failed in batch <batch>: <message>',
  },
  SL_EXEC_QUERY_NOT_ACTIVE: {
    domain: 'user',
    retryable: false,
    template: 'Query <query> is not active (<state>). <hint>',
  },
})
