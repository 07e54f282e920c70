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

  describe('nested fields (Delta merges structs, array elements and map values)', () => {
    const nested = parseDdlSchema(
      'id INT, s STRUCT<a: INT, b: STRING>, arr ARRAY<STRUCT<a: INT>>, m MAP<STRING, STRUCT<a: INT>>',
    )
    const wider = parseDdlSchema(
      'id INT, s STRUCT<a: INT, b: STRING, c: DOUBLE>, arr ARRAY<STRUCT<a: INT, z: INT>>, m MAP<STRING, STRUCT<a: INT, w: STRING>>',
    )

    it('a new nested field is a schema mismatch naming its path without mergeSchema', () => {
      expect(() => planAppendSchema('/t', nested, wider, false)).toThrow(
        expect.objectContaining({ code: 'SL_SINK_SCHEMA_NEW_COLUMNS' }),
      )
      expect(() => planAppendSchema('/t', nested, wider, false)).toThrow(
        /column\(s\) s\.c, arr\.element\.z, m\.value\.w /,
      )
    })

    it('mergeSchema appends nested fields to their structs; the data keeps its shape', () => {
      const plan = planAppendSchema('/t', nested, wider, true)
      expect(plan.changed).toBe(true)
      expect(simpleString(plan.schema)).toBe(
        'struct<id:int,s:struct<a:int,b:string,c:double>,arr:array<struct<a:int,z:int>>,m:map<string,struct<a:int,w:string>>>',
      )
      const row = [2, [2, 'y', 2.5], [[2, 3]], new Map([['k', [2, 'v']]])]
      expect(projectRows([row], plan.sources, plan.reshape)[0]).toBe(row)
    })

    it('nested fields are matched by name, case-insensitively; a missing one is null', () => {
      const data = parseDdlSchema(
        'id INT, s STRUCT<B: STRING, a: INT>, arr ARRAY<STRUCT<x: INT>>, m MAP<STRING, STRUCT<a: INT>>',
      )
      // x is new: with mergeSchema it is appended to the element struct, a is null.
      const plan = planAppendSchema('/t', nested, data, true)
      expect(simpleString(plan.schema)).toBe(
        'struct<id:int,s:struct<a:int,b:string>,arr:array<struct<a:int,x:int>>,m:map<string,struct<a:int>>>',
      )
      const rows = projectRows(
        [
          [1, ['q', 4], [[7], null], new Map([['k', [1]]])],
          [2, null, null, null],
        ],
        plan.sources,
        plan.reshape,
      )
      expect(rows).toEqual([
        [1, [4, 'q'], [[null, 7], null], new Map([['k', [1]]])],
        [2, null, null, null],
      ])
      const narrow = planAppendSchema('/t', nested, parseDdlSchema('s STRUCT<a: INT>'), false)
      expect(narrow.changed).toBe(false)
      expect(projectRows([[[5]]], narrow.sources, narrow.reshape)).toEqual([
        [null, [5, null], null, null],
      ])
    })

    it('a changed nested type is a type mismatch naming its path, even with mergeSchema', () => {
      for (const [ddl, column] of [
        ['s STRUCT<a: BIGINT, b: STRING>', 's.a'],
        ['arr ARRAY<STRUCT<a: STRING>>', 'arr.element.a'],
        ['m MAP<INT, STRUCT<a: INT>>', 'm.key'],
        ['s INT', 's'],
      ] as const) {
        const error = (() => {
          try {
            planAppendSchema('/t', nested, parseDdlSchema(ddl), true)
          } catch (e) {
            return e
          }
          return undefined
        })()
        expect(error, ddl).toMatchObject({ code: 'SL_SINK_SCHEMA_TYPE_MISMATCH' })
        expect((error as Error).message).toContain(`column ${column} `)
      }
    })
  })
})
