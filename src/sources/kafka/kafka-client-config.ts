/**
 * The `kafka.*` options (Java consumer/producer names, as Spark passes them to its client) as
 * settings of the JavaScript client: brokers, client id, TLS, SASL and timeouts. A setting the
 * JavaScript client has no equivalent for is reported once as a warning, never silently dropped.
 */
import { readFileSync } from 'node:fs'
import { EngineError } from '../../errors/index.js'

/** What kafka-client.ts needs to connect. */
export interface KafkaClientConfig {
  readonly brokers: readonly string[]
  readonly clientId: string
  readonly tls:
    | {
        readonly ca?: string
        readonly cert?: string
        readonly key?: string
        readonly checkServerIdentity?: () => undefined
      }
    | undefined
  readonly sasl:
    | {
        readonly mechanism: 'PLAIN' | 'SCRAM-SHA-256' | 'SCRAM-SHA-512'
        readonly username: string
        readonly password: string
      }
    | undefined
  readonly requestTimeoutMs: number
  /**
   * How long a read keeps retrying while the brokers cannot be reached (the Java consumer's
   * default.api.timeout.ms, 60 s by default) before the query fails.
   */
  readonly apiTimeoutMs: number
  /** 0 read_uncommitted (the Java consumer's default), 1 read_committed. */
  readonly isolationLevel: 0 | 1
  /** Verify each record batch's CRC-32C (the Java consumer's check.crcs, true by default). */
  readonly checkCrcs: boolean
  readonly maxBytesPerPartition: number
  readonly maxWaitMs: number
}

/** Java client settings that have no meaning here (the source manages them) and pass quietly. */
const ACCEPTED_WITHOUT_EFFECT = new Set([
  'group.id',
  'session.timeout.ms',
  'heartbeat.interval.ms',
  'max.poll.records',
  'max.poll.interval.ms',
  'retries',
  'retry.backoff.ms',
  'reconnect.backoff.ms',
  'metadata.max.age.ms',
  'receive.buffer.bytes',
  'send.buffer.bytes',
  'fetch.min.bytes',
  'fetch.max.bytes',
  'ssl.truststore.type',
  'ssl.keystore.type',
  'security.protocol',
])
const warned = new Set<string>()

