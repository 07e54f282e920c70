import { defineMessages } from './catalogue-entry.js'

export const EXEC_MESSAGES = defineMessages({
  SL_EXEC_DIVIDE_BY_ZERO: {
    domain: 'user',
    retryable: false,
    template:
      'Division by zero in <expression>. Spark 4 runs with ANSI mode on, so this fails the query; guard the divisor with when(...) or filter the rows first.',
  },
})
