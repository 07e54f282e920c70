import { defineMessages } from './catalogue-entry.js'

export const INTERNAL_MESSAGES = defineMessages({
  SL_INTERNAL_INVARIANT: {
    domain: 'internal',
    retryable: false,
    template:
      'Internal invariant violated: <message>. This is a bug in streamlake; please report it.',
  },
  SL_INTERNAL_UNEXPECTED: {
    domain: 'internal',
    retryable: false,
    template: 'Unexpected error: <message>. This is a bug in streamlake; please report it.',
  },
})
