/**
 * The options of Spark's Kafka source, validated before anything connects, with Spark's names,
 * defaults and refusals (option names are case-insensitive, as in Spark). `kafka.*` options go to
 * the client (kafka-client-config.ts); the rest say what to read and how fast.
 */
import { EngineError } from '../../errors/index.js'
import { delayMillis } from '../../internal/time/interval.js'
import { parsePartitionOffsets, type PartitionOffsets } from './partition-offsets.js'

/** Which partitions to read: Spark's `subscribe`, `subscribePattern` or `assign`. */
export type KafkaSubscription =
  | { readonly kind: 'subscribe'; readonly topics: readonly string[] }
  | { readonly kind: 'subscribePattern'; readonly pattern: RegExp; readonly text: string }
  | {
      readonly kind: 'assign'
      readonly partitions: readonly { readonly topic: string; readonly partition: number }[]
    }

/** Where a read starts or ends. Offsets use Spark's -2 (earliest) and -1 (latest). */
export type OffsetSpec =
  | { readonly kind: 'earliest' }
  | { readonly kind: 'latest' }
  | { readonly kind: 'offsets'; readonly offsets: PartitionOffsets }
  | { readonly kind: 'timestamp'; readonly timestampMs: number }
  | { readonly kind: 'timestamps'; readonly timestamps: PartitionOffsets }

export interface KafkaSourceOptions {
  readonly subscription: KafkaSubscription
  readonly starting: OffsetSpec
  /** Batch reads only. */
  readonly ending: OffsetSpec
  /** `startingOffsetsByTimestampStrategy`: `error` (default) or `latest` when no offset matches. */
  readonly timestampStrategy: 'error' | 'latest'
  readonly maxOffsetsPerTrigger: number | undefined
  readonly minOffsetsPerTrigger: number | undefined
  /** `maxTriggerDelay` in ms (default 15 minutes), with minOffsetsPerTrigger. */
  readonly maxTriggerDelayMs: number
  readonly failOnDataLoss: boolean
  readonly includeHeaders: boolean
  /** The `kafka.`-prefixed options without the prefix (lower-case keys kept as given). */
  readonly kafkaParams: Readonly<Record<string, string>>
}

/** Consumer settings Spark refuses because the source manages them itself. */
const REFUSED_KAFKA_PARAMS: Readonly<Record<string, string>> = {
  'auto.offset.reset':
    "Set the source option startingOffsets to 'earliest' or 'latest' instead: the source, not the consumer, decides where to start.",
  'key.deserializer':
    'Keys are always read as bytes (the key column is binary): cast or parse them in the query, e.g. col("key").cast("string").',
  'value.deserializer':
    'Values are always read as bytes (the value column is binary): parse them in the query, e.g. from_json(col("value").cast("string"), schema).',
  'enable.auto.commit':
    'The source commits no consumer-group offsets: its offsets are in the checkpoint, which is what makes it exactly once.',
  'interceptor.classes':
    'Consumer interceptors are not supported: the source reads exact offset ranges, and an interceptor would see records more than once.',
}

/**
 * Parses and checks the options of a Kafka read.
 * @param streaming true for readStream (startingOffsets defaults to latest, endingOffsets refused)
 */
