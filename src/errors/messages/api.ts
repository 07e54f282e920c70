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
  SL_API_SORT_ORDER_OUTSIDE_SORT: {
    domain: 'user',
    retryable: false,
    template:
      '<expression> is a sort order (made by <method>()): only orderBy and sort take one, and it was given to <usage>. ' +
      "Spark's analyzer lets it through there and the query then fails with INTERNAL_ERROR 'Cannot evaluate expression'. " +
      'Use the column without .<method>() here, and pass the sort order to df.orderBy(…).',
  },
  SL_API_UNKNOWN_OPTION: {
    domain: 'user',
    retryable: false,
    template:
      'Option <option> is not an option of the <format> writer (it knows <known>). Remove it or check its spelling; options are case-sensitive.',
  },
  SL_API_WRITE_STREAMING_DATAFRAME: {
    domain: 'user',
    retryable: false,
    template:
      "'write' can not be called on a streaming DataFrame: it reads an unbounded source. Use df.writeStream to start a streaming query, or read the source with spark.read for a batch write.",
  },
})
