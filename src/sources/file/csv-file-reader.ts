/**
 * Reads one CSV file of the file stream source into rows (on the calling thread: CSV has no
 * worker path yet). A file that no longer exists is returned as missing: the source decides
 * (ignoreMissingFiles).
 */
import { promises as fs } from 'node:fs'
import { SourceError } from '../../errors/index.js'
import type { StructType } from '../../types/index.js'
import { parseCsvOptions } from './csv-parse-options.js'
import { CsvRecordParser } from './csv-record-parser.js'
import { decodeJsonText } from './decode-json-text.js'
import type { FileRecords, RecordReader } from './file-stream-source.js'

export class CsvFileReader implements RecordReader {
  private readonly parser: CsvRecordParser

  /** Validates the options (errors are thrown here, before the query starts). */
  constructor(
    schema: StructType,
    options: Readonly<Record<string, string>>,
    sessionTimeZone: string,
  ) {
    this.parser = new CsvRecordParser(schema, parseCsvOptions(options, sessionTimeZone))
  }

  async read(path: string): Promise<FileRecords> {
    const text = await readCsvText(path)
    if (text === null) return { missing: true }
    const { rows, malformedLines, badRecords } = this.parser.parse(text, path)
    return { chunk: { rows }, malformedLines, badRecords }
  }

  prefetch(): void {}
  clear(): void {}
}

/** A CSV file's text (UTF-8, BOM dropped); null when it no longer exists. */
export async function readCsvText(path: string): Promise<string | null> {
  try {
    return decodeJsonText(await fs.readFile(path)).text
  } catch (cause) {
    const code = (cause as NodeJS.ErrnoException).code
    if (code === 'ENOENT' || code === 'ENOTDIR') return null
    throw new SourceError(
      'SL_SOURCE_FILE_UNREADABLE',
      { path, problem: (cause as Error).message },
      { path, cause },
    )
  }
}