export function parseKafkaOptions(
  raw: Readonly<Record<string, string>>,
  streaming: boolean,
): KafkaSourceOptions {
  const get = (name: string): string | undefined => {
    const key = Object.keys(raw).find((k) => k.toLowerCase() === name.toLowerCase())
    return key === undefined ? undefined : raw[key]
  }
  const kafkaParams: Record<string, string> = {}
  for (const [k, v] of Object.entries(raw)) {
    if (!k.toLowerCase().startsWith('kafka.')) continue
    const param = k.slice('kafka.'.length)
    const refusal = REFUSED_KAFKA_PARAMS[param.toLowerCase()]
    if (refusal !== undefined) throw invalid(k, v, 'is not supported by the Kafka source', refusal)
    kafkaParams[param] = v
  }
  if (kafkaParams['bootstrap.servers'] === undefined || kafkaParams['bootstrap.servers'] === '') {
    throw invalid(
      'kafka.bootstrap.servers',
      get('kafka.bootstrap.servers') ?? '(not set)',
      'must be specified',
      'Give the brokers to connect to: .option("kafka.bootstrap.servers", "host1:9092,host2:9092").',
    )
  }
  const subscription = parseSubscription(get)
  const starting = parseOffsetSpec(get, 'starting', streaming)
  const endingOption = ['endingOffsets', 'endingTimestamp', 'endingOffsetsByTimestamp'].find(
    (o) => get(o) !== undefined,
  )
  if (streaming && endingOption !== undefined) {
    const option = endingOption
    throw invalid(
      option,
      get(option) ?? '',
      'is not valid in streaming queries',
      'A stream reads until it is stopped; use a batch read (spark.read.format("kafka")) for a bounded range.',
    )
  }
  const ending = parseOffsetSpec(get, 'ending', streaming)
  const strategy = (get('startingOffsetsByTimestampStrategy') ?? 'error').toLowerCase()
  if (strategy !== 'error' && strategy !== 'latest') {
    throw invalid(
      'startingOffsetsByTimestampStrategy',
      strategy,
      'must be error or latest',
      'Use error (fail when no offset matches a timestamp) or latest (start at the latest offset).',
    )
  }
  const maxTriggerDelay = get('maxTriggerDelay') ?? '15m'
  return {
    subscription,
    starting,
    ending,
    timestampStrategy: strategy,
    maxOffsetsPerTrigger: positiveLong(get, 'maxOffsetsPerTrigger'),
    minOffsetsPerTrigger: positiveLong(get, 'minOffsetsPerTrigger'),
    maxTriggerDelayMs: durationMs('maxTriggerDelay', maxTriggerDelay),
    failOnDataLoss: bool(get, 'failOnDataLoss', true),
    includeHeaders: bool(get, 'includeHeaders', false),
    kafkaParams,
  }
}

function parseSubscription(get: (name: string) => string | undefined): KafkaSubscription {
  const given = (['subscribe', 'subscribePattern', 'assign'] as const).filter(
    (o) => get(o) !== undefined,
  )
  if (given.length !== 1) {
    throw invalid(
      given.length === 0 ? 'subscribe' : given.join(', '),
      given.length === 0 ? '(none set)' : given.map((o) => get(o)).join(' / '),
      'one of subscribe, subscribePattern or assign must be set, and only one',
      'Name the topics with subscribe ("a,b"), a regular expression with subscribePattern ("events-.*"), or exact partitions with assign (\'{"events":[0,1]}\').',
    )
  }
  const option = given[0]!
  const value = get(option)!.trim()
  if (option === 'subscribe') {
    const topics = value
      .split(',')
      .map((t) => t.trim())
      .filter((t) => t !== '')
    if (topics.length === 0)
      throw invalid(option, value, 'names no topic', 'Give topic names separated by commas.')
    return { kind: 'subscribe', topics: [...new Set(topics)] }
  }
  if (option === 'subscribePattern') {
    if (value === '')
      throw invalid(option, value, 'is empty', 'Give a regular expression, e.g. "events-.*".')
    try {
      // Java's Pattern.matcher(topic).matches(): the whole name must match.
      return { kind: 'subscribePattern', pattern: new RegExp(`^(?:${value})$`), text: value }
    } catch (e) {
      throw invalid(option, value, `is not a valid regular expression (${String(e)})`, '')
    }
  }
  let parsed: unknown
  try {
    parsed = JSON.parse(value)
  } catch {
    parsed = undefined
  }
  const partitions: { topic: string; partition: number }[] = []
  const ok =
    parsed !== null &&
    typeof parsed === 'object' &&
    !Array.isArray(parsed) &&
    Object.entries(parsed).every(
      ([, ps]) => Array.isArray(ps) && ps.every((p) => Number.isInteger(p) && (p as number) >= 0),
    )
  if (!ok || Object.keys(parsed as object).length === 0) {
    throw invalid(
      option,
      value,
      'is not a JSON object of topics to partition lists',
      'Write it as {"topicA":[0,1],"topicB":[2,4]}.',
    )
  }
  for (const [topic, ps] of Object.entries(parsed as Record<string, number[]>))
    for (const partition of ps) partitions.push({ topic, partition })
  return { kind: 'assign', partitions }
}

