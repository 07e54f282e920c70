/**
 * The error reference (docs/errors.md), generated from the catalogue so the page can never drift
 * from what streamlake throws: every code with who can fix it, whether a retry can succeed, and
 * its message, which says what happened, why, and what to do. `npm run docs:errors` rewrites the
 * page; a test fails when it is stale.
 *
 * @internal
 */
import { ERROR_CATALOGUE, type ErrorCode } from './messages.js'

const AREAS: readonly (readonly [prefix: string, title: string])[] = [
  ['API', 'API — options and arguments of the DataFrame / stream API'],
  ['PLAN', 'PLAN — the query as written (analysis, streaming rules, output modes)'],
  ['EXEC', 'EXEC — running a micro-batch'],
  ['SOURCE', 'SOURCE — reading input (files, tables)'],
  ['SINK', 'SINK — writing output'],
  ['STATE', 'STATE — the checkpoint and its state store'],
  ['DELTA', 'DELTA — the Delta Lake log and tables'],
  ['FS', 'FS — the file system (full disk, read-only mount, permissions)'],
  ['CONNECT', 'CONNECT — running on Apache Spark through Spark Connect'],
  ['MONITOR', 'MONITOR — dashboard, metrics, progress log, reports'],
  ['CLI', 'CLI — the `streamlake` command'],
  ['INTERNAL', 'INTERNAL — bugs in streamlake'],
]

const DOMAIN_TEXT = {
  user: 'you can fix it (your query, options, files or paths)',
  external: 'the environment (disk, network, another process); fix that, then restart',
  internal: 'a bug in streamlake: please report it',
} as const

/** `<path>` placeholders as code, so Markdown does not read them as HTML. */
function template(text: string): string {
  return text.replace(/<([a-zA-Z0-9_]+)>/g, '`<$1>`')
}

/** The whole page. */
export function errorReferenceMarkdown(): string {
  const codes = Object.keys(ERROR_CATALOGUE) as ErrorCode[]
  const lines = [
    '# Error reference',
    '',
    '<!-- Generated from src/errors/messages/*.ts by `npm run docs:errors`; do not edit by hand. -->',
    '',
    'Every error streamlake throws is an `EngineError` with one of these stable codes (the CLI',
    'prints `error [CODE]: message`). **Domain** says who can fix it; **retryable** says whether',
    'the same call can succeed later without a change. In a message, `<name>` is filled in with',
    'the path, option, value or batch of the actual failure. Every fix given keeps the output',
    'exactly once: none tells you to start a query on a new checkpoint without also resetting',
    'its sink table. Scenario by scenario: [operating — When things go wrong](operating.md#when-things-go-wrong).',
    '',
  ]
  for (const [prefix, title] of AREAS) {
    const inArea = codes.filter((c) => c.startsWith(`SL_${prefix}_`)).sort()
    if (inArea.length === 0) continue
    lines.push(`## ${title}`, '')
    for (const code of inArea) {
      const entry = ERROR_CATALOGUE[code]
      lines.push(
        `### ${code}`,
        '',
        `Domain: ${entry.domain} — ${DOMAIN_TEXT[entry.domain]}. Retryable: ${entry.retryable ? 'yes' : 'no'}.`,
        '',
        template(entry.template),
        '',
      )
    }
  }
  return lines.join('\n')
}
