/**
 * CAST(CAST(text AS from) AS to) cases both oracle cast tests run (ansi-casts.spark.ts under ANSI
 * mode, ansi-mode.spark.ts with it on and off): integral narrowing, fractional and decimal to
 * integral with NaN and infinities, decimals past their precision, and strings that are not
 * numbers, booleans, dates or timestamps.
 */
export interface CastCase {
  from: string
  value: string | null
  to: string
}

export const CASES: CastCase[] = [
  { from: 'BIGINT', value: '2147483647', to: 'INT' },
  { from: 'BIGINT', value: '2147483648', to: 'INT' },
  { from: 'BIGINT', value: '-2147483649', to: 'INT' },
  { from: 'INT', value: '32768', to: 'SMALLINT' },
  { from: 'INT', value: '-129', to: 'TINYINT' },
  { from: 'DOUBLE', value: '3e10', to: 'INT' },
  { from: 'DOUBLE', value: '2147483647.9', to: 'INT' },
  { from: 'DOUBLE', value: '-2147483648.9', to: 'INT' },
  { from: 'DOUBLE', value: 'NaN', to: 'INT' },
  { from: 'DOUBLE', value: 'Infinity', to: 'BIGINT' },
  { from: 'DOUBLE', value: '9.3e18', to: 'BIGINT' },
  { from: 'DOUBLE', value: '-1.5', to: 'BIGINT' },
  { from: 'DOUBLE', value: '1e40', to: 'FLOAT' },
  { from: 'DECIMAL(11,1)', value: '9999999999.5', to: 'INT' },
  { from: 'DECIMAL(11,1)', value: '-12.7', to: 'INT' },
  { from: 'INT', value: '12345', to: 'DECIMAL(3,0)' },
  { from: 'DOUBLE', value: '123.456', to: 'DECIMAL(4,2)' },
  { from: 'STRING', value: '9999999999', to: 'INT' },
  { from: 'STRING', value: '9223372036854775808', to: 'BIGINT' },
  { from: 'STRING', value: 'abc', to: 'INT' },
  { from: 'STRING', value: ' 42 ', to: 'INT' },
  { from: 'STRING', value: '1.9', to: 'INT' },
  { from: 'STRING', value: '-1.9', to: 'BIGINT' },
  { from: 'STRING', value: '1e3', to: 'INT' },
  { from: 'STRING', value: '', to: 'INT' },
  { from: 'STRING', value: '0x10', to: 'INT' },
  { from: 'STRING', value: '300', to: 'TINYINT' },
  { from: 'STRING', value: 'abc', to: 'DOUBLE' },
  { from: 'STRING', value: '1e3', to: 'DOUBLE' },
  { from: 'STRING', value: 'Infinity', to: 'DOUBLE' },
  { from: 'STRING', value: '-inf', to: 'DOUBLE' },
  { from: 'STRING', value: '1.5d', to: 'DOUBLE' },
  { from: 'STRING', value: '12.5x', to: 'DECIMAL(10,2)' },
  { from: 'STRING', value: '123456', to: 'DECIMAL(4,1)' },
  { from: 'STRING', value: 'maybe', to: 'BOOLEAN' },
  { from: 'STRING', value: 'yes', to: 'BOOLEAN' },
  { from: 'STRING', value: '2026-13-45', to: 'DATE' },
  { from: 'STRING', value: 'nope', to: 'TIMESTAMP' },
  { from: 'STRING', value: '2026-01-02 03:04:05', to: 'TIMESTAMP' },
  { from: 'STRING', value: null, to: 'INT' },
]
