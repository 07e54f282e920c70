/**
 * The Kafka sink's column checks (Spark's KafkaWriter.validateQuery) and row encoding, without a
 * broker: which columns are written, Spark's errors, the topic option winning over the column,
 * strings as UTF-8, null values as null, headers as key/value pairs.
 */
import { describe, expect, it } from 'vitest'
import { encodeKafkaRecords } from '../../../src/sinks/kafka/kafka-record-encoder.js'
import { kafkaSinkLayout } from '../../../src/sinks/kafka/kafka-sink-schema.js'
import { parseDdlSchema } from '../../../src/types/index.js'

const layout = (ddl: string, topic?: string) => kafkaSinkLayout(parseDdlSchema(ddl), topic)

describe('kafkaSinkLayout', () => {
  it('finds value, key, topic, headers and partition by exact name; other columns are ignored', () => {
    expect(
      layout(
        'other INT, partition INT, headers ARRAY<STRUCT<key: STRING, value: BINARY>>, topic STRING, key BINARY, value STRING',
      ),
    ).toEqual({ value: 5, key: 4, topic: 3, fixedTopic: undefined, headers: 2, partition: 1 })
    expect(layout('Value STRING, value BINARY', 't')).toMatchObject({ value: 1, key: -1 })
  })

  it('the topic option wins over the column, whose type is then not checked', () => {
    expect(layout('value STRING, topic INT', 'events')).toMatchObject({
      topic: -1,
      fixedTopic: 'events',
    })
  })

  it("throws Spark's errors with stable codes", () => {
    expect(() => layout('key STRING', 't')).toThrow(
      expect.objectContaining({ code: 'SL_SINK_KAFKA_VALUE_MISSING' }) as Error,
    )
    expect(() => layout('value STRING')).toThrow(
      expect.objectContaining({ code: 'SL_SINK_KAFKA_TOPIC_MISSING' }) as Error,
    )
    expect(() => layout('value INT', 't')).toThrow(
      /value attribute type must be a StringType or BinaryType/,
    )
    expect(() => layout('value STRING, key INT', 't')).toThrow(
      /key attribute type must be a StringType or BinaryType/,
    )
    expect(() => layout('value STRING, partition BIGINT', 't')).toThrow(
      /partition attribute type must be an IntegerType/,
    )
    expect(() => layout('value STRING, topic BINARY')).toThrow(/topic type must be a StringType/)
    expect(() =>
      layout('value STRING, headers ARRAY<STRUCT<k: STRING, value: BINARY>>', 't'),
    ).toThrow(/headers attribute type/)
  })
})

describe('encodeKafkaRecords', () => {
  it('strings as UTF-8, nulls kept, partition and headers passed on; a null topic fails', () => {
    const l = layout(
      'topic STRING, key STRING, value STRING, partition INT, headers ARRAY<STRUCT<key: STRING, value: BINARY>>',
    )
    const [a, b] = encodeKafkaRecords(
      [
        ['t1', 'kä', 'v', 2, [['h', new Uint8Array([1, 2])], null]],
        ['t2', null, null, null, null],
      ],
      l,
      7,
    )
    expect(a!.topic).toBe('t1')
    expect(a!.key).toEqual(Buffer.from('kä', 'utf8'))
    expect(a!.value).toEqual(Buffer.from('v'))
    expect(a!.partition).toBe(2)
    expect([...a!.headers!].map(([k, v]) => [k.toString(), [...v]])).toEqual([['h', [1, 2]]])
    expect(b).toMatchObject({
      topic: 't2',
      key: undefined,
      value: undefined,
      partition: undefined,
      headers: undefined,
    })
    expect(() => encodeKafkaRecords([[null, null, 'v', null, null]], l, 7)).toThrow(
      expect.objectContaining({ code: 'SL_SINK_KAFKA_NULL_TOPIC', batchId: 7 }) as Error,
    )
  })
})
