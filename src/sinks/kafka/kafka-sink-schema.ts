/**
 * Which columns of a query's output the Kafka sink writes, checked as Spark's KafkaWriter
 * checks them (`validateQuery`) before the first batch: `value` required (string or binary),
 * `key` (string or binary), `topic` (string; the `topic` option wins over the column),
 * `headers` (array<struct<key:string,value:binary>>), `partition` (int). Other columns are
 * ignored, as in Spark. Names are matched exactly (Spark's `schema.find(_.name == ...)`).
 */
import { SinkError } from '../../errors/index.js'
import { simpleString, type DataType, type StructType } from '../../types/index.js'

/** Column positions in the output row; -1 when the column is absent. */
export interface KafkaSinkLayout {
  readonly value: number
  readonly key: number
  /** -1 when the topic option is set (or no column): every record goes to `fixedTopic`. */
  readonly topic: number
  readonly fixedTopic: string | undefined
  readonly headers: number
  readonly partition: number
}

/** Validates the output schema; throws the typed error Spark's message corresponds to. */
export function kafkaSinkLayout(
  schema: StructType,
  topicOption: string | undefined,
): KafkaSinkLayout {
  const find = (name: string): number => schema.fields.findIndex((f) => f.name === name)
  const columns = schema.fields.map((f) => f.name).join(', ') || '(none)'
  const value = find('value')
  if (value < 0) throw new SinkError('SL_SINK_KAFKA_VALUE_MISSING', { columns })
  const check = (index: number, ok: (t: DataType) => boolean, problem: string): number => {
    if (index >= 0 && !ok(schema.fields[index]!.dataType)) {
      const field = schema.fields[index]!
      throw new SinkError('SL_SINK_KAFKA_COLUMN_TYPE', {
        column: field.name,
        problem,
        type: simpleString(field.dataType),
      })
    }
    return index
  }
  const stringOrBinary = (t: DataType): boolean => t.type === 'string' || t.type === 'binary'
  check(value, stringOrBinary, 'value attribute type must be a StringType or BinaryType')
  const key = check(
    find('key'),
    stringOrBinary,
    'key attribute type must be a StringType or BinaryType',
  )
  const headers = check(
    find('headers'),
    isHeadersType,
    'headers attribute type must be an ArrayType of StructType(key: StringType, value: BinaryType)',
  )
  const partition = check(
    find('partition'),
    (t) => t.type === 'integer',
    'partition attribute type must be an IntegerType',
  )
  // Spark: the option, when set, replaces the column (whose type is then not checked).
  if (topicOption !== undefined)
    return { value, key, topic: -1, fixedTopic: topicOption, headers, partition }
  const topic = find('topic')
  if (topic < 0) throw new SinkError('SL_SINK_KAFKA_TOPIC_MISSING', { columns })
  check(topic, (t) => t.type === 'string', 'topic type must be a StringType')
  return { value, key, topic, fixedTopic: undefined, headers, partition }
}

function isHeadersType(t: DataType): boolean {
  if (t.type !== 'array' || t.elementType.type !== 'struct') return false
  const [k, v, ...rest] = t.elementType.fields
  return (
    rest.length === 0 &&
    k?.name === 'key' &&
    k.dataType.type === 'string' &&
    v?.name === 'value' &&
    v.dataType.type === 'binary'
  )
}
