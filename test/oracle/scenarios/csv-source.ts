/**
 * The CSV file source (`readStream.format('csv')`) against Spark's: quoting and escapes, empty
 * vs NULL values (nullValue / emptyValue), headers, separators, values that do not convert and
 * records with too few or too many values in each parse mode, timestamps and dates with and
 * without formats.
 */
import { defineScenarios, type InputFile } from '../support/scenario.js'

const TRICKY: InputFile = {
  name: 'part-1.csv',
  lines: [
    '1,plain,2026-11-24T10:15:30.123456,1.5',
    '2,"quoted, with comma",2026-11-24 10:15:30,2',
    '3,"escaped \\" quote",2026-11-24,-0.25',
    '4,,2026-11-24T10:15:30Z,',
    '5,"",2026-11-24T10:15:30+01:00,NaN',
    '6,a"b,,Inf',
    '',
    '7,"x"y,2026-11-24T10:15:30,-Inf',
    '8, spaced ,2026-11-24T10:15:30,1e3',
    'nine,bad int,2026-11-24T10:15:30,1',
    '10,bad ts,yesterday,1',
    '11,too few',
    '12,too,many,values,here',
    '13,"back\\\\slash",2026-11-24T10:15:30,3d',
    '14,"unclosed,2026-11-24T10:15:30,1',
    '   ',
    '15,true,2026-11-24T10:15:30.1234567,+7',
  ],
}
const SECOND: InputFile = {
  name: 'part-2.csv',
  lines: ['16,"multi ""double"" quotes",2026-11-25T00:00:00,0', '17,NULL,NULL,NULL'],
}
const files = [TRICKY, SECOND]
const WITH_CORRUPT = 'id INT, s STRING, ts TIMESTAMP, d DOUBLE, _corrupt_record STRING'
const WITHOUT_CORRUPT = 'id INT, s STRING, ts TIMESTAMP, d DOUBLE'

export const csvSourceScenarios = defineScenarios(
  {
    name: 'CSV PERMISSIVE with _corrupt_record (quotes, escapes, empty vs null)',
    format: 'csv',
    input: { files },
    schema: WITH_CORRUPT,
  },
  {
    name: 'CSV PERMISSIVE without _corrupt_record (partial rows)',
    format: 'csv',
    input: { files },
    schema: WITHOUT_CORRUPT,
  },
  {
    name: 'CSV DROPMALFORMED',
    format: 'csv',
    input: { files },
    schema: WITH_CORRUPT,
    readOptions: { mode: 'DROPMALFORMED' },
  },
  {
    name: 'CSV FAILFAST stops at the first bad record',
    format: 'csv',
    input: { files },
    schema: WITHOUT_CORRUPT,
    readOptions: { mode: 'FAILFAST' },
    expectFailure: true,
  },
  {
    name: 'CSV nullValue NULL and emptyValue EMPTY, doubled quotes with escape = quote',
    format: 'csv',
    input: { files },
    schema: WITH_CORRUPT,
    readOptions: { nullValue: 'NULL', emptyValue: 'EMPTY', escape: '"' },
  },
  {
    name: 'CSV header, sep ";", timestampFormat and dateFormat',
    format: 'csv',
    input: {
      files: [
        {
          name: 'a.csv',
          lines: [
            'id;when;day',
            '1;24/11/2026 10:15;24.11.2026',
            '2;2026-11-24T10:15:30;2026-11-24',
            '3;"25/11/2026 00:00";"01.01.2027"',
          ],
        },
        { name: 'b.csv', lines: ['id;when;day', '4;01/12/2026 23:59;31.12.2026'] },
      ],
    },
    schema: 'id INT, when TIMESTAMP, day DATE, _corrupt_record STRING',
    readOptions: {
      header: true,
      sep: ';',
      timestampFormat: 'dd/MM/yyyy HH:mm',
      dateFormat: 'dd.MM.yyyy',
    },
    sessionTimeZone: 'America/Los_Angeles',
  },
)
