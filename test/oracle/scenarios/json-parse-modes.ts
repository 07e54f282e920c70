/**
 * spark-semantics S22: the JSON reader's type conversions and parse modes — PERMISSIVE with and
 * without `_corrupt_record`, DROPMALFORMED, FAILFAST — and zone-less timestamps read in a
 * session time zone other than UTC.
 */
import { defineScenarios, type InputFile } from '../support/scenario.js'

const S22_LINES = [
  '{"ts":"2026-11-24T10:15:30.123456","key":"a","value":1}',
  '{"ts":"2026-11-24T10:15:30Z","key":"b","value":"2"}',
  '{"ts":1764000000,"key":5,"value":3}',
  'this is not json',
  '{"ts":"garbage","key":"c","value":4}',
  '{"key":"d"}',
  '{"key":"e","value":3000000000}',
  '{"key":"f","value":1.0}',
]
// A second file with more shapes: blank lines, a top-level array, nested values into a STRING,
// duplicate keys, case-sensitive names, booleans/nulls, a date-only and a space-separated time,
// an offset, more than 6 fractional digits.
const MORE_LINES = [
  '',
  '[{"ts":"2026-11-24 10:15:30","key":"g","value":7},{"key":"h","value":8}]',
  '{"ts":"2026-11-24","key":{"nested":[1,2]},"value":9}',
  '{"ts":"2026-11-24T10:15:30.1234567","key":true,"value":null}',
  '{"ts":"2026-11-24T10:15:30+01:00","key":"i","value":10,"value":11}',
  '{"TS":"2026-11-24T10:15:30","Key":"j","value":12}',
  '   ',
  '{"ts":null,"key":null,"value":-5}',
  '{"ts":"","key":"","value":""}',
]
const files: InputFile[] = [
  { name: 'part-1.json', lines: S22_LINES },
  { name: 'part-2.json', lines: MORE_LINES },
]
const WITH_CORRUPT = 'ts TIMESTAMP, key STRING, value INT, _corrupt_record STRING'
const WITHOUT_CORRUPT = 'ts TIMESTAMP, key STRING, value INT'

export const jsonParseModeScenarios = defineScenarios(
  {
    name: 'S22 PERMISSIVE with _corrupt_record',
    input: { files },
    schema: WITH_CORRUPT,
  },
  {
    name: 'S22 PERMISSIVE without _corrupt_record',
    input: { files },
    schema: WITHOUT_CORRUPT,
  },
  {
    name: 'S22 PERMISSIVE with a renamed corrupt column (columnNameOfCorruptRecord)',
    input: { files },
    schema: 'ts TIMESTAMP, key STRING, value INT, bad STRING',
    readOptions: { columnNameOfCorruptRecord: 'bad' },
  },
  {
    name: 'S22 DROPMALFORMED',
    input: { files },
    schema: WITH_CORRUPT,
    readOptions: { mode: 'DROPMALFORMED' },
  },
  {
    name: 'S22 FAILFAST fails the query',
    input: { files },
    schema: WITHOUT_CORRUPT,
    readOptions: { mode: 'FAILFAST' },
    expectFailure: true,
  },
  {
    name: 'S22 zone-less timestamps in session time zone America/Los_Angeles',
    input: { files },
    schema: WITH_CORRUPT,
    sessionTimeZone: 'America/Los_Angeles',
  },
  {
    name: 'zone-less timestamps in session time zone Asia/Kolkata, reader timeZone option wins',
    input: { files },
    schema: WITH_CORRUPT,
    sessionTimeZone: 'Asia/Kolkata',
    readOptions: { timeZone: 'Europe/Berlin' },
  },
)
