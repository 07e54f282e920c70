/**
 * The join seed app (src/apps/join-app.ts) against Spark: generated events joined with the users
 * Delta table our app creates (`ensureUsersTable`), which Spark reads as its static side too —
 * inner and left outer, per batch and as the final Delta table; then a static table updated
 * between batches (an append, then an overwrite), which both engines must re-read at its latest
 * version in every micro-batch.
 */
import { promises as fs } from 'node:fs'
import { join } from 'node:path'
import { USERS_SCHEMA, ensureUsersTable, userRows } from '../../../src/apps/users-table.js'
import { EVENT_SCHEMA_DDL } from '../../../src/apps/event-schema.js'
import { DeltaLog, removeWithTimestamp, writeDataFile } from '../../../src/delta/index.js'
import { col, type DataFrame } from '../../../src/index.js'
import type { Row } from '../../../src/types/index.js'
import {
  defineScenarios,
  type InputFile,
  type Scenario,
  type ScenarioContext,
  type ScenarioValues,
} from '../support/scenario.js'

// User ids 1..120: 50 and 100 are not in the users table (every 50th is missing).
const generate = {
  batches: 6,
  eventsPerBatch: 40,
  seed: 11,
  startTime: '2026-11-24T10:00:00Z',
  users: 120,
}
const PY = { file: 'seed_join' } as const

const users = (ctx: ScenarioContext): DataFrame =>
  ctx.spark.read.format('delta').load(ctx.values['users'])

/** One users table our app's way, read by both engines. */
async function sharedUsers(root: string): Promise<{ ours: ScenarioValues; spark: ScenarioValues }> {
  const path = join(root, 'users')
  await ensureUsersTable(path)
  return { ours: { users: path }, spark: { users: path } }
}

// The updates between batches: after batch 1 the two missing users arrive (an append), after
// batch 3 the table is overwritten with every user's tier changed.
const ARRIVALS: Row[] = [
  [50, 'user_0050', 'new', 'XX'],
  [100, 'user_0100', 'new', 'XX'],
]
const OVERWRITE: Row[] = [...userRows(), ...ARRIVALS].map(([id, name, , country]) => [
  id,
  name,
  'vip',
  country,
])

/** Two copies of the users table (each engine updates its own) and the update rows as JSON. */
async function updatableUsers(
  root: string,
): Promise<{ ours: ScenarioValues; spark: ScenarioValues }> {
  const ours = join(root, 'users-ours')
  const spark = join(root, 'users-spark')
  await ensureUsersTable(ours)
  await ensureUsersTable(spark)
  const json = async (name: string, rows: Row[]): Promise<string> => {
    const path = join(root, name)
    const names = USERS_SCHEMA.fields.map((f) => f.name)
    await fs.writeFile(
      path,
      rows
        .map((r) => JSON.stringify(Object.fromEntries(names.map((n, i) => [n, r[i]]))))
        .join('\n'),
    )
    return path
  }
  const arrivals = await json('arrivals.json', ARRIVALS)
  const overwrite = await json('overwrite.json', OVERWRITE)
  return { ours: { users: ours }, spark: { users: spark, arrivals, overwrite } }
}

/** Our side of the updates: an append, then an overwrite (remove every file, add one). */
async function updateOurs(batchId: number, values: ScenarioValues): Promise<void> {
  const path = values['users']!
  if (batchId !== 1 && batchId !== 3) return
  const log = DeltaLog.forTable(path)
  const snapshot = await log.snapshot()
  const txn = await log.startTransaction(snapshot)
  const add = await writeDataFile(path, USERS_SCHEMA, batchId === 1 ? ARRIVALS : OVERWRITE)
  if (batchId === 1) {
    await txn.commit([{ add }], { name: 'WRITE', parameters: { mode: 'Append' } })
  } else {
    const now = Date.now()
    await txn.commit(
      [...snapshot.files.map((f) => ({ remove: removeWithTimestamp(f, now) })), { add }],
      { name: 'WRITE', parameters: { mode: 'Overwrite' }, isBlindAppend: false },
    )
  }
}