/**
 * startingOffsets / endingOffsets and their timestamp forms. Precedence as Spark:
 * `<x>Timestamp`, then `<x>OffsetsByTimestamp`, then `<x>Offsets`.
 */
function parseOffsetSpec(
  get: (name: string) => string | undefined,
  which: 'starting' | 'ending',
  streaming: boolean,
): OffsetSpec {
  const global = get(`${which}Timestamp`)
  if (global !== undefined) {
    const ms = Number(global)
    if (!Number.isSafeInteger(ms) || ms < 0)
      throw invalid(
        `${which}Timestamp`,
        global,
        'must be a timestamp in milliseconds since the epoch',
        'e.g. "1700000000000".',
      )
    return { kind: 'timestamp', timestampMs: ms }
  }
  const byTimestamp = get(`${which}OffsetsByTimestamp`)
  if (byTimestamp !== undefined) {
    return {
      kind: 'timestamps',
      timestamps: parsePartitionOffsets(byTimestamp, `${which}OffsetsByTimestamp`),
    }
  }
  const option = `${which}Offsets`
  const text = get(option)
  const fallback = which === 'ending' || streaming ? 'latest' : 'earliest'
  const value = (text ?? fallback).trim()
  const lower = value.toLowerCase()
  if (lower === 'earliest' || lower === 'latest') {
    if (!streaming && which === 'starting' && lower === 'latest')
      throw invalid(
        option,
        value,
        "'latest' is not valid for a batch read",
        'A batch read starts at earliest (the default) or at given offsets.',
      )
    if (which === 'ending' && lower === 'earliest')
      throw invalid(
        option,
        value,
        "'earliest' is not valid",
        'A batch read ends at latest (the default) or at given offsets.',
      )
    return { kind: lower }
  }
  const offsets = parsePartitionOffsets(value, option)
  for (const [topic, parts] of Object.entries(offsets)) {
    for (const [partition, offset] of Object.entries(parts)) {
      const bad =
        offset < -2 ||
        (which === 'ending' && offset === -2) ||
        (which === 'starting' && !streaming && offset === -1)
      if (bad)
        throw invalid(
          option,
          value,
          `has offset ${offset} for ${topic}-${partition}`,
          which === 'ending'
            ? 'An ending offset is an offset, or -1 for latest.'
            : streaming
              ? 'A starting offset is an offset, -2 for earliest or -1 for latest.'
              : 'A batch starting offset is an offset or -2 for earliest.',
        )
    }
  }
  return { kind: 'offsets', offsets }
}

function positiveLong(get: (name: string) => string | undefined, name: string): number | undefined {
  const text = get(name)
  if (text === undefined) return undefined
  const n = Number(text.trim())
  if (!Number.isSafeInteger(n) || n <= 0)
    throw invalid(name, text, 'must be a positive integer', `e.g. .option("${name}", "10000").`)
  return n
}

function bool(get: (name: string) => string | undefined, name: string, fallback: boolean): boolean {
  const text = get(name)
  if (text === undefined) return fallback
  const lower = text.trim().toLowerCase()
  if (lower === 'true') return true
  if (lower === 'false') return false
  throw invalid(name, text, 'must be true or false', '')
}

/** Spark's `Utils.timeStringAsMs` units (ms, s, m, min, h, d) and interval text. */
function durationMs(name: string, text: string): number {
  const m = /^\s*(\d+)\s*(ms|s|m|min|h|d)?\s*$/i.exec(text)
  if (m) {
    const unit = (m[2] ?? 'ms').toLowerCase()
    const scale: Record<string, number> = {
      ms: 1,
      s: 1000,
      m: 60_000,
      min: 60_000,
      h: 3_600_000,
      d: 86_400_000,
    }
    return Number(m[1]) * scale[unit]!
  }
  try {
    return delayMillis(text)
  } catch {
    throw invalid(name, text, 'is not a duration', 'e.g. "15m", "30s" or "500ms".')
  }
}

function invalid(option: string, value: string, problem: string, hint: string): EngineError {
  return new EngineError(
    'SL_SOURCE_INVALID_OPTION',
    { option, format: 'kafka', problem, value, hint },
    { option },
  )
}