export function kafkaClientConfig(params: Readonly<Record<string, string>>): KafkaClientConfig {
  const get = (name: string): string | undefined => params[name]
  const brokers = (get('bootstrap.servers') ?? '')
    .split(',')
    .map((b) => b.trim())
    .filter((b) => b !== '')
  const protocol = (get('security.protocol') ?? 'PLAINTEXT').toUpperCase()
  if (!['PLAINTEXT', 'SSL', 'SASL_PLAINTEXT', 'SASL_SSL'].includes(protocol)) {
    throw invalid(
      'kafka.security.protocol',
      protocol,
      'is not one of PLAINTEXT, SSL, SASL_PLAINTEXT, SASL_SSL',
    )
  }
  const pem = (option: string): string | undefined => {
    const path = get(option)
    if (path === undefined) return undefined
    let text: string
    try {
      text = readFileSync(path, 'utf8')
    } catch (e) {
      throw invalid(`kafka.${option}`, path, `cannot be read (${(e as Error).message})`)
    }
    if (!text.includes('-----BEGIN '))
      throw invalid(
        `kafka.${option}`,
        path,
        'is not a PEM file (a JKS or PKCS12 store? convert it: openssl pkcs12 -in store.p12 -nodes -out store.pem, or keytool -importkeystore to PKCS12 first)',
      )
    return text
  }
  for (const option of ['ssl.truststore.type', 'ssl.keystore.type']) {
    const type = get(option)
    if (protocol.endsWith('SSL') && type !== undefined && type.toUpperCase() !== 'PEM')
      throw invalid(
        `kafka.${option}`,
        type,
        'is not supported: only PEM stores are read (convert the store to PEM and set PEM)',
      )
  }
  // Java's PEM keystore holds the private key and the certificate chain in one file.
  const keystore = protocol.endsWith('SSL')
    ? (pem('ssl.keystore.location') ?? pem('ssl.certificate.location'))
    : undefined
  const tls = protocol.endsWith('SSL')
    ? {
        ...optional('ca', pem('ssl.truststore.location') ?? pem('ssl.ca.location')),
        ...optional('cert', keystore),
        ...optional(
          'key',
          pem('ssl.key.location') ??
            (keystore?.includes('PRIVATE KEY-----') ? keystore : undefined),
        ),
        // Java's ssl.endpoint.identification.algorithm="" turns host name checking off.
        ...(get('ssl.endpoint.identification.algorithm') === ''
          ? { checkServerIdentity: () => undefined }
          : {}),
      }
    : undefined
  let sasl: KafkaClientConfig['sasl']
  if (protocol.startsWith('SASL')) {
    const mechanism = (get('sasl.mechanism') ?? 'GSSAPI').toUpperCase()
    if (mechanism !== 'PLAIN' && mechanism !== 'SCRAM-SHA-256' && mechanism !== 'SCRAM-SHA-512') {
      throw invalid(
        'kafka.sasl.mechanism',
        mechanism,
        'is not supported (PLAIN, SCRAM-SHA-256 and SCRAM-SHA-512 are)',
      )
    }
    const jaas = get('sasl.jaas.config') ?? ''
    const field = (name: string): string | undefined =>
      new RegExp(`${name}\\s*=\\s*"((?:[^"\\\\]|\\\\.)*)"`).exec(jaas)?.[1]
    const username = field('username')
    const password = field('password')
    if (username === undefined || password === undefined) {
      throw invalid(
        'kafka.sasl.jaas.config',
        jaas === '' ? '(not set)' : '(hidden)',
        'must give username="…" and password="…"',
      )
    }
    sasl = { mechanism, username, password }
  }
  const isolation = (get('isolation.level') ?? 'read_uncommitted').toLowerCase()
  if (isolation !== 'read_uncommitted' && isolation !== 'read_committed')
    throw invalid('kafka.isolation.level', isolation, 'is not read_uncommitted or read_committed')
  const checkCrcs = (get('check.crcs') ?? 'true').toLowerCase()
  if (checkCrcs !== 'true' && checkCrcs !== 'false')
    throw invalid('kafka.check.crcs', checkCrcs, 'is not true or false')
  const known = new Set([
    'check.crcs',
    'bootstrap.servers',
    'client.id',
    'sasl.mechanism',
    'sasl.jaas.config',
    'ssl.truststore.location',
    'ssl.ca.location',
    'ssl.keystore.location',
    'ssl.certificate.location',
    'ssl.key.location',
    'ssl.endpoint.identification.algorithm',
    'request.timeout.ms',
    'default.api.timeout.ms',
    'isolation.level',
    'max.partition.fetch.bytes',
    'fetch.max.wait.ms',
  ])
  for (const key of Object.keys(params)) {
    if (known.has(key) || ACCEPTED_WITHOUT_EFFECT.has(key) || warned.has(key)) continue
    warned.add(key)
    process.emitWarning(
      `Kafka option kafka.${key} has no equivalent in streamlake's Kafka client and is ignored.`,
      { code: 'STREAMLAKE_KAFKA_OPTION' },
    )
  }
  return {
    brokers,
    clientId: get('client.id') ?? 'streamlake',
    tls,
    sasl,
    requestTimeoutMs: positive(get, 'request.timeout.ms', 30_000),
    apiTimeoutMs: positive(get, 'default.api.timeout.ms', 60_000),
    isolationLevel: isolation === 'read_committed' ? 1 : 0,
    checkCrcs: checkCrcs === 'true',
    // 1 MiB, the Java consumer's default (so Spark's). Larger costs time here: the client library
    // looks up every field of a response by walking its list of socket chunks from the start,
    // so decoding grows with the square of the response size (8 MiB: readVarInt was 16 % of
    // the Kafka bench's CPU; 1 MiB: 3 %, throughput +50 %).
    maxBytesPerPartition: positive(get, 'max.partition.fetch.bytes', 1024 * 1024),
    maxWaitMs: positive(get, 'fetch.max.wait.ms', 500),
  }
}

function optional<K extends string, V>(key: K, value: V | undefined): { [P in K]?: V } {
  return (value === undefined ? {} : { [key]: value }) as { [P in K]?: V }
}

function positive(
  get: (name: string) => string | undefined,
  name: string,
  fallback: number,
): number {
  const text = get(name)
  if (text === undefined) return fallback
  const n = Number(text)
  if (!Number.isSafeInteger(n) || n <= 0)
    throw invalid(`kafka.${name}`, text, 'must be a positive integer')
  return n
}

function invalid(option: string, value: string, problem: string): EngineError {
  return new EngineError(
    'SL_SOURCE_INVALID_OPTION',
    {
      option,
      format: 'kafka',
      problem,
      value,
      hint: 'See docs/kafka.md for the kafka.* options streamlake reads.',
    },
    { option },
  )
}
