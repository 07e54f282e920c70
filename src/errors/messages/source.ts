import { defineMessages } from './catalogue-entry.js'

export const SOURCE_MESSAGES = defineMessages({
  SL_SOURCE_CSV_HEADER_MISMATCH: {
    domain: 'user',
    retryable: false,
    template:
      'The CSV header of <path> does not conform to the schema (option enforceSchema is false): <problem>. Header: <header>. Schema: <schema>. ' +
      'Fix the header or the schema, or remove enforceSchema (true by default: the schema applies by position and header names are ignored).',
  },
  SL_SOURCE_INVALID_CORRUPT_RECORD_COLUMN: {
    domain: 'user',
    retryable: false,
    template:
      'The corrupt-record column <column> must be a nullable STRING column (got <type>, nullable=<nullable>). ' +
      'Declare it as `<column> STRING` in the schema, or choose another name with option columnNameOfCorruptRecord.',
  },
  SL_SOURCE_INVALID_OPTION: {
    domain: 'user',
    retryable: false,
    template: 'Option <option> of the <format> reader <problem> (got <value>). <hint>',
  },
  SL_SOURCE_MALFORMED_RECORD: {
    domain: 'user',
    retryable: false,
    template:
      'Malformed record in <path> at line <line>: <reason>. Parse mode FAILFAST stops at the first bad record. ' +
      'Fix the line, or set option mode to PERMISSIVE (keep the row with NULLs and the raw line in the ' +
      'corrupt-record column) or DROPMALFORMED (skip the row). Line: <record>',
  },
  SL_SOURCE_UNSUPPORTED_TYPE: {
    domain: 'user',
    retryable: false,
    template: 'The <format> reader cannot read column <column> of type <type>: <problem>. <hint>',
  },
})
