/**
 * The static side of the join app: `DATA/users`, a Delta table with one row per user id the
 * generator can produce (1..1000) except every 50th, so that a left outer join has unmatched
 * events. Deterministic, created once when missing.
 */
import { DeltaLog, newTableMetadata, writeDataFile } from '../delta/index.js'
import { parseDdlSchema, type Row } from '../types/index.js'

export const USERS_SCHEMA = parseDdlSchema('user_id INT, name STRING, tier STRING, country STRING')
const TIERS = ['bronze', 'silver', 'gold', 'platinum'] as const
const COUNTRIES = ['DE', 'FR', 'US', 'JP', 'BR', 'IN', 'GB', 'ES'] as const

/** The users rows (user ids 1..users, every 50th missing). */
export function userRows(users = 1000): Row[] {
  const rows: Row[] = []
  for (let id = 1; id <= users; id++) {
    if (id % 50 === 0) continue
    rows.push([
      id,
      `user_${String(id).padStart(4, '0')}`,
      TIERS[(id * 7) % TIERS.length]!,
      COUNTRIES[(id * 13) % COUNTRIES.length]!,
    ])
  }
  return rows
}

/** Creates the users table at `path` unless it exists; returns true when created. */
export async function ensureUsersTable(path: string): Promise<boolean> {
  const log = DeltaLog.forTable(path)
  if (await log.tableExists()) return false
  const txn = await log.startTransaction()
  const add = await writeDataFile(path, USERS_SCHEMA, userRows())
  await txn.commit([{ metaData: newTableMetadata(USERS_SCHEMA) }, { add }], {
    name: 'CREATE TABLE AS SELECT',
    parameters: {
      isManaged: 'false',
      description: 'streamlake seed users',
      partitionBy: '[]',
      properties: '{}',
    },
    isBlindAppend: true,
  })
  return true
}
