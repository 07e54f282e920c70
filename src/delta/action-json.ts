/**
 * Commit file codec (PROTOCOL.md §Delta Log Entries): newline-delimited JSON, one action per line,
 * each line an object with a single key naming the action:
 *
 * ```
 * {"commitInfo":{"timestamp":1700000000000,"operation":"STREAMING UPDATE",...}}
 * {"txn":{"appId":"q-1","version":7,"lastUpdated":1700000000000}}
 * {"add":{"path":"part-00000-<uuid>-c000.snappy.parquet","partitionValues":{},"size":1234,...}}
 * ```
 *
 * Readers must ignore unknown action types and unknown fields, so parsing keeps only the known
 * actions and passes their objects through unchanged.
 */
import { EngineError } from '../errors/index.js'
import type { Action, ActionName } from './actions.js'

const KNOWN: ReadonlySet<string> = new Set<ActionName>([
  'protocol',
  'metaData',
  'add',
  'remove',
  'txn',
  'domainMetadata',
  'commitInfo',
  'cdc',
])

/** Parses the text of one commit file; `where` names the file in errors. */
export function parseCommitText(text: string, tablePath: string, where: string): Action[] {
  const actions: Action[] = []
  const lines = text.split('\n')
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!.trim()
    if (line === '') continue
    let value: unknown
    try {
      value = JSON.parse(line)
    } catch (cause) {
      throw new EngineError(
        'SL_DELTA_CORRUPT_LOG',
        {
          path: tablePath,
          problem: `line ${i + 1} of ${where} is not JSON (${(cause as Error).message})`,
        },
        { path: tablePath, cause },
      )
    }
    if (typeof value !== 'object' || value === null || Array.isArray(value)) {
      throw new EngineError('SL_DELTA_CORRUPT_LOG', {
        path: tablePath,
        problem: `line ${i + 1} of ${where} is not a JSON object`,
      })
    }
    for (const [key, body] of Object.entries(value)) {
      if (KNOWN.has(key) && typeof body === 'object' && body !== null)
        actions.push({ [key]: body as unknown } as Action)
    }
  }
  return actions
}

/** Serializes actions as commit file text (one line each, trailing newline like Spark). */
export function serializeActions(actions: readonly Action[]): string {
  let out = ''
  for (const a of actions) out += JSON.stringify(a, dropUndefined) + '\n'
  return out
}

function dropUndefined(_key: string, value: unknown): unknown {
  return value === undefined ? undefined : value
}

/** The action name of an action. */
export function actionName(action: Action): ActionName {
  return Object.keys(action)[0] as ActionName
}
