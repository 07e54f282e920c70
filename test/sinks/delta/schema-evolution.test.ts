import { describe, expect, it } from 'vitest'
import { planAppendSchema, projectRows } from '../../../src/sinks/delta/schema-evolution.js'
import { parseDdlSchema, simpleString } from '../../../src/types/index.js'

const table = parseDdlSchema('id INT, name STRING, at TIMESTAMP')

describe('planAppendSchema (Delta schema enforcement and mergeSchema)', () => {
  it('matches data columns by name, case-insensitively, in any order; missing columns are null', () => {
    const plan = planAppendSchema('/t', table, parseDdlSchema('NAME STRING, id INT'), false)
    expect(plan.changed).toBe(false)
    expect(plan.schema).toBe(table)
    expect(plan.sources).toEqual([1, 0, -1])
    expect(projectRows([['a', 1]], plan.sources)).toEqual([[1, 'a', null]])
  })

  it('the same columns in order need no projection', () => {
    const plan = planAppendSchema('/t', table, table, false)
    const rows = [[1, 'a', 0]]
    expect(projectRows(rows, plan.sources)).toBe(rows)
  })

  it('new columns: an error naming them without mergeSchema, appended nullable with it', () => {
    const data = parseDdlSchema('id INT, score DOUBLE NOT NULL, name STRING, tags ARRAY<STRING>')
    expect(() => planAppendSchema('/t', table, data, false)).toThrow(
      expect.objectContaining({ code: 'SL_SINK_SCHEMA_NEW_COLUMNS' }),
    )
    expect(() => planAppendSchema('/t', table, data, false)).toThrow(/column\(s\) score, tags/)
    const plan = planAppendSchema('/t', table, data, true)
    expect(plan.changed).toBe(true)
    expect(simpleString(plan.schema)).toBe(
      'struct<id:int,name:string,at:timestamp,score:double,tags:array<string>>',
    )
    expect(plan.schema.fields[3]!.nullable).toBe(true)
    expect(projectRows([[1, 2.5, 'a', ['x']]], plan.sources)).toEqual([[1, 'a', null, 2.5, ['x']]])
  })

  it('a changed type is an error even with mergeSchema; nullability does not matter', () => {
    expect(() =>
      planAppendSchema('/t', table, parseDdlSchema('id BIGINT, name STRING'), true),
    ).toThrow(expect.objectContaining({ code: 'SL_SINK_SCHEMA_TYPE_MISMATCH' }))
    expect(planAppendSchema('/t', table, parseDdlSchema('id INT NOT NULL'), false).changed).toBe(
      false,
    )
  })
})
