import { defineMessages } from './catalogue-entry.js'

export const API_MESSAGES = defineMessages({
  SL_API_INVALID_ARGUMENT: {
    domain: 'user',
    retryable: false,
    template: 'Invalid argument <argument> to <function> (got <value>). <hint>',
  },
  SL_API_INVALID_OPTION: {
    domain: 'user',
    retryable: false,
    template: 'Option <option> <problem> (got <value>). <hint>',
  },
  SL_API_INVALID_SCHEMA: {
    domain: 'user',
    retryable: false,
    template: 'Invalid schema <source>: <problem>. <hint>',
  },
})
