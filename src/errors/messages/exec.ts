import { defineMessages } from './catalogue-entry.js'

export const EXEC_MESSAGES = defineMessages({
  SL_EXEC_ARITHMETIC_OVERFLOW: {
    domain: 'user',
    retryable: false,
    template:
      'The <type> result of <expression> is past the range of <type>. Spark 4 runs with ANSI mode on, so this fails the query (Spark: ARITHMETIC_OVERFLOW); cast the operands to a wider type (bigint, or double if an approximate result will do) before the arithmetic, filter the rows first, or set spark.sql.ansi.enabled=false to wrap around as Spark does without ANSI mode.',
  },
  SL_EXEC_CAST_INVALID_INPUT: {
    domain: 'user',
    retryable: false,
    template:
      'The value <value> of type <from> cannot be cast to <to> because it is malformed. Spark 4 runs with ANSI mode on, so a cast fails the query here instead of giving null (Spark: CAST_INVALID_INPUT); correct or filter the value first (e.g. keep the rows where col.rlike(...) matches), or keep the column a string.',
  },
  SL_EXEC_CAST_OVERFLOW: {
    domain: 'user',
    retryable: false,
    template:
      'The value <value> of type <from> cannot be cast to <to> due to an overflow (it is outside the range of <to>, or not a number). Spark 4 runs with ANSI mode on, so this fails the query (Spark: CAST_OVERFLOW); cast to a wider type (bigint, double or a decimal), or filter the rows first.',
  },
  SL_EXEC_DECIMAL_OVERFLOW: {
    domain: 'user',
    retryable: false,
    template:
      'The result of <expression> is <value>, which does not fit <type> (its integer digits exceed the precision; decimals hold 38 digits at most). Spark 4 runs with ANSI mode on, so this fails the query (Spark: NUMERIC_VALUE_OUT_OF_RANGE, ARITHMETIC_OVERFLOW for sum); cast the operands to a decimal with fewer fraction digits (more room for integer digits), or to double if an approximate result will do.',
  },
  SL_EXEC_DIVIDE_BY_ZERO: {
    domain: 'user',
    retryable: false,
    template:
      'Division by zero in <expression>. Spark 4 runs with ANSI mode on, so this fails the query; guard the divisor with when(...) or filter the rows first.',
  },
})
