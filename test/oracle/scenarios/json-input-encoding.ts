/**
 * Issue 14 item 7: what a JSON Lines file's bytes do to its records. A UTF-8 byte order mark at
 * the start of a file (Hadoop's LineRecordReader drops it) or of a later line (Jackson's
 * encoding detection drops it per record); bytes that are not UTF-8 inside a record's value
 * (Jackson's UTF-8 parser fails: a bad record) or after it (never read).
 */
import { defineScenarios, type InputFile } from '../support/scenario.js'

const BOM = [0xef, 0xbb, 0xbf]
const bytes = (...parts: (string | number[])[]): Uint8Array =>
  Buffer.concat(parts.map((p) => (typeof p === 'string' ? Buffer.from(p) : Buffer.from(p))))

const files: InputFile[] = [
  { name: 'bom.json', bytes: bytes(BOM, '{"key":"a","value":1}\n{"key":"b","value":2}\n') },
  {
    name: 'bom-lines.json',
    bytes: bytes(
      '{"key":"c","value":3}\n',
      BOM,
      '{"key":"d","value":4}\n',
      BOM,
      '\n{"key":"e","value":5}\n',
    ),
  },
  {
    name: 'not-utf8.json',
    bytes: bytes(
      '{"key":"f","value":6}\n',
      '{"key":"g',
      [0xff],
      '","value":7}\n',
      '{"key":"h","value":8,"other":"',
      [0xc3, 0x28],
      '"}\n',
      '{"key":"i","value":9}   ',
      [0xff],
      '\n',
      '{"key":"j","value":10,"other":"caf',
      [0xc3, 0xa9],
      '"}\n',
      [0xfe],
      '{"key":"k","value":11}\n',
    ),
  },
]

// Sequences Unicode calls ill-formed: Jackson decodes an overlong form and a value past U+10FFFF
// (stored as '??'), but fails on encoded surrogates, CESU-8 pairs included.
const LENIENT: InputFile[] = [
  {
    name: 'lenient.json',
    bytes: bytes(
      '{"key":"overlong A","x":"',
      [0xc1, 0x81],
      '"}\n{"key":"CESU-8 pair","x":"',
      [0xed, 0xa0, 0xbd, 0xed, 0xb8, 0x80],
      '"}\n{"key":"lone surrogate","x":"',
      [0xed, 0xa0, 0x80],
      '"}\n{"key":"past U+10FFFF","x":"',
      [0xf5, 0x80, 0x80, 0x80],
      '"}\n{"key":"ok"}\n',
    ),
  },
]
// Modified UTF-8's NUL (C0 80) inside a string: Jackson reads U+0000; ours is a bad record (D8).
const MODIFIED_NUL: InputFile[] = [
  {
    name: 'nul.json',
    bytes: bytes('{"key":"ok"}\n{"key":"nul","x":"', [0xc0, 0x80], '"}\n'),
  },
]

export const jsonInputEncodingScenarios = defineScenarios(
  {
    name: 'input encoding: ill-formed UTF-8 Jackson reads (overlong, past U+10FFFF) or rejects (surrogates, CESU-8)',
    input: { files: LENIENT },
    schema: 'key STRING, x STRING, _corrupt_record STRING',
  },
  {
    name: 'input encoding: a Modified UTF-8 NUL (C0 80) in a string',
    input: { files: MODIFIED_NUL },
    schema: 'key STRING, x STRING',
    knownDifferences: [{ id: 'D8', matches: /key: "nul", x: "\\u0000"/ }],
  },
  {
    name: 'input encoding: UTF-8 BOM and bytes that are not UTF-8, PERMISSIVE with _corrupt_record',
    input: { files },
    schema: 'key STRING, value INT, _corrupt_record STRING',
  },
  {
    name: 'input encoding: UTF-8 BOM and bytes that are not UTF-8, DROPMALFORMED',
    input: { files },
    schema: 'key STRING, value INT',
    readOptions: { mode: 'DROPMALFORMED' },
  },
)