// Events of which every third has no user id, in three files: Spark infers isnotnull(user_id) for
// the stream side of an inner join and pushes it into the JSON reader, so those rows are not in
// numInputRows (the joined rows are the same either way).
const NULL_USER_FILES: InputFile[] = [0, 1, 2].map((f) => ({
  name: `part-${f}.json`,
  lines: Array.from({ length: 8 }, (_, i) => {
    const n = f * 8 + i
    return JSON.stringify({
      event_id: `e${n}`,
      timestamp: `2026-11-24T10:${String(n).padStart(2, '0')}:00Z`,
      user_id: n % 3 === 0 ? null : ((n * 7) % 120) + 1,
      event_type: n % 2 === 0 ? 'click' : 'view',
      value: n,
      session_id: `s${n % 5}`,
    })
  }),
}))

/** A scenario over NULL_USER_FILES joined with the shared users table. */
const nullUsers = (
  what: string,
  query: NonNullable<Scenario['query']>,
  pyFunction: string,
): Scenario => ({
  name: `seed join: ${what}`,
  input: { files: NULL_USER_FILES },
  schema: EVENT_SCHEMA_DDL,
  setup: sharedUsers,
  query,
  pyQuery: { ...PY, function: pyFunction },
})

export const seedJoinScenarios = defineScenarios(
  {
    name: 'seed join: events ⋈ users Delta table (inner) → per batch and Delta table',
    input: { generate },
    schema: EVENT_SCHEMA_DDL,
    setup: sharedUsers,
    query: (df, ctx) => df.join(users(ctx), 'user_id', 'inner'),
    pyQuery: { ...PY, function: 'inner' },
    compareDelta: true,
  },
  {
    name: 'seed join: events ⟕ users Delta table (left outer, unknown users) → per batch and Delta table',
    input: { generate },
    schema: EVENT_SCHEMA_DDL,
    setup: sharedUsers,
    query: (df, ctx) => df.join(users(ctx), 'user_id', 'left_outer'),
    pyQuery: { ...PY, function: 'left_outer' },
    compareDelta: true,
  },
  {
    name: 'seed join: a filter after the join goes to the stream side (numInputRows) and stays for the static one',
    input: { generate },
    schema: EVENT_SCHEMA_DDL,
    setup: sharedUsers,
    query: (df, ctx) =>
      df
        .join(users(ctx), 'user_id', 'left_outer')
        .filter(col('value').gt(50).and(col('tier').notEqual('gold')).and(col('user_id').lt(90))),
    pyQuery: { ...PY, function: 'left_outer_filtered' },
  },
  {
    name: 'seed join: the static Delta table updated between batches (append, overwrite) is re-read each batch',
    input: { generate },
    schema: EVENT_SCHEMA_DDL,
    setup: updatableUsers,
    query: (df, ctx) => df.join(users(ctx), 'user_id', 'left_outer'),
    pyQuery: { ...PY, function: 'left_outer' },
    afterBatch: { ours: updateOurs, py: 'update_users' },
  },
  nullUsers(
    'null user ids, inner — the inferred isnotnull(user_id) is pushed into the JSON scan (numInputRows)',
    (df, ctx) => df.join(users(ctx), 'user_id', 'inner'),
    'inner',
  ),
  nullUsers(
    'null user ids, left outer — the preserved stream side reads every row',
    (df, ctx) => df.join(users(ctx), 'user_id', 'left_outer'),
    'left_outer',
  ),
  nullUsers(
    'a filter on the static side key reaches the stream scan through the join equality',
    (df, ctx) => df.join(users(ctx).filter(col('user_id').lt(60)), 'user_id', 'inner'),
    'inner_users_below_60',
  ),
)
