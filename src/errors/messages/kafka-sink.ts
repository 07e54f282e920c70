import { defineMessages } from './catalogue-entry.js'

/**
 * The Kafka sink (src/sinks/kafka): the columns Spark's KafkaWriter requires, the broker, and the
 * transactions of the exactly-once mode.
 */
export const KAFKA_SINK_MESSAGES = defineMessages({
  SL_SINK_KAFKA_COLUMN_TYPE: {
    domain: 'user',
    retryable: false,
    template:
      'The Kafka sink cannot write column <column>: <problem> (the query gives <type>). Cast it, e.g. .select(col("<column>").cast("string")), or rename the column if it is not meant for Kafka.',
  },
  SL_SINK_KAFKA_FENCED: {
    domain: 'user',
    retryable: false,
    template:
      'Another producer with the transactional id <transactionalId> took over, so this query may no longer write to Kafka (<problem>). Two runs of the same query (same checkpoint) were writing at once; stop the other one and restart this query from its checkpoint.',
  },
  SL_SINK_KAFKA_NULL_TOPIC: {
    domain: 'user',
    retryable: false,
    template:
      'Batch <batch> has a row whose topic column is null: the Kafka sink does not know where to write it. Filter such rows out, or set the topic option for setting a topic.',
  },
  SL_SINK_KAFKA_SAVE_MODE: {
    domain: 'user',
    retryable: false,
    template:
      "Save mode <mode> not allowed for Kafka: a topic cannot be replaced, and Kafka cannot tell whether it already holds these rows. Use .mode('append') or the default (errorifexists); both add the rows to the topic.",
  },
  SL_SINK_KAFKA_TOPIC_MISSING: {
    domain: 'user',
    retryable: false,
    template:
      "The Kafka sink needs a topic: the query has no 'topic' column and the topic option is not set (columns: <columns>). Add .option('topic', 'events'), or a string column named topic.",
  },
  SL_SINK_KAFKA_VALUE_MISSING: {
    domain: 'user',
    retryable: false,
    template:
      "Required attribute 'value' not found: the Kafka sink writes the column named value (string or binary), and the query has <columns>. Select one, e.g. .select(to_json(struct('*')).alias('value')).",
  },
  SL_SINK_KAFKA_WRITE_FAILED: {
    domain: 'external',
    retryable: true,
    template:
      'Writing batch <batch> to Kafka (<brokers>) failed: <problem>. The batch was not committed; check that the brokers run and the topics exist, then restart the query: it writes the batch again (<guarantee>).',
  },
})
