import { defineMessages } from './catalogue-entry.js'

/** The Kafka source (src/sources/kafka): the broker, the client library, offsets and lost data. */
export const KAFKA_MESSAGES = defineMessages({
  SL_SOURCE_KAFKA_AUTHENTICATION_FAILED: {
    domain: 'user',
    retryable: false,
    template:
      'The Kafka brokers <brokers> refused the credentials (<operation>): <problem>. Check kafka.security.protocol, kafka.sasl.mechanism and the username and password in kafka.sasl.jaas.config (and that the user exists on the brokers); a retry with the same credentials cannot succeed.',
  },
  SL_SOURCE_KAFKA_BROKER_UNAVAILABLE: {
    domain: 'external',
    retryable: true,
    template:
      'Cannot reach the Kafka brokers <brokers> (<operation>): <problem>. Check kafka.bootstrap.servers and that the brokers run and accept connections from this machine (scripts/kafka-broker.sh start runs a local one). A query that stopped here restarts exactly once from its checkpoint.',
  },
  SL_SOURCE_KAFKA_CLIENT_MISSING: {
    domain: 'user',
    retryable: false,
    template:
      "The kafka format needs the optional package @platformatic/kafka, which is not installed (<reason>). Run npm install @platformatic/kafka@^1.35.0 in your project, then run the query again; streamlake's other formats do not need it.",
  },
  SL_SOURCE_KAFKA_CORRUPT_RECORD: {
    domain: 'external',
    retryable: false,
    template:
      "The record batch of <partition> at offset <offset> is corrupt: it stores CRC-32C <stored>, its bytes have <computed>. The broker's copy of the log is damaged, or something between the broker and this process changed the bytes; Java's consumer (so Spark) stops here too. Check the broker's log segment (kafka-dump-log.sh --files <segment>.log --deep-iteration prints each batch's crc and isValid) and any proxy in between; kafka.check.crcs=false reads the batch unchecked, as Java's consumer does with that setting.",
  },
  SL_SOURCE_KAFKA_DATA_LOSS: {
    domain: 'user',
    retryable: false,
    template:
      'Data in Kafka was lost before this query read it: <problem> (failOnDataLoss=true). This happens when retention deleted records the query had not read yet, or a topic was deleted. Set .option("failOnDataLoss", "false") to skip what is gone and go on (the query reports what it skipped), or restore the data.',
  },
  SL_SOURCE_KAFKA_NO_OFFSET_FOR_TIMESTAMP: {
    domain: 'user',
    retryable: false,
    template:
      'No offset in <partition> has a record at or after timestamp <timestamp> (option <option>). Choose an earlier timestamp, or set startingOffsetsByTimestampStrategy=latest to start at the latest offset where none matches.',
  },
  SL_SOURCE_KAFKA_OFFSET_OUT_OF_RANGE: {
    domain: 'user',
    retryable: false,
    template:
      'The resolved <which> offset <offset> of <partition> is outside the offsets Kafka holds (<earliest> to <latest>). <hint>',
  },
  SL_SOURCE_KAFKA_RECORD_FORMAT: {
    domain: 'external',
    retryable: false,
    template:
      'A Kafka fetch returned <problem>. streamlake reads record batch format 2 (Kafka 0.11 and later; the only one Kafka 4 brokers store) compressed with none, gzip, snappy or lz4 (zstd needs Node 22.15 or later). Rewrite the topic with a current producer, or produce with a supported compression.type.',
  },
  SL_SOURCE_KAFKA_TLS_FAILED: {
    domain: 'user',
    retryable: false,
    template:
      "The TLS connection to the Kafka brokers <brokers> failed (<operation>): <problem>. If the brokers' certificate is signed by your own CA, give it as kafka.ssl.truststore.location (a PEM file, kafka.ssl.truststore.type=PEM); check that kafka.bootstrap.servers names a host the certificate is for.",
  },
  SL_SOURCE_KAFKA_UNKNOWN_PARTITION: {
    domain: 'user',
    retryable: false,
    template:
      '<partition> named in option <option> does not exist on the brokers <brokers>. Check the topic and partition numbers (the topic has <count> partition(s)).',
  },
})
