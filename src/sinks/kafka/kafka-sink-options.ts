/**
 * The Kafka sink's options: Spark's (`kafka.bootstrap.servers` required, `topic`, other `kafka.*`
 * passed to the client as for the source) and streamlake's `deliveryGuarantee`.
 *
 * `deliveryGuarantee` is not a Spark option (Spark's sink is at-least-once only). It is named and
 * valued as Flink's Kafka sink setting (`at-least-once` | `exactly-once`) because it states the
 * contract rather than the mechanism (transactions), and a future `none` fits beside them.
 */
import { EngineError } from '../../errors/index.js'
import {
  kafkaClientConfig,
  type KafkaClientConfig,
} from '../../sources/kafka/kafka-client-config.js'

export type DeliveryGuarantee = 'at-least-once' | 'exactly-once'

export interface KafkaSinkOptions {
  readonly client: KafkaClientConfig
  readonly topic: string | undefined
  readonly guarantee: DeliveryGuarantee
}

/** Java producer settings Spark refuses for its sink, and why. */
const REFUSED: Readonly<Record<string, string>> = {
  'key.serializer': 'keys are written as bytes (a string key as UTF-8)',
  'value.serializer': 'values are written as bytes (a string value as UTF-8)',
  'transactional.id':
    "the exactly-once mode derives it from the query id; set .option('deliveryGuarantee', 'exactly-once')",
}

/** Parses the writer's options (case-insensitive names, as Spark's). */
export function parseKafkaSinkOptions(raw: Readonly<Record<string, string>>): KafkaSinkOptions {
  const get = (name: string): string | undefined => {
    const key = Object.keys(raw).find((k) => k.toLowerCase() === name.toLowerCase())
    return key === undefined ? undefined : raw[key]
  }
  const params: Record<string, string> = {}
  for (const [k, v] of Object.entries(raw)) {
    if (!k.toLowerCase().startsWith('kafka.')) continue
    const param = k.slice('kafka.'.length)
    const refusal = REFUSED[param.toLowerCase()]
    if (refusal !== undefined)
      throw invalid(k, v, 'is not supported by the Kafka sink', `Remove it: ${refusal}.`)
    params[param] = v
  }
  if (!params['bootstrap.servers'])
    throw invalid(
      'kafka.bootstrap.servers',
      '(not set)',
      'must be specified',
      'Give the brokers to write to: .option("kafka.bootstrap.servers", "host1:9092,host2:9092").',
    )
  const guarantee = (get('deliveryGuarantee') ?? 'at-least-once').toLowerCase()
  if (guarantee !== 'at-least-once' && guarantee !== 'exactly-once')
    throw invalid(
      'deliveryGuarantee',
      guarantee,
      'must be at-least-once or exactly-once',
      'exactly-once writes each batch in a Kafka transaction; read the topic with kafka.isolation.level=read_committed.',
    )
  const topic = get('topic')
  return {
    // The sink only writes: the consumer-side isolation level is irrelevant here.
    client: kafkaClientConfig(params),
    topic: topic === '' ? undefined : topic,
    guarantee,
  }
}

function invalid(option: string, value: string, problem: string, hint: string): EngineError {
  return new EngineError('SL_API_INVALID_OPTION', { option, problem, value, hint }, { option })
}
