import { defineMessages } from './catalogue-entry.js'

/** Codes of the analyzer and the streaming-plan checks (interval and zone codes are in plan.ts). */
export const PLAN_ANALYSIS_MESSAGES = defineMessages({
  SL_PLAN_AMBIGUOUS_COLUMN: {
    domain: 'user',
    retryable: false,
    template:
      'Column <name> in the join condition exists on both sides, so it is ambiguous. Say which side you mean with left.col("<name>") or right.col("<name>").',
  },
  SL_PLAN_AMBIGUOUS_REFERENCE: {
    domain: 'user',
    retryable: false,
    template:
      'Column <name> is ambiguous: the input has <count> columns named <name> (a join of two DataFrames that both have one). Take it from one side with that DataFrame\'s col (left.col("<name>")), rename it on one side before the join (other.withColumnRenamed("<name>", "other_<name>")), or join on the column name (join(other, "<name>")) so that it appears once.',
  },
  SL_PLAN_INVALID_WINDOW: {
    domain: 'user',
    retryable: false,
    template:
      'Invalid <window>: <problem>. Example: window("timestamp", "10 minutes", "5 minutes").',
  },
  SL_PLAN_NOT_AN_AGGREGATE: {
    domain: 'user',
    retryable: false,
    template: '<expression> is not an aggregate function, so it cannot be used in agg(). <hint>',
  },
  SL_PLAN_SCHEMA_UNRESOLVED: {
    domain: 'user',
    retryable: false,
    template: 'The schema of <source> is not known yet. <hint>',
  },
  SL_PLAN_STREAMING_ACTION: {
    domain: 'user',
    retryable: false,
    template:
      '<action>() cannot run on a streaming DataFrame: queries with streaming sources must be executed with writeStream.start(). Use writeStream with a memory or foreachBatch sink to look at the rows.',
  },
  SL_PLAN_STREAM_JOIN_UNSUPPORTED: {
    domain: 'user',
    retryable: false,
    template: 'Stream-stream <joinType> join is not supported <reason>. <hint>',
  },
  SL_PLAN_TYPE_MISMATCH: {
    domain: 'user',
    retryable: false,
    template: 'Type mismatch in <expression>: expected <expected>, got <actual>. <hint>',
  },
  SL_PLAN_UNION_COLUMN_COUNT: {
    domain: 'user',
    retryable: false,
    template:
      'union needs the same number of columns on every side: the first has <first>, side <index> has <count>. <hint>',
  },
  SL_PLAN_UNION_MISSING_COLUMN: {
    domain: 'user',
    retryable: false,
    template:
      'unionByName: column <name> of the first side is missing on the other side (its columns: <columns>). Add it there, or pass { allowMissingColumns: true } to fill it with nulls.',
  },
  SL_PLAN_UNION_TYPE_MISMATCH: {
    domain: 'user',
    retryable: false,
    template:
      'union cannot combine column <column> (position <position>): <first> on the first side, <other> on side <index>. Cast one side so both have compatible types.',
  },
  SL_PLAN_UNKNOWN_FUNCTION: {
    domain: 'user',
    retryable: false,
    template: 'Unknown function <name>. Known functions: <known>.',
  },
  SL_PLAN_UNRESOLVED_COLUMN: {
    domain: 'user',
    retryable: false,
    template:
      'Column <name> does not exist. Available columns: <columns>. Check the spelling (names are case-sensitive).',
  },
  SL_PLAN_UNSUPPORTED_OPERATION: {
    domain: 'user',
    retryable: false,
    template: 'Unsupported operation: <operation>. <hint>',
  },
  SL_PLAN_UNSUPPORTED_OUTPUT_MODE: {
    domain: 'user',
    retryable: false,
    template: '<mode> output mode is not supported for <reason>. <hint>',
  },
  SL_PLAN_WATERMARK_REQUIRED: {
    domain: 'user',
    retryable: false,
    template: '<operation> needs a watermark on its input, as in Spark. <hint>',
  },
  SL_PLAN_WRONG_ARGUMENT_COUNT: {
    domain: 'user',
    retryable: false,
    template:
      'Function <name> takes <expected> argument(s) but got <count>. Check the call against the function reference.',
  },
})
